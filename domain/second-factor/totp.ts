import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { generateSecret, generateURI, verify } from 'otplib';
import { AppError } from '../errors.ts';

/** TOTP as every authenticator app reads it: SHA-1, 6 digits, 30 s. */
export const TOTP_PERIOD_S = 30;
/** A code of the step before or after is accepted too (clocks drift, people type slowly). */
const TOLERANCE_S = TOTP_PERIOD_S;
export const RECOVERY_CODE_COUNT = 10;
/** The name an authenticator app shows beside the codes. */
export const TOTP_ISSUER = 'Đối thoại';
/** Crockford's base 32: no I, L, O or U to misread. */
const RECOVERY_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function derivedKey(sessionSecret: string, label: string): Buffer {
  return Buffer.from(hkdfSync('sha256', sessionSecret, 'doithoai-second-factor', label, 32));
}

/**
 * Encrypts a TOTP secret for storage: AES-256-GCM with a key derived from the session
 * secret; the user's id is bound as associated data, so a row copied onto another
 * account does not decrypt.
 */
export function encryptSecret(opts: { secret: string; userId: string; sessionSecret: string }) {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', derivedKey(opts.sessionSecret, 'totp-secret'), iv);
  cipher.setAAD(Buffer.from(opts.userId));
  const data = Buffer.concat([cipher.update(opts.secret, 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), data]
    .map((x) => (typeof x === 'string' ? x : x.toString('base64url')))
    .join('.');
}

export function decryptSecret(opts: { stored: string; userId: string; sessionSecret: string }) {
  const [version, iv, tag, data] = opts.stored.split('.');
  if (version !== 'v1' || !iv || !tag || data === undefined)
    throw new Error('unknown secret format');
  try {
    const decipher = createDecipheriv(
      'aes-256-gcm',
      derivedKey(opts.sessionSecret, 'totp-secret'),
      Buffer.from(iv, 'base64url'),
    );
    decipher.setAAD(Buffer.from(opts.userId));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([
      decipher.update(Buffer.from(data, 'base64url')),
      decipher.final(),
    ]).toString('utf8');
  } catch (err) {
    // Another SESSION_SECRET (or a tampered row): say so, and how to get back in.
    throw new AppError('second_factor_unreadable', { cause: err });
  }
}

export function newTotpSecret(): string {
  return generateSecret();
}

/** The otpauth:// URI and its QR code (SVG) for an authenticator app. */
export async function enrolmentQr(opts: { issuer: string; label: string; secret: string }) {
  const uri = generateURI({ issuer: opts.issuer, label: opts.label, secret: opts.secret });
  const { default: QRCode } = await import('qrcode');
  const qrSvg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { uri, qrSvg };
}

/**
 * The time step a code belongs to when it is right now (within one step either side)
 * and later than `afterStep` (a code already used, or an older one, is refused); else null.
 */
export async function checkTotp(opts: {
  secret: string;
  code: string;
  afterStep?: number | null;
  epoch?: number;
}): Promise<number | null> {
  if (!/^\d{6}$/.test(opts.code)) return null;
  const result = await verify({
    secret: opts.secret,
    token: opts.code,
    epochTolerance: TOLERANCE_S,
    ...(opts.epoch !== undefined ? { epoch: opts.epoch } : {}),
    ...(opts.afterStep != null ? { afterTimeStep: opts.afterStep } : {}),
  });
  return result.valid && 'timeStep' in result ? result.timeStep : null;
}

/** Ten random codes of ten characters (50 bits each), shown as `ABCDE-FGHJK`. */
export function newRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => {
    const bytes = randomBytes(10);
    const chars = [...bytes].map((b) => RECOVERY_ALPHABET[b & 31]).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/** A recovery code as typed, reduced to its ten characters (case, spaces, dashes ignored). */
export function normaliseRecoveryCode(code: string): string {
  return code.replace(/[\s-]+/g, '').toUpperCase();
}

/**
 * What is stored of a recovery code: an HMAC under a key derived from the session secret
 * (the codes are random and long, so a slow hash adds nothing).
 */
export function hashRecoveryCode(code: string, sessionSecret: string): string {
  return createHmac('sha256', derivedKey(sessionSecret, 'recovery-code'))
    .update(normaliseRecoveryCode(code))
    .digest('base64url');
}
