import { z } from 'zod';

const emptyAsUnset = (v: unknown) => (v === '' ? undefined : v);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(emptyAsUnset, schema.optional());

/**
 * Which proxies' `X-Forwarded-For` to believe, as Express's `trust proxy` takes it:
 * `false` (none), a number of hops (the nginx of deploy/ is 1), or the proxies'
 * addresses or subnets. `true` (every hop) is refused: any client could then choose
 * its own address and escape the per-address limits.
 */
function trustProxy(v: string, ctx: z.RefinementCtx): false | number | string[] {
  if (v === 'false' || v === '0') return false;
  if (/^\d+$/.test(v) && Number(v) <= 10) return Number(v);
  const names = new Set(['loopback', 'linklocal', 'uniquelocal']);
  const address = /^(?:[0-9.]+|[0-9a-fA-F:]+)(?:\/\d{1,3})?$/;
  const list = v
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  if (v !== 'true' && list.length && list.every((p) => names.has(p) || address.test(p)))
    return list;
  ctx.addIssue({
    code: 'custom',
    message:
      v === 'true'
        ? 'true would let any client choose its own address; give the number of proxies in front (e.g. 1) or their addresses'
        : 'expected false, a number of proxies (e.g. 1), or proxy addresses/subnets separated by commas',
  });
  return z.NEVER;
}

/** Whether the server listens only where other machines cannot reach it. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127(?:\.\d{1,3}){3}$/.test(host);
}

/** The site's own address: PUBLIC_URL, or this loopback server when unset. */
export function publicUrlFor(env: Env, port: number): string {
  if (env.PUBLIC_URL) return env.PUBLIC_URL;
  const host = env.HOST.includes(':') ? `[${env.HOST}]` : env.HOST;
  return `http://${isLoopback(env.HOST) ? host : '127.0.0.1'}:${port}`;
}

const EnvSchema = z.object({
  PORT: z.preprocess(emptyAsUnset, z.coerce.number().int().min(0).max(65535).default(3000)),
  HOST: z.preprocess(emptyAsUnset, z.string().min(1).default('127.0.0.1')),
  DATA_DIR: z.preprocess(emptyAsUnset, z.string().min(1).default('./data')),
  /**
   * Recordings, the public stream's segments and Janus's raw files (default
   * `<DATA_DIR>/media`): a folder every instance (and Janus) sees at the same path.
   */
  MEDIA_DIR: optional(z.string().min(1)),
  /**
   * A folder with the typeface for generated documents (regular.ttf, bold.ttf, italic.ttf,
   * bolditalic.ttf, name.txt) instead of the embedded Tinos (domain/reports/fonts.ts).
   */
  DOCUMENT_FONT_DIR: optional(z.string().min(1)),
  DATABASE_URL: optional(
    z.url({ protocol: /^postgres(ql)?$/, error: 'expected a postgres:// or postgresql:// URL' }),
  ),
  /**
   * The same database reached directly, when DATABASE_URL goes through a pooler in
   * transaction mode (PgBouncer): LISTEN and the migrations' advisory lock need a
   * session of their own. Default: DATABASE_URL.
   */
  DATABASE_LISTEN_URL: optional(
    z.url({ protocol: /^postgres(ql)?$/, error: 'expected a postgres:// or postgresql:// URL' }),
  ),
  PUBLIC_URL: optional(
    z
      .url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' })
      .refine((v) => ['', '/'].includes(new URL(v).pathname) && !new URL(v).search, {
        error: 'expected the site’s address only, e.g. https://doithoai.example.gov.vn (no path)',
      })
      .transform((v) => new URL(v).origin),
  ),
  LOG_LEVEL: z.preprocess(
    emptyAsUnset,
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ),
  SESSION_SECRET: optional(z.string().min(32, 'must be at least 32 characters')),
  /**
   * The longest an anonymous reader's portal page is reused when nothing it shows has
   * changed (a change drops it at once on every instance); 0: never cached.
   */
  PAGE_CACHE_MS: z.preprocess(
    emptyAsUnset,
    z.coerce.number().int().min(0).max(3_600_000).default(600_000),
  ),
  /**
   * Processes sharing the port (node cluster); 1: this process serves alone. With
   * DATABASE_URL each is a whole instance; on the embedded database (which opens in one
   * process only) they are edges in front of this one (server/edge.ts).
   */
  WEB_CONCURRENCY: z.preprocess(emptyAsUnset, z.coerce.number().int().min(1).max(64).default(1)),
  /** How often article views counted in memory are written to the database. */
  VIEW_FLUSH_MS: z.preprocess(
    emptyAsUnset,
    z.coerce.number().int().min(100).max(60_000).default(1000),
  ),
  /**
   * The media server's WebSocket API (Janus, e.g. ws://10.0.0.5:8188), or `off`. Unset:
   * the app starts a Janus of its own when the `janus` binary is installed.
   */
  JANUS_URL: optional(
    z.union([
      z.literal('off'),
      z.url({ protocol: /^wss?$/, error: 'expected a ws:// or wss:// URL, or off' }),
    ]),
  ),
  /** The VideoRoom `admin_key` of that Janus (required with JANUS_URL). */
  JANUS_ADMIN_KEY: optional(z.string().min(8, 'must be at least 8 characters')),
  /**
   * This instance's address as Janus reaches it: Janus forwards the program's RTP here
   * for the public stream (default 127.0.0.1, Janus on the same machine).
   */
  MEDIA_FORWARD_HOST: optional(z.ipv4()),
  /** For a Janus of the app's own: the only interface offering ICE candidates. */
  JANUS_ICE_ENFORCE: optional(z.string().regex(/^[\w.,-]{1,200}$/, 'expected interface names')),
  /** TURN server(s) for sites behind strict NAT (coturn), comma-separated `turn:` URLs. */
  TURN_URLS: optional(
    z
      .string()
      .transform((v) =>
        v
          .split(',')
          .map((u) => u.trim())
          .filter(Boolean),
      )
      .refine((l) => l.length > 0 && l.every((u) => /^turns?:[^\s]+$/.test(u)), {
        error: 'expected turn: or turns: URLs separated by commas',
      }),
  ),
  /**
   * How long the audit trail keeps an entry, in days (default 1825, five years; at least
   * 30): a daily job removes older entries and records that it did.
   */
  AUDIT_RETENTION_DAYS: z.preprocess(
    emptyAsUnset,
    z.coerce.number().int().min(30).max(36_500).default(1825),
  ),
  /** coturn's static-auth-secret: screens get credentials minted from it. */
  TURN_SECRET: optional(z.string().min(16, 'must be at least 16 characters')),
  /**
   * The SMTP server that sends the product's e-mail (smtp://user:pass@host:587, or smtps://
   * for TLS from the start). Unset: e-mail is off, messages are held in the outbox.
   */
  SMTP_URL: optional(z.url({ protocol: /^smtps?$/, error: 'expected an smtp:// or smtps:// URL' })),
  /** The sender of that e-mail, e.g. `Cổng Đối thoại <no-reply@doithoai.example.gov.vn>`. */
  MAIL_FROM: optional(
    z
      .string()
      .trim()
      .max(300)
      .regex(/^(?:[^<>@]*<[^<>\s@]+@[^<>\s@]+\.[^<>\s@]+>|[^<>\s@]+@[^<>\s@]+\.[^<>\s@]+)$/, {
        error: 'expected an address, e.g. Cổng Đối thoại <no-reply@example.gov.vn>',
      }),
  ),
  /**
   * The bearer token Prometheus sends to read `/metrics`
   * (`Authorization: Bearer <token>`). Unset: `/metrics` does not exist (404).
   */
  METRICS_TOKEN: optional(
    z
      .string()
      .min(32, 'must be at least 32 characters (e.g. openssl rand -hex 32)')
      .max(512)
      .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces'),
  ),
  TRUST_PROXY: z.preprocess(
    emptyAsUnset,
    z
      .string()
      .default('false')
      .transform((v, ctx) => trustProxy(v.trim(), ctx)),
  ),
});

export type Env = z.infer<typeof EnvSchema>;

export class EnvError extends Error {
  constructor(
    readonly variable: string,
    detail: string,
  ) {
    super(`Invalid environment variable ${variable}: ${detail}`);
    this.name = 'EnvError';
  }
}

/** Parses the process environment; throws an `EnvError` naming the first bad variable. */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const result = EnvSchema.safeParse(source);
  if (result.success) {
    // Links in e-mails, feeds and previews must not depend on who asked: a server
    // reachable from other machines needs its public address.
    if (!result.data.PUBLIC_URL && !isLoopback(result.data.HOST)) {
      throw new EnvError(
        'PUBLIC_URL',
        `required when HOST (${result.data.HOST}) is not a loopback address, e.g. https://doithoai.example.gov.vn`,
      );
    }
    if (result.data.DATABASE_LISTEN_URL && !result.data.DATABASE_URL) {
      throw new EnvError('DATABASE_LISTEN_URL', 'goes with DATABASE_URL (the same database)');
    }
    if (!!result.data.TURN_URLS !== !!result.data.TURN_SECRET) {
      throw new EnvError(
        result.data.TURN_URLS ? 'TURN_SECRET' : 'TURN_URLS',
        'TURN_URLS and TURN_SECRET go together',
      );
    }
    if (result.data.JANUS_URL && result.data.JANUS_URL !== 'off' && !result.data.JANUS_ADMIN_KEY) {
      throw new EnvError(
        'JANUS_ADMIN_KEY',
        'required with JANUS_URL: the VideoRoom admin_key of that Janus',
      );
    }
    if (result.data.SMTP_URL && !result.data.MAIL_FROM) {
      throw new EnvError(
        'MAIL_FROM',
        'required with SMTP_URL: the sender address, e.g. Cổng Đối thoại <no-reply@example.gov.vn>',
      );
    }
    return result.data;
  }
  const issue = result.error.issues[0]!;
  const value = source[String(issue.path[0])];
  throw new EnvError(String(issue.path[0]), `${issue.message} (got ${JSON.stringify(value)})`);
}
