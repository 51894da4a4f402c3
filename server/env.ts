import { z } from 'zod';

const emptyAsUnset = (v: unknown) => (v === '' ? undefined : v);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(emptyAsUnset, schema.optional());

const EnvSchema = z.object({
  PORT: z.preprocess(emptyAsUnset, z.coerce.number().int().min(0).max(65535).default(3000)),
  HOST: z.preprocess(emptyAsUnset, z.string().min(1).default('127.0.0.1')),
  DATA_DIR: z.preprocess(emptyAsUnset, z.string().min(1).default('./data')),
  DATABASE_URL: optional(
    z.url({ protocol: /^postgres(ql)?$/, error: 'expected a postgres:// or postgresql:// URL' }),
  ),
  PUBLIC_URL: optional(
    z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' }),
  ),
  LOG_LEVEL: z.preprocess(
    emptyAsUnset,
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ),
  SESSION_SECRET: optional(z.string().min(32, 'must be at least 32 characters')),
  TRUST_PROXY: z.preprocess(
    emptyAsUnset,
    z
      .enum(['true', 'false', '1', '0'])
      .default('false')
      .transform((v) => v === 'true' || v === '1'),
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
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const value = source[String(issue.path[0])];
  throw new EnvError(String(issue.path[0]), `${issue.message} (got ${JSON.stringify(value)})`);
}
