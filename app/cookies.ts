import { parse, serialize } from 'cookie';
import type { Language } from '../protocol/common.ts';

export const SESSION_COOKIE = 'dt_session';
export const LANG_COOKIE = 'dt_lang';
/** The second step of a sign-in (password right, code still to give). */
export const CHALLENGE_COOKIE = 'dt_2fa';

export function readCookies(header: string | undefined): Record<string, string | undefined> {
  return header ? parse(header) : {};
}

/** Set-Cookie values; `secure` when the site is served over HTTPS. */
export function cookieWriter(secure: boolean) {
  const base = { path: '/', sameSite: 'lax', secure } as const;
  return {
    session: (token: string, expires: Date) =>
      serialize(SESSION_COOKIE, token, { ...base, httpOnly: true, expires }),
    clearSession: () =>
      serialize(SESSION_COOKIE, '', { ...base, httpOnly: true, expires: new Date(0) }),
    challenge: (token: string, expires: Date) =>
      serialize(CHALLENGE_COOKIE, token, { ...base, httpOnly: true, expires }),
    clearChallenge: () =>
      serialize(CHALLENGE_COOKIE, '', { ...base, httpOnly: true, expires: new Date(0) }),
    lang: (lang: Language) => serialize(LANG_COOKIE, lang, { ...base, maxAge: 365 * 24 * 3600 }),
  };
}
export type CookieWriter = ReturnType<typeof cookieWriter>;
