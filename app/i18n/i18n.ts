import { createInstance, type i18n, type TFunction } from 'i18next';
import type { Language } from '../../protocol/common.ts';
import { en } from './en.ts';
import { vi, type Messages } from './vi.ts';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Messages };
  }
}

export const DEFAULT_LANGUAGE: Language = 'vi';

function createI18n(lng: Language): i18n {
  const instance = createInstance({
    lng,
    fallbackLng: 'vi',
    resources: { vi: { translation: vi }, en: { translation: en } },
    // React escapes what it renders; API messages are JSON.
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  void instance.init();
  return instance;
}

// Messages never change at run time: one instance per language serves every request.
const instances: Partial<Record<Language, i18n>> = {};

export function getI18n(lang: Language): i18n {
  return (instances[lang] ??= createI18n(lang));
}

export function getT(lang: Language): TFunction {
  return getI18n(lang).t;
}

export function isLanguage(value: unknown): value is Language {
  return value === 'vi' || value === 'en';
}
