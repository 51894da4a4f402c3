import { createHmac, timingSafeEqual } from 'node:crypto';
import { UNDO_WINDOW_MINUTES } from '../../protocol/conferences.ts';
import { AppError } from '../errors.ts';

/** How long a removal can be undone. */
export const UNDO_WINDOW_MS = UNDO_WINDOW_MINUTES * 60_000;

/** A token longer than this was not made here (a site with its delegates is a few KB). */
const MAX_TOKEN_LENGTH = 512 * 1024;
const VERSION = 'u1';

/** Who may use an undo token, for which conference, until when (ms since the epoch). */
export interface UndoClaims {
  actorId: string;
  conferenceId: string;
  expiresAt: number;
}

const mac = (secret: string, body: string) =>
  createHmac('sha256', secret).update(`undo:${VERSION}:${body}`).digest();

/**
 * An undo token: what was removed, with who removed it, in which conference and until
 * when it may be put back, serialised and signed with an HMAC of the session secret
 * (`u1.<payload>.<mac>`, base64url). Nothing is stored: the token is the snapshot. It is
 * signed, not encrypted: it holds only what its bearer could already read.
 */
export function signUndo(opts: {
  secret: string;
  actorId: string;
  conferenceId: string;
  removed: unknown;
  now?: number;
}): { token: string; expiresAt: number } {
  const expiresAt = (opts.now ?? Date.now()) + UNDO_WINDOW_MS;
  const claims: UndoClaims = { actorId: opts.actorId, conferenceId: opts.conferenceId, expiresAt };
  const body = Buffer.from(JSON.stringify({ ...claims, removed: opts.removed })).toString(
    'base64url',
  );
  return { token: `${VERSION}.${body}.${mac(opts.secret, body).toString('base64url')}`, expiresAt };
}

/**
 * What a token says was removed, once its signature, its expiry and its owner are
 * checked: a malformed or forged token is `undo_invalid`, an old one `undo_expired`,
 * one made for another person or conference `undo_not_yours` (all 400).
 */
export function readUndo(opts: {
  secret: string;
  token: unknown;
  actorId: string;
  conferenceId: string;
  now?: number;
}): unknown {
  const { token } = opts;
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) {
    throw new AppError('undo_invalid');
  }
  const [version, body, signature, ...rest] = token.split('.');
  if (version !== VERSION || !body || !signature || rest.length) throw new AppError('undo_invalid');
  const given = Buffer.from(signature, 'base64url');
  const expected = mac(opts.secret, body);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new AppError('undo_invalid');
  }
  let payload: Partial<UndoClaims> & { removed?: unknown };
  try {
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as typeof payload;
  } catch (err) {
    throw new AppError('undo_invalid', { cause: err });
  }
  if (typeof payload?.expiresAt !== 'number' || payload.removed === undefined) {
    throw new AppError('undo_invalid');
  }
  if (payload.expiresAt <= (opts.now ?? Date.now())) {
    throw new AppError('undo_expired', { params: { minutes: UNDO_WINDOW_MINUTES } });
  }
  if (payload.actorId !== opts.actorId || payload.conferenceId !== opts.conferenceId) {
    throw new AppError('undo_not_yours');
  }
  return payload.removed;
}
