import type { NextFunction, Request, Response } from 'express';
import { AppError } from '../../domain/errors.ts';
import { ENROL_PAGE } from '../../app/second-factor-paths.ts';
import { sendError } from './errors.ts';

/** What an account that must enrol a second factor may still reach. */
const OPEN_PAGES = new Set([ENROL_PAGE, '/dang-xuat', '/ngon-ngu', '/__manifest']);
const OPEN_API =
  /^\/api\/v1\/(auth\/(logout|me|change-password|login(\/.*)?|second-factor(\/.*)?|sessions(\/.*)?)|openapi\.json)$/;

/**
 * A signed-in user whose role requires a second factor they have not enrolled can do
 * nothing else until they have: pages send them to the enrolment on their account page,
 * the API answers 403 `second_factor_enrolment_required`.
 */
export function secondFactorGate(req: Request, res: Response, next: NextFunction): void {
  if (!res.locals.mustEnrolSecondFactor) return next();
  const path = req.path.replace(/\.data$/, '').replace(/\/$/, '') || '/';
  if (OPEN_PAGES.has(path) || OPEN_API.test(req.path)) return next();
  if (req.path.startsWith('/api/')) {
    sendError(req, res, new AppError('second_factor_enrolment_required'));
    return;
  }
  const to = `${ENROL_PAGE}?batbuoc=1`;
  if (req.path.endsWith('.data')) {
    // A page's data asked by React Router in the browser: its way of being told to go
    // elsewhere (a 204 with X-Remix-Redirect), loading the enrolment page afresh.
    res.status(204);
    res.setHeader('X-Remix-Redirect', to);
    res.setHeader('X-Remix-Status', '303');
    res.setHeader('X-Remix-Reload-Document', 'true');
    res.end();
    return;
  }
  // A page, or a form sent without script: the action does not run.
  res.redirect(303, to);
}
