import { Writable } from 'node:stream';
import { DrizzleQueryError } from 'drizzle-orm';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { redactError, redactUrl } from './logger.ts';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const logger = pino({ serializers: { err: redactError } }, stream);
  return { logger, text: () => lines.join('') };
}

describe('logs', () => {
  it('never carry the tokens of sign-in and tracking links', () => {
    expect(redactUrl('/dang-nhap/lien-ket/abcDEF123_-x?a=1')).toBe(
      '/dang-nhap/lien-ket/[redacted]?a=1',
    );
    expect(redactUrl('/y-kien/theo-doi/tok')).toBe('/y-kien/theo-doi/[redacted]');
    expect(redactUrl('/api/v1/contributions/track/tok')).toBe(
      '/api/v1/contributions/track/[redacted]',
    );
    expect(redactUrl('/tin-tuc/bai-viet')).toBe('/tin-tuc/bai-viet');
    expect(redactUrl('/Y-KIEN/theo-doi/tok')).toBe('/Y-KIEN/theo-doi/[redacted]');
    expect(redactUrl('/%64ang-nhap/lien-ket/tok')).toBe('/dang-nhap/lien-ket/[redacted]');
    expect(redactUrl('/dang-nhap/lien-ket/%E0%A4%A')).toBe('/dang-nhap/lien-ket/[redacted]');
  });

  it('never carry the body of a request that was not valid JSON', () => {
    const { logger, text } = capture();
    const err = Object.assign(new SyntaxError('Bad escaped character in JSON'), {
      type: 'entity.parse.failed',
      body: '{"email":"org1@x.vn","password":"My\\Secret Pass 2026"}',
    });
    logger.warn({ err }, 'bad json');
    expect(text()).not.toContain('Secret Pass');
    expect(text()).not.toContain('org1@x.vn');
  });

  it('never carry the values of a failed query', () => {
    const { logger, text } = capture();
    const pgError = Object.assign(new Error('duplicate key value violates unique constraint'), {
      code: '23505',
      detail: 'Key (email)=(nguyen.van.an@example.gov.vn) already exists.',
    });
    const failed = new DrizzleQueryError(
      'insert into "users" ("email", "password_hash", "phone") values ($1, $2, $3)',
      ['nguyen.van.an@example.gov.vn', '$argon2id$v=19$m=19456,t=2,p=1$abc', '0912345678'],
      pgError,
    );
    logger.error({ err: failed }, 'request failed');
    const out = text();
    expect(out).toContain('insert into \\"users\\"');
    expect(out).toContain('23505');
    for (const secret of ['nguyen.van.an@example.gov.vn', '$argon2id$', '0912345678']) {
      expect(out).not.toContain(secret);
    }
  });
});
