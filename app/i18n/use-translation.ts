import type { i18n as I18n, TFunction } from 'i18next';
import { useContext } from 'react';
import { I18nContext } from 'react-i18next';
import { DEFAULT_LANGUAGE, getI18n } from './i18n.ts';

interface Translation {
  t: TFunction;
  i18n: I18n;
}

const byInstance = new WeakMap<I18n, Translation>();

/**
 * The messages of the language the page is rendered in (the instance I18nextProvider
 * gives). Used instead of react-i18next's hook, which copies the whole i18next instance
 * for every component on every server render (a tenth of an uncached page's CPU with
 * `t`'s own lookups). The instances never change language and their messages never change
 * at run time (app/i18n/i18n.ts), so `t` is one function per instance, and a message
 * asked for by its key alone is looked up once.
 */
export function useTranslation(): Translation {
  const fromContext = (useContext(I18nContext) as { i18n?: I18n } | undefined)?.i18n;
  const instance = fromContext ?? getI18n(DEFAULT_LANGUAGE);
  let found = byInstance.get(instance);
  if (!found) {
    const plain = new Map<string, unknown>();
    const t = ((key: unknown, ...rest: unknown[]) => {
      if (rest.length || typeof key !== 'string')
        return (instance.t as unknown as (...args: unknown[]) => unknown)(key, ...rest);
      if (plain.has(key)) return plain.get(key);
      const message: unknown = instance.t(key as never);
      // Only keys the messages have are kept (a missing one comes back as itself): keys
      // built from data cannot grow the map.
      if (message !== key) plain.set(key, message);
      return message;
    }) as unknown as TFunction;
    found = { t, i18n: instance };
    byInstance.set(instance, found);
  }
  return found;
}
