import { describe, expect, it } from 'vitest';
import { EnvError, parseEnv } from './env.ts';

describe('parseEnv', () => {
  it('applies the documented defaults', () => {
    const env = parseEnv({});
    expect(env).toMatchObject({
      PORT: 3000,
      HOST: '127.0.0.1',
      DATA_DIR: './data',
      LOG_LEVEL: 'info',
      TRUST_PROXY: false,
      AUDIT_RETENTION_DAYS: 1825,
    });
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it('treats empty values as unset', () => {
    expect(parseEnv({ PORT: '', DATABASE_URL: '' }).DATABASE_URL).toBeUndefined();
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://x/y'],
    ['PUBLIC_URL', 'ftp://example.org'],
    ['LOG_LEVEL', 'loud'],
    ['SESSION_SECRET', 'short'],
    ['TRUST_PROXY', 'maybe'],
    ['AUDIT_RETENTION_DAYS', '29'],
    ['AUDIT_RETENTION_DAYS', '1.5'],
    ['TRUST_PROXY', 'true'],
    ['TRUST_PROXY', '10.0.0.1,evil'],
    ['PUBLIC_URL', 'https://doithoai.example.gov.vn/tin-tuc'],
    ['DATABASE_LISTEN_URL', 'http://db:5432/x'],
    ['DATABASE_LISTEN_URL', 'postgres://db:5432/x'], // without DATABASE_URL
    ['METRICS_TOKEN', 'too-short'],
    ['METRICS_TOKEN', `${'x'.repeat(40)} with spaces`],
  ])('names the bad variable %s=%s', (name, value) => {
    expect(() => parseEnv({ [name]: value })).toThrow(EnvError);
    expect(() => parseEnv({ [name]: value })).toThrow(
      new RegExp(`^Invalid environment variable ${name}:`),
    );
  });

  it('trusts exactly the proxies it is told of', () => {
    expect(parseEnv({ TRUST_PROXY: '1' }).TRUST_PROXY).toBe(1);
    expect(parseEnv({ TRUST_PROXY: 'false' }).TRUST_PROXY).toBe(false);
    expect(parseEnv({ TRUST_PROXY: '10.0.0.1, 10.1.0.0/16' }).TRUST_PROXY).toEqual([
      '10.0.0.1',
      '10.1.0.0/16',
    ]);
    expect(parseEnv({ TRUST_PROXY: 'loopback' }).TRUST_PROXY).toEqual(['loopback']);
  });

  it('needs PUBLIC_URL when listening beyond loopback, and keeps only its origin', () => {
    expect(() => parseEnv({ HOST: '0.0.0.0' })).toThrow(
      /^Invalid environment variable PUBLIC_URL:/,
    );
    expect(
      parseEnv({ HOST: '0.0.0.0', PUBLIC_URL: 'https://doithoai.example.gov.vn/' }).PUBLIC_URL,
    ).toBe('https://doithoai.example.gov.vn');
    expect(parseEnv({ HOST: '127.0.0.1' }).PUBLIC_URL).toBeUndefined();
  });

  it('takes an SMTP server with its sender, and names the bad one', () => {
    const env = parseEnv({
      SMTP_URL: 'smtp://gui-thu:mat-khau@mail.example.gov.vn:587',
      MAIL_FROM: 'Cổng Đối thoại <no-reply@example.gov.vn>',
    });
    expect(env.SMTP_URL).toBe('smtp://gui-thu:mat-khau@mail.example.gov.vn:587');
    expect(parseEnv({}).SMTP_URL).toBeUndefined();
    expect(() => parseEnv({ SMTP_URL: 'http://mail.example.gov.vn' })).toThrow(
      /Invalid environment variable SMTP_URL/,
    );
    expect(() => parseEnv({ SMTP_URL: 'smtps://mail.example.gov.vn' })).toThrow(
      /Invalid environment variable MAIL_FROM: required with SMTP_URL/,
    );
    expect(() =>
      parseEnv({ SMTP_URL: 'smtp://mail.example.gov.vn', MAIL_FROM: 'khong-phai-dia-chi' }),
    ).toThrow(/Invalid environment variable MAIL_FROM/);
  });

  it('accepts a PostgreSQL URL', () => {
    expect(parseEnv({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/app' }).DATABASE_URL).toBe(
      'postgres://postgres@127.0.0.1:5432/app',
    );
  });
});
