import type { Duplex } from 'node:stream';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { errorBody } from '../../app/i18n/error-body.ts';
import { getT } from '../../app/i18n/i18n.ts';
import { dataErrorKind } from '../../db/errors.ts';
import { AppError, isAppError, toAppError } from '../../domain/errors.ts';

export const JSON_BODY_LIMIT = '100kb';
/** Seconds a client is asked to wait after a 503. */
export const RETRY_AFTER_S = 5;

/** Errors raised by Express and body-parser, as the AppError a caller should see. */
export function fromHttpError(err: unknown): AppError | null {
  const known = toAppError(err);
  if (known) return known;
  if (typeof err !== 'object' || err === null) return null;
  const { type, status, name, limit } = err as {
    type?: string;
    status?: number;
    name?: string;
    limit?: number;
  };
  const size = typeof limit === 'number' ? `${Math.round(limit / 1024)} KB` : '100 KB';
  if (name === 'MulterError') return new AppError('validation', { cause: err });
  switch (type) {
    case 'entity.parse.failed':
      return new AppError('bad_json', { cause: err });
    case 'entity.too.large':
      return new AppError('payload_too_large', { params: { limit: size }, cause: err });
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new AppError('unsupported_media_type', { cause: err });
  }
  if (status === 413) return new AppError('payload_too_large', { params: { limit: size } });
  if (status === 404) return new AppError('not_found', { cause: err });
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new AppError('validation', { cause: err });
  }
  return null;
}

/** Sends `{ error }` in the request's language; logs what is our fault. */
export function sendError(req: Request, res: Response, err: unknown): void {
  const mapped = fromHttpError(err);
  const { status, body } = errorBody(mapped ?? err, getT(res.locals.lang ?? 'vi'));
  const log = (req as Request & { log?: Logger }).log;
  // Refused on purpose (too many searches at once): expected under load, one short line.
  if (isAppError(err) && err.code === 'unavailable' && !err.cause)
    log?.warn({ messageKey: err.messageKey }, 'request refused: busy');
  else if (status >= 500) log?.error({ err }, 'request failed');
  // Input that only the database caught: answered 4xx, but a check is missing.
  else if (dataErrorKind(err)) log?.warn({ err }, 'input refused by the database');
  if (status === 429) res.setHeader('Retry-After', String(15 * 60));
  // The database down, slow or full (or another part not ready): worth a retry soon.
  if (status === 503) res.setHeader('Retry-After', String(RETRY_AFTER_S));
  if (res.headersSent) {
    res.end();
    return;
  }
  res.status(status).json(body);
}

/**
 * A request Node refuses before any handler (an address or headers too long, bytes that
 * are not HTTP): still answered with the product's JSON error, in Vietnamese.
 */
export function answerClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const tooLong = err.code === 'HPE_HEADER_OVERFLOW';
  const status = tooLong ? '431 Request Header Fields Too Large' : '400 Bad Request';
  const error = new AppError(tooLong ? 'request_too_long' : 'validation');
  const body = JSON.stringify(errorBody(error, getT('vi')).body);
  socket.end(
    `HTTP/1.1 ${status}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
