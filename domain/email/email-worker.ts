import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { rowsOf, type Database } from '../../db/database.ts';
import { emailOutbox, type EmailKind } from '../../db/schema/email.ts';
import { localSettings } from '../../protocol/site-settings.ts';
import type { Language } from '../../protocol/common.ts';
import { getSiteSettings } from '../news/site-settings.ts';
import { OUTBOX_CHANNEL } from './outbox.ts';
import { renderEmail, type EmailParams, type RenderedEmail } from './templates.ts';

/** One message as the transport gets it. */
export interface OutgoingEmail extends RenderedEmail {
  to: string;
  toName: string;
  /** The same on every attempt (`<uuid@domain>`). */
  messageId: string;
}

export interface EmailWorkerOptions {
  db: Database;
  /** LISTEN on a channel (db/client.ts); returns the unlisten function. */
  listen?: (
    channel: string,
    onNotify: () => void,
    onReconnect?: () => void,
  ) => Promise<() => Promise<void>>;
  /** Sends one message; throws when the server refuses. Null: e-mail is off, messages are held. */
  send: ((email: OutgoingEmail) => Promise<void>) | null;
  /** PUBLIC_URL, for the links in messages. */
  publicUrl: () => string;
  /** The domain of the Message-IDs (the sender address's). */
  messageIdDomain: string;
  onError?: (err: unknown) => void;
  /** What became of each message handled (for the metrics). */
  onResult?: (result: 'sent' | 'retry' | 'failed' | 'held') => void;
  /** Attempts before a message is `failed`. */
  maxAttempts?: number;
  /** The first retry's delay; each next one doubles (capped at `maxBackoffMs`). */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** How long a worker holds a message it is sending before another may take it over. */
  leaseMs?: number;
  /** A poll besides NOTIFY (retries come due without one). */
  pollMs?: number;
}

/** The single-use links in messages (password reset, site sign-in): their tokens. */
const SECRET_LINK = '(/dang-nhap/(?:dat-lai-mat-khau|lien-ket)/)[A-Za-z0-9_-]+';

export const EMAIL_DEFAULTS = {
  maxAttempts: 8,
  backoffMs: 30_000,
  maxBackoffMs: 6 * 3600_000,
  leaseMs: 300_000,
  pollMs: 5_000,
} as const;

interface Claimed {
  id: number;
  to_address: string;
  to_name: string;
  language: Language;
  kind: EmailKind;
  params: unknown;
  subject: string | null;
  text: string | null;
  html: string | null;
  message_id: string;
  attempts: number;
}

/**
 * Sends the outbox, one message at a time per worker. A message is taken under a lease
 * with `FOR UPDATE SKIP LOCKED`, so two workers (on one instance or many) never hold the
 * same row; a refusal puts it back with a doubled delay; after `maxAttempts` it is
 * `failed`. With e-mail off (`send` null) messages are rendered and `held`.
 */
export function createEmailWorker(opts: EmailWorkerOptions) {
  const cfg = { ...EMAIL_DEFAULTS, ...dropUndefined(opts) };
  const holder = randomUUID();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  let unlisten: (() => Promise<void>) | null = null;

  async function claim(): Promise<Claimed | null> {
    const result = await opts.db.execute(sql`
      update email_outbox set
        status = 'sending',
        attempts = attempts + 1,
        lease_holder = ${holder},
        lease_until = now() + make_interval(secs => ${cfg.leaseMs / 1000})
      where id = (
        select id from email_outbox
        where (status = 'queued' and next_attempt_at <= now())
           or (status = 'sending' and lease_until < now())
        order by next_attempt_at, id
        limit 1
        for update skip locked)
      returning id, to_address, to_name, language, kind, params, subject, text, html, message_id, attempts`);
    return rowsOf<Claimed>(result)[0] ?? null;
  }

  /** Renders a message the first time it is taken; later attempts send the same text. */
  async function render(row: Claimed): Promise<OutgoingEmail> {
    let { subject, text, html, message_id: messageId } = row;
    if (subject === null || text === null || html === null) {
      const settings = localSettings(await getSiteSettings({ db: opts.db }), row.language);
      const siteName =
        settings.siteName ||
        settings.agencyName ||
        (row.language === 'en' ? 'Đối thoại portal' : 'Cổng Đối thoại');
      ({ subject, text, html } = renderEmail(
        row.kind,
        row.params as EmailParams[typeof row.kind],
        row.language,
        { siteName, publicUrl: opts.publicUrl() },
      ));
      if (!messageId.includes('@')) messageId = `<${messageId}@${opts.messageIdDomain}>`;
      await opts.db
        .update(emailOutbox)
        .set({ subject, text, html, messageId, params: {} })
        .where(and(eq(emailOutbox.id, row.id), eq(emailOutbox.leaseHolder, holder)));
    }
    return { to: row.to_address, toName: row.to_name, subject, text, html, messageId };
  }

  async function finish(
    id: number,
    set: {
      status: 'sent' | 'queued' | 'failed' | 'held';
      lastError?: string | null;
      nextAttemptAt?: ReturnType<typeof sql>;
      sentAt?: ReturnType<typeof sql>;
      text?: ReturnType<typeof sql>;
      html?: ReturnType<typeof sql>;
    },
  ) {
    await opts.db
      .update(emailOutbox)
      .set({ ...set, leaseHolder: null, leaseUntil: null })
      .where(and(eq(emailOutbox.id, id), eq(emailOutbox.leaseHolder, holder)));
  }

  async function handle(row: Claimed) {
    let message: OutgoingEmail;
    try {
      message = await render(row);
    } catch (err) {
      await finish(row.id, {
        status: 'failed',
        lastError: `render: ${(err as Error).message}`.slice(0, 500),
      });
      opts.onResult?.('failed');
      throw err;
    }
    if (!opts.send) {
      await finish(row.id, { status: 'held' });
      opts.onResult?.('held');
      return;
    }
    try {
      await opts.send(message);
    } catch (err) {
      const error = String((err as Error).message ?? err).slice(0, 500);
      if (row.attempts >= cfg.maxAttempts) {
        await finish(row.id, { status: 'failed', lastError: error });
        opts.onResult?.('failed');
      } else {
        const delay = Math.min(cfg.maxBackoffMs, cfg.backoffMs * 2 ** (row.attempts - 1));
        await finish(row.id, {
          status: 'queued',
          lastError: error,
          nextAttemptAt: sql`now() + make_interval(secs => ${delay / 1000})`,
        });
        opts.onResult?.('retry');
      }
      return;
    }
    // Once delivered, the copy kept for administrators no longer carries a working link.
    await finish(row.id, {
      status: 'sent',
      sentAt: sql`now()`,
      lastError: null,
      text: sql`regexp_replace(${emailOutbox.text}, ${SECRET_LINK}, ${'\\1[…]'}, 'g')`,
      html: sql`regexp_replace(${emailOutbox.html}, ${SECRET_LINK}, ${'\\1[…]'}, 'g')`,
    });
    opts.onResult?.('sent');
  }

  function tick() {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      do {
        again = false;
        for (;;) {
          if (stopped) return;
          const row = await claim();
          if (!row) break;
          await handle(row);
        }
      } while (again && !stopped);
    })()
      .catch((err: unknown) => opts.onError?.(err))
      .finally(() => {
        running = null;
      });
  }

  return {
    async start() {
      if (opts.listen) unlisten = await opts.listen(OUTBOX_CHANNEL, tick, tick);
      timer = setInterval(tick, cfg.pollMs);
      timer.unref();
      tick();
    },
    /** Look for work now. */
    poke: tick,
    /** Resolves when nothing is running (tests). */
    async idle() {
      while (running) await running;
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      await unlisten?.().catch(() => {});
      await running;
    },
  };
}

function dropUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export type EmailWorker = ReturnType<typeof createEmailWorker>;
