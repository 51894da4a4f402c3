import express, { type Request, type Response } from 'express';
import multer from 'multer';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { Database } from '../../db/database.ts';
import { requireAdmin, requireUser } from '../../domain/auth/policies.ts';
import { AppError } from '../../domain/errors.ts';
import type { SearchLimiter } from '../../domain/news/search.ts';
import type { RecordServices } from '../../domain/reports/record-services.ts';
import { parseInput } from '../../domain/validation.ts';
import type { CookieWriter } from '../../app/cookies.ts';
import { JSON_BODY_LIMIT, sendError } from '../http/errors.ts';
import { buildOpenApi } from './openapi.ts';
import { FileResponse, type ApiRoute } from './route.ts';
import type { Metrics } from '../metrics/metrics.ts';
import { setRoute } from '../metrics/route-label.ts';

const jsonParser = express.json({ limit: JSON_BODY_LIMIT, strict: true });
const jsonParsers = new Map<number, ReturnType<typeof express.json>>();
/** The JSON parser for a route's own body limit. */
function jsonParserFor(limit: number | undefined) {
  if (!limit) return jsonParser;
  let parser = jsonParsers.get(limit);
  if (!parser) jsonParsers.set(limit, (parser = express.json({ limit, strict: true })));
  return parser;
}

function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (!!length && length !== '0');
}

function run(
  middleware: (req: Request, res: Response, next: (err?: unknown) => void) => void,
  req: Request,
  res: Response,
): Promise<void> {
  return new Promise((resolve, reject) =>
    middleware(req, res, (err?: unknown) => (err ? reject(err) : resolve())),
  );
}

/** Form fields arrive as strings; an empty one means "not given". */
function formFields(body: Record<string, unknown> | undefined, fileField: string) {
  const out: Record<string, unknown> = {};
  // A file part without a file name arrives as text: it is still the (missing) file.
  for (const [k, v] of Object.entries(body ?? {})) if (v !== '' && k !== fileField) out[k] = v;
  return out;
}

/** `attachment; filename=…` safe for any name, with the UTF-8 name for modern clients. */
export function contentDisposition(kind: 'attachment' | 'inline', name: string): string {
  const ascii =
    name
      .replace(/đ/g, 'd')
      .replace(/Đ/g, 'D')
      .normalize('NFD')
      .replace(/[^\x20-\x7e]/g, '')
      .replace(/["\\]/g, '') || 'tep';
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

function logOf(req: Request): Logger | undefined {
  return (req as Request & { log?: Logger }).log;
}

/** A zod issue as it may be logged: where and what, never the value (zod keeps no input). */
function issueSummary(issue: z.core.$ZodIssue): unknown {
  return {
    code: issue.code,
    path: issue.path.map(String),
    message: issue.message,
    ...(issue.code === 'invalid_union'
      ? { errors: issue.errors.map((list) => list.map(issueSummary)) }
      : {}),
  };
}

/**
 * A handler's result as the client receives it: serialised (dates become ISO strings) and
 * parsed with the operation's `response`, which drops every field it does not declare. A
 * result that does not match is a server bug: logged with the issues, answered 500.
 */
function declared(route: ApiRoute, result: unknown, req: Request): unknown {
  if (!route.response) throw new Error(`${route.operationId}: no response schema`);
  const json: unknown = result === undefined ? undefined : JSON.parse(JSON.stringify(result));
  const parsed = route.response.safeParse(json);
  if (parsed.success) return parsed.data;
  logOf(req)?.error(
    { operationId: route.operationId, issues: parsed.error.issues.map(issueSummary) },
    'response does not match its schema',
  );
  throw new Error(`${route.operationId}: the response does not match its schema`);
}

export function apiRouter(
  routes: readonly ApiRoute[],
  deps: {
    db: Database;
    secret: string;
    cookies: CookieWriter;
    version: string;
    turn?: { urls: string[]; secret: string } | null;
    searchLimiter: SearchLimiter;
    records: RecordServices;
    metrics?: Pick<Metrics, 'command'> | null;
  },
) {
  const router = express.Router();
  const openapi = buildOpenApi(routes, deps.version);
  router.get('/openapi.json', (req, res) => {
    setRoute(res, `${req.baseUrl}/openapi.json`);
    res.json(openapi);
  });

  for (const route of routes) {
    const upload = route.upload
      ? multer({
          storage: multer.memoryStorage(),
          // Browsers send file names as UTF-8 (`báo cáo.pdf`), not latin1.
          defParamCharset: 'utf8',
          limits: {
            fileSize: route.upload.maxBytes,
            files: route.upload.maxFiles ?? 1,
            fields: 30,
            fieldSize: 64 * 1024,
          },
        }).array(route.upload.field, route.upload.maxFiles ?? 1)
      : null;

    router[route.method](route.path, async (req, res) => {
      // The metrics' route label: the pattern, never the address.
      setRoute(res, `${req.baseUrl}${route.path}`);
      // Who may call comes before what they sent; the use case checks again.
      if (route.access === 'signed-in') requireUser(res.locals.actor);
      if (route.access === 'admin') requireAdmin(res.locals.actor);
      if (!route.body && !route.upload && hasBody(req)) {
        // An empty JSON object is no content (what a client sends to every POST alike).
        if (!req.is('application/json')) throw new AppError('unexpected_body');
        await run(jsonParserFor(route.bodyLimit), req, res);
        const sent: unknown = req.body;
        if (!sent || typeof sent !== 'object' || Object.keys(sent).length) {
          throw new AppError('unexpected_body');
        }
      }
      let body: unknown;
      if (upload && !req.is('application/json')) {
        if (!req.is('multipart/form-data')) throw new AppError('unsupported_media_type');
        try {
          await run(upload, req, res);
        } catch (err) {
          const code = (err as { code?: string }).code;
          if (code === 'LIMIT_FILE_COUNT' || code === 'LIMIT_UNEXPECTED_FILE') {
            throw new AppError('validation', {
              fields: { [route.upload!.field]: 'errors.too_many_files' },
              params: { max: route.upload!.maxFiles ?? 1 },
            });
          }
          if (code === 'LIMIT_FILE_SIZE') {
            throw new AppError('file_too_large', {
              fields: { [route.upload!.field]: 'errors.file_too_large' },
              params: { limit: `${Math.round(route.upload!.maxBytes / 1024 / 1024)} MB` },
            });
          }
          // Anything else from the multipart parser is a malformed upload.
          throw new AppError('validation', {
            fields: { _: 'errors.malformed_upload' },
            cause: err,
          });
        }
        body = formFields(req.body as Record<string, unknown>, route.upload!.field);
      } else if (route.body) {
        // A JSON body (an upload route also takes JSON, without files).
        if (hasBody(req) && !req.is('application/json')) {
          throw new AppError('unsupported_media_type');
        }
        await run(jsonParserFor(route.bodyLimit), req, res);
        // No body at all reads as `{}`: the schema then says which field is missing.
        body = hasBody(req) ? req.body : {};
      }
      const uploads = ((req.files as Express.Multer.File[] | undefined) ?? []).map((f) => ({
        name: f.originalname,
        data: f.buffer,
      }));
      const result = await route.handler({
        db: deps.db,
        actor: res.locals.actor,
        sessionId: res.locals.sessionId,
        challengeToken: res.locals.challengeToken,
        lang: res.locals.lang,
        ip: req.ip ?? '',
        userAgent: req.headers['user-agent'],
        secret: deps.secret,
        turn: deps.turn ?? null,
        searchLimiter: deps.searchLimiter,
        records: deps.records,
        metrics: deps.metrics ?? null,
        cookies: deps.cookies,
        setCookie: (value) => res.append('Set-Cookie', value),
        files: uploads,
        file: uploads[0],
        body: route.body ? parseInput(route.body, body) : undefined,
        query: route.query ? parseInput(route.query, req.query) : undefined,
        params: route.params ? parseInput(route.params, req.params) : undefined,
      });
      res.setHeader('Cache-Control', 'no-store');
      if (result instanceof FileResponse) {
        if (!route.produces?.includes(result.file.mime)) {
          // Sent all the same (a download must not fail on it), but the document is wrong.
          logOf(req)?.error(
            { operationId: route.operationId, mime: result.file.mime },
            "file type missing from the operation's produces",
          );
        }
        res.setHeader('Content-Type', result.file.mime);
        res.setHeader(
          'Content-Disposition',
          contentDisposition(result.disposition, result.file.name),
        );
        res.setHeader('X-Content-Type-Options', 'nosniff');
        res.status(200).end(result.file.data);
      } else if (route.status === 204) res.status(204).end();
      else res.status(route.status ?? 200).json(declared(route, result, req));
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
