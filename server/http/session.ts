import type { NextFunction, Request, Response } from 'express';
import type { Database } from '../../db/database.ts';
import { resolveSession } from '../../domain/auth/sessions.ts';
import { isLanguage } from '../../app/i18n/i18n.ts';
import type { Language } from '../../protocol/common.ts';
import { CHALLENGE_COOKIE, LANG_COOKIE, SESSION_COOKIE, readCookies } from '../../app/cookies.ts';

function fromAcceptLanguage(header: string | undefined): Language | null {
  if (!header) return null;
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.find((p) => p.trim().startsWith('q='));
      return { lang: tag.trim().slice(0, 2).toLowerCase(), q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .filter((x) => isLanguage(x.lang) && x.q > 0)
    .sort((a, b) => b.q - a.q);
  return (ranked[0]?.lang as Language | undefined) ?? null;
}

/**
 * Resolves who is asking and in which language: the account's language, else the
 * remembered choice (cookie), else — for API callers only — Accept-Language, else vi.
 */
export function sessionMiddleware(deps: { db: Database; secret: string }) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const cookies = readCookies(req.headers.cookie);
    const token = cookies[SESSION_COOKIE];
    const session = token
      ? await resolveSession({ db: deps.db, token, secret: deps.secret })
      : null;
    res.locals.actor = session?.actor ?? null;
    res.locals.sessionId = session?.sessionId ?? null;
    res.locals.mustEnrolSecondFactor = session?.mustEnrolSecondFactor ?? false;
    res.locals.challengeToken = cookies[CHALLENGE_COOKIE];
    const cookieLang = cookies[LANG_COOKIE];
    res.locals.lang =
      session?.actor.language ??
      (isLanguage(cookieLang) ? cookieLang : null) ??
      (req.path.startsWith('/api/') ? fromAcceptLanguage(req.headers['accept-language']) : null) ??
      'vi';
    next();
  };
}
