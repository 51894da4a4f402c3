import pino, { type Logger } from 'pino';

/** URL segments that are credentials: sign-in links and contribution tracking links. */
const SECRET_PATHS = /(\/(?:dang-nhap\/lien-ket|y-kien\/theo-doi|contributions\/track)\/)[^/?#]+/gi;

/**
 * A URL as it may be logged: tokens in paths replaced, however the path is spelled
 * (pages match case-insensitively, and `%64ang-nhap` is `dang-nhap`).
 */
export function redactUrl(url: string): string {
  let decoded = url;
  try {
    decoded = decodeURI(url);
  } catch {
    // Malformed escapes: matched as sent.
  }
  return decoded.replace(SECRET_PATHS, '$1[redacted]');
}

/**
 * An error as it may be logged. Query parameters (password hashes, e-mails, phones) and
 * PostgreSQL's `detail` (`Key (email)=(…)`) are dropped, down the chain of causes.
 */
export function redactError(err: unknown, depth = 0): unknown {
  if (!err || typeof err !== 'object' || depth > 5) return err;
  const out = pino.stdSerializers.err(err as Error) as unknown as Record<string, unknown>;
  // Drizzle writes the parameters into the message (and so the stack) too.
  for (const key of ['message', 'stack'] as const) {
    if (typeof out[key] === 'string') {
      out[key] = (out[key] as string).replace(
        /\nparams: [\s\S]*?(?=\n\s+at |$)/,
        '\nparams: [redacted]',
      );
    }
  }
  delete out.params;
  delete out.detail;
  // body-parser keeps the raw request body on its errors (a password in bad JSON).
  delete out.body;
  delete out.rawBody;
  delete out.parameters;
  if (typeof out.url === 'string') out.url = redactUrl(out.url);
  const cause = (err as { cause?: unknown }).cause;
  if (cause) out.cause = redactError(cause, depth + 1);
  return out;
}

export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'doi-thoai' },
    serializers: { err: redactError },
    redact: {
      paths: [
        'req.headers.cookie',
        'req.headers.authorization',
        'res.headers["set-cookie"]',
        '*.password',
        '*.newPassword',
        '*.currentPassword',
        '*.token',
      ],
      censor: '[redacted]',
    },
  });
}
