import type { z } from 'zod';
import type { Database } from '../../db/database.ts';
import type { Actor } from '../../domain/auth/policies.ts';
import type { SearchLimiter } from '../../domain/news/search.ts';
import type { RecordServices } from '../../domain/reports/record-services.ts';
import type { Language } from '../../protocol/common.ts';
import type { ErrorCode } from '../../protocol/errors.ts';
import type { UploadedFile } from '../../domain/files/stored-files.ts';
import type { CookieWriter } from '../../app/cookies.ts';
import type { Metrics } from '../metrics/metrics.ts';

/** What an API handler may use of the request, besides its parsed input. */
export interface ApiContext {
  db: Database;
  actor: Actor | null;
  sessionId: string | null;
  /** The token of a sign-in waiting for its second factor (cookie `dt_2fa`). */
  challengeToken: string | undefined;
  lang: Language;
  ip: string;
  userAgent: string | undefined;
  secret: string;
  /** TURN servers for media grants (null: none configured). */
  turn: { urls: string[]; secret: string } | null;
  /** This instance's limit on searches running at once. */
  searchLimiter: SearchLimiter;
  /** What the conference record's files and news draft need (server/app.ts). */
  records: RecordServices;
  /** Live commands counted for /metrics (null: not measured). */
  metrics: Pick<Metrics, 'command'> | null;
  cookies: CookieWriter;
  setCookie(value: string): void;
  /** The uploaded file of a multipart route (the first one). */
  file: UploadedFile | undefined;
  /** Every uploaded file of a multipart route. */
  files: UploadedFile[];
}

/** A handler's answer that is a file download rather than JSON. */
export class FileResponse {
  constructor(
    readonly file: { name: string; mime: string; data: Buffer },
    readonly disposition: 'attachment' | 'inline' = 'attachment',
  ) {}
}

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

/**
 * What a handler may return for a response schema that reads `T`: the same, except that
 * where a string is read a Date may stand (JSON sends it as its ISO string).
 */
export type Sendable<T> = T extends string
  ? string extends T
    ? string | Date
    : T
  : T extends readonly (infer U)[]
    ? readonly Sendable<U>[]
    : T extends object
      ? { [K in keyof T]: Sendable<T[K]> }
      : T;

type Handler<B, Q, P, R> = (
  ctx: ApiContext & { body: Out<B>; query: Out<Q>; params: Out<P> },
) => Promise<R>;

interface RouteBase<B, Q, P> {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Express-style path below /api/v1, e.g. `/users/:id`. */
  path: string;
  operationId: string;
  summary: string;
  tag: string;
  /** Who may call it (documentation; the domain use case enforces it). */
  access: 'public' | 'signed-in' | 'admin';
  body?: B;
  /** A JSON body larger than the default 100 KB (an article's body), in bytes. */
  bodyLimit?: number;
  /** A multipart/form-data upload: the file's field and size limit; `body` holds the other fields. */
  upload?: { field: string; maxBytes: number; accept: string; maxFiles?: number };
  query?: Q;
  params?: P;
  errors?: ErrorCode[];
}

/**
 * An operation answering JSON: `response` says what the caller receives. The handler's
 * result is serialised and parsed with it, so undeclared fields never leave the server.
 */
export interface JsonRoute<B, Q, P, R extends z.ZodType = z.ZodType> extends RouteBase<B, Q, P> {
  response: R;
  produces?: never;
  /** Success status. */
  status?: 200 | 201;
  handler: Handler<B, Q, P, Sendable<z.input<R>>>;
}

/** An operation answering a file (a FileResponse) of one of the `produces` media types. */
export interface FileRoute<B, Q, P> extends RouteBase<B, Q, P> {
  /** Every media type the file may have (`text/csv; charset=utf-8`, …). */
  produces: readonly [string, ...string[]];
  response?: never;
  status?: 200;
  handler: Handler<B, Q, P, FileResponse>;
}

/** An operation answering 204 without a body. */
export interface EmptyRoute<B, Q, P> extends RouteBase<B, Q, P> {
  status: 204;
  response?: never;
  produces?: never;
  handler: Handler<B, Q, P, void>;
}

/**
 * One `/api/v1` operation: its schemas drive the request parsing, the response and the
 * OpenAPI document, so they cannot disagree. Every operation answers JSON described by
 * `response`, a file of a `produces` type, or 204.
 */
export type ApiRoute<
  B extends z.ZodType | undefined = z.ZodType | undefined,
  Q extends z.ZodType | undefined = z.ZodType | undefined,
  P extends z.ZodType | undefined = z.ZodType | undefined,
  R extends z.ZodType = z.ZodType,
> = JsonRoute<B, Q, P, R> | FileRoute<B, Q, P> | EmptyRoute<B, Q, P>;

/** Keeps each route's handler typed against its own schemas, its result against `response`. */
export function defineRoute<
  B extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  P extends z.ZodType | undefined = undefined,
  R extends z.ZodType = z.ZodType,
>(route: ApiRoute<B, Q, P, R>): ApiRoute {
  return route as unknown as ApiRoute;
}

/** The kind of answer of a route, or an error naming a route that declares none (or two). */
export function answerOf(route: ApiRoute): 'json' | 'file' | 'empty' {
  const kinds = (
    [
      route.response ? 'json' : null,
      route.produces?.length ? 'file' : null,
      route.status === 204 ? 'empty' : null,
    ] as const
  ).filter((k) => k !== null);
  if (kinds.length !== 1) {
    throw new Error(
      `${route.operationId}: an operation declares exactly one of response, produces or status 204`,
    );
  }
  return kinds[0]!;
}
