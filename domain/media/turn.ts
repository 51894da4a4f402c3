import { createHmac } from 'node:crypto';

export interface TurnSettings {
  /** e.g. `turn:turn.example.gov.vn:3478?transport=udp`, several separated by commas. */
  urls: string[];
  /** coturn's `static-auth-secret` (`use-auth-secret`). */
  secret: string;
}

/** How long a TURN credential handed to a screen stays valid. */
export const TURN_CREDENTIAL_S = 12 * 3600;

/**
 * A time-limited TURN credential for one screen, as coturn's REST API scheme expects:
 * the user name is `<expiry>:<who>`, the password the HMAC-SHA1 of it with the shared
 * secret. Nothing is stored; coturn checks it with the same secret.
 */
export function turnServers(
  turn: TurnSettings | null,
  who: string,
  now = Date.now(),
): { urls: string[]; username: string; credential: string }[] {
  if (!turn) return [];
  const username = `${Math.floor(now / 1000) + TURN_CREDENTIAL_S}:${who}`;
  const credential = createHmac('sha1', turn.secret).update(username).digest('base64');
  return [{ urls: turn.urls, username, credential }];
}
