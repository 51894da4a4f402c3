import express, { type Request, type Response } from 'express';
import type { Database } from '../../db/database.ts';
import { requireAdmin, requireUser } from '../../domain/auth/policies.ts';
import { AppError } from '../../domain/errors.ts';
import { parseInput } from '../../domain/validation.ts';
import type { CookieWriter } from '../http/cookies.ts';
import { JSON_BODY_LIMIT, sendError } from '../http/errors.ts';
import { buildOpenApi } from './openapi.ts';
import type { ApiRoute } from './route.ts';

const jsonParser = express.json({ limit: JSON_BODY_LIMIT, strict: true });

function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (!!length && length !== '0');
}

function readJson(req: Request, res: Response): Promise<void> {
  return new Promise((resolve, reject) =>
    jsonParser(req, res, (err?: unknown) => (err ? reject(err) : resolve())),
  );
}

export function apiRouter(
  routes: readonly ApiRoute[],
  deps: { db: Database; secret: string; cookies: CookieWriter; version: string },
) {
  const router = express.Router();
  const openapi = buildOpenApi(routes, deps.version);
  router.get('/openapi.json', (_req, res) => {
    res.json(openapi);
  });

  for (const route of routes) {
    router[route.method](route.path, async (req, res) => {
      // Who may call comes before what they sent; the use case checks again.
      if (route.access === 'signed-in') requireUser(res.locals.actor);
      if (route.access === 'admin') requireAdmin(res.locals.actor);
      if (!route.body && hasBody(req)) throw new AppError('unexpected_body');
      if (route.body) {
        if (hasBody(req) && !req.is('application/json')) {
          throw new AppError('unsupported_media_type');
        }
        await readJson(req, res);
      }
      const result = await route.handler({
        db: deps.db,
        actor: res.locals.actor,
        sessionId: res.locals.sessionId,
        lang: res.locals.lang,
        ip: req.ip ?? '',
        userAgent: req.headers['user-agent'],
        secret: deps.secret,
        cookies: deps.cookies,
        setCookie: (value) => res.append('Set-Cookie', value),
        body: route.body ? parseInput(route.body, req.body) : undefined,
        query: route.query ? parseInput(route.query, req.query) : undefined,
        params: route.params ? parseInput(route.params, req.params) : undefined,
      });
      res.setHeader('Cache-Control', 'no-store');
      if (route.status === 204) res.status(204).end();
      else res.status(route.status ?? 200).json(result);
    });
  }

  router.use((_req, _res) => {
    throw new AppError('not_found');
  });
  router.use((err: unknown, req: Request, res: Response, _next: express.NextFunction) => {
    sendError(req, res, err);
  });
  return router;
}
