import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * SESSION_SECRET when given, else the one generated once and kept in DATA_DIR.
 * Several instances must share it: give them SESSION_SECRET or a shared DATA_DIR.
 */
export function loadSessionSecret(dataDir: string, given: string | undefined): string {
  if (given) return given;
  const path = join(dataDir, 'session-secret');
  try {
    writeFileSync(path, randomBytes(48).toString('base64url'), { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const secret = readFileSync(path, 'utf8').trim();
  if (secret.length < 32) throw new Error(`${path} holds a secret shorter than 32 characters`);
  return secret;
}
