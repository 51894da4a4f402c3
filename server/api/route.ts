import type { z } from 'zod';
import type { Database } from '../../db/database.ts';
import type { Actor } from '../../domain/auth/policies.ts';
import type { Language } from '../../protocol/common.ts';
import type { ErrorCode } from '../../protocol/errors.ts';
import type { UploadedFile } from '../../domain/files/stored-files.ts';
import type { CookieWriter } from '../../app/cookies.ts';

/** What an API handler may use of the request, besides its parsed input. */
export interface ApiContext {
  db: Database;
  actor: Actor | null;
  sessionId: string | null;
  lang: Language;
  ip: string;
  userAgent: string | undefined;
  secret: string;
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
 * One `/api/v1` operation: its schemas drive both the request parsing and the
 * OpenAPI document, so the two cannot disagree.
 */
export interface ApiRoute<
  B extends z.ZodType | undefined = z.ZodType | undefined,
  Q extends z.ZodType | undefined = z.ZodType | undefined,
  P extends z.ZodType | undefined = z.ZodType | undefined,
> {
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
  response?: z.ZodType;
  /** The response is a file of this media type (see FileResponse). */
  produces?: string;
  /** Success status; 204 sends no body. */
  status?: 200 | 201 | 204;
  errors?: ErrorCode[];
  handler(ctx: ApiContext & { body: Out<B>; query: Out<Q>; params: Out<P> }): Promise<unknown>;
}

/** Keeps each route's handler typed against its own schemas. */
export function defineRoute<
  B extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  P extends z.ZodType | undefined = undefined,
>(route: ApiRoute<B, Q, P>): ApiRoute {
  return route as unknown as ApiRoute;
}
