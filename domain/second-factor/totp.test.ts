import { generate } from 'otplib';
import { describe, expect, it } from 'vitest';
import {
  checkTotp,
  decryptSecret,
  encryptSecret,
  enrolmentQr,
  hashRecoveryCode,
  newRecoveryCodes,
  newTotpSecret,
  normaliseRecoveryCode,
  TOTP_PERIOD_S,
} from './totp.ts';

const SESSION_SECRET = 'unit-test-secret-unit-test-secret-0123';
const USER = '6f1c1c3e-1d6b-4a57-9a53-1b7a4a3f2c10';
const OTHER = '0d5b8d2a-7c4f-4c3a-8f0e-2d7c9b1e6a55';

describe('checkTotp', () => {
  const secret = newTotpSecret();
  const now = 1_800_000_015; // 15 s into a step
  const step = Math.floor(now / TOTP_PERIOD_S);

  it('accepts the current code and tells its step', async () => {
    const code = await generate({ secret, epoch: now });
    expect(await checkTotp({ secret, code, epoch: now })).toBe(step);
  });

  it('accepts the step before and after, not two steps away', async () => {
    const before = await generate({ secret, epoch: now - TOTP_PERIOD_S });
    const after = await generate({ secret, epoch: now + TOTP_PERIOD_S });
    const old = await generate({ secret, epoch: now - 3 * TOTP_PERIOD_S });
    expect(await checkTotp({ secret, code: before, epoch: now })).toBe(step - 1);
    expect(await checkTotp({ secret, code: after, epoch: now })).toBe(step + 1);
    expect(await checkTotp({ secret, code: old, epoch: now })).toBeNull();
  });

  it('refuses a code of a step already used, or older', async () => {
    const code = await generate({ secret, epoch: now });
    expect(await checkTotp({ secret, code, epoch: now, afterStep: step })).toBeNull();
    const before = await generate({ secret, epoch: now - TOTP_PERIOD_S });
    expect(await checkTotp({ secret, code: before, epoch: now, afterStep: step - 1 })).toBeNull();
    expect(await checkTotp({ secret, code, epoch: now, afterStep: step - 1 })).toBe(step);
  });

  it('refuses malformed or wrong codes without throwing', async () => {
    const code = await generate({ secret, epoch: now });
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    for (const bad of ['', '12345', '1234567', 'abcdef', '12 345', '\u0000'.repeat(6), wrong]) {
      expect(await checkTotp({ secret, code: bad, epoch: now })).toBeNull();
    }
  });

  it('refuses a code from another secret', async () => {
    const code = await generate({ secret: newTotpSecret(), epoch: now });
    const mine = await generate({ secret, epoch: now });
    if (code !== mine) expect(await checkTotp({ secret, code, epoch: now })).toBeNull();
  });
});

describe('secrets at rest', () => {
  it('round-trips, and never stores the secret in clear', () => {
    const secret = newTotpSecret();
    const stored = encryptSecret({ secret, userId: USER, sessionSecret: SESSION_SECRET });
    expect(stored).not.toContain(secret);
    expect(stored.startsWith('v1.')).toBe(true);
    expect(decryptSecret({ stored, userId: USER, sessionSecret: SESSION_SECRET })).toBe(secret);
    // A fresh IV each time.
    expect(encryptSecret({ secret, userId: USER, sessionSecret: SESSION_SECRET })).not.toBe(stored);
  });

  it('does not decrypt for another user, with another key, or when tampered with', () => {
    const stored = encryptSecret({
      secret: newTotpSecret(),
      userId: USER,
      sessionSecret: SESSION_SECRET,
    });
    expect(() => decryptSecret({ stored, userId: OTHER, sessionSecret: SESSION_SECRET })).toThrow();
    // Another SESSION_SECRET: a clear error (409 with a message), not a 500.
    expect(() =>
      decryptSecret({ stored, userId: USER, sessionSecret: `${SESSION_SECRET}x` }),
    ).toThrow(expect.objectContaining({ code: 'second_factor_unreadable' }));
    const parts = stored.split('.');
    const data = Buffer.from(parts[3]!, 'base64url');
    data[0] = data[0]! ^ 1;
    parts[3] = data.toString('base64url');
    expect(() =>
      decryptSecret({ stored: parts.join('.'), userId: USER, sessionSecret: SESSION_SECRET }),
    ).toThrow();
  });
});

describe('recovery codes', () => {
  it('are ten distinct codes of ten unambiguous characters', () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/);
  });

  it('hash the same whatever the case, spaces and dashes', () => {
    const [code] = newRecoveryCodes(1);
    const hash = hashRecoveryCode(code!, SESSION_SECRET);
    expect(hashRecoveryCode(` ${code!.toLowerCase().replace('-', ' ')} `, SESSION_SECRET)).toBe(
      hash,
    );
    expect(normaliseRecoveryCode('abcde-fghjk')).toBe('ABCDEFGHJK');
    expect(hash).not.toContain(normaliseRecoveryCode(code!));
    expect(hashRecoveryCode(code!, `${SESSION_SECRET}x`)).not.toBe(hash);
  });
});

describe('enrolmentQr', () => {
  it('gives an otpauth URI with the issuer and account, and an SVG', async () => {
    const secret = newTotpSecret();
    const { uri, qrSvg } = await enrolmentQr({
      issuer: 'Đối thoại',
      label: 'chu.toa@doithoai.example',
      secret,
    });
    expect(uri).toMatch(/^otpauth:\/\/totp\//);
    expect(uri).toContain(`secret=${secret}`);
    expect(decodeURIComponent(uri)).toContain('issuer=Đối thoại');
    expect(qrSvg.startsWith('<svg')).toBe(true);
  });
});
