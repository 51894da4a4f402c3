import { eq, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { emailOutbox } from '../../db/schema/email.ts';
import { createEmailWorker, type EmailWorker } from '../../domain/email/email-worker.ts';
import { enqueueEmail } from '../../domain/email/outbox.ts';
import { createSmtpSender } from '../../domain/email/smtp-transport.ts';
import { createTestDatabase } from '../support/test-database.ts';
import { startSmtpServer } from '../support/smtp.ts';

// The outbox's worker against a real SMTP server: retries with backoff, sends each
// message once, and two workers on one database never send the same row. Run with
// DATABASE_URL too: PGlite runs transactions one at a time and would hide a race.
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
const workers: EmailWorker[] = [];
const senders: ReturnType<typeof createSmtpSender>[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  smtp = await startSmtpServer();
});
afterEach(async () => {
  for (const w of workers.splice(0)) await w.stop();
  for (const s of senders.splice(0)) s.close();
  smtp.received.splice(0);
  smtp.refuse(0);
});
afterAll(async () => {
  await smtp.close();
  await database.close();
});

let n = 0;
async function queue(count: number, tag: string) {
  const ids: number[] = [];
  await database.db.transaction(async (tx) => {
    for (let i = 0; i < count; i++) {
      const id = await enqueueEmail(tx, {
        to: `nguoi-nhan-${tag}-${++n}@doithoai.example`,
        name: `Người nhận ${n}`,
        language: 'vi',
        kind: 'password_reset',
        params: { token: `tok-${tag}-${n}`, name: `Người nhận ${n}`, validMinutes: 60 },
      });
      ids.push(id!);
    }
  });
  return ids;
}

function worker(opts: { maxAttempts?: number; off?: boolean } = {}) {
  const sender = createSmtpSender({ url: smtp.url, from: 'Cổng thử <no-reply@doithoai.example>' });
  senders.push(sender);
  const w = createEmailWorker({
    db: database.db,
    listen: (channel, onNotify, onReconnect) =>
      database.listen(channel, () => onNotify(), onReconnect),
    send: opts.off ? null : (m) => sender.send(m),
    publicUrl: () => 'https://doithoai.example',
    messageIdDomain: 'doithoai.example',
    backoffMs: 20,
    maxBackoffMs: 100,
    pollMs: 25,
    maxAttempts: opts.maxAttempts ?? 5,
  });
  workers.push(w);
  return w;
}

async function rowOf(id: number) {
  const [row] = await database.db.select().from(emailOutbox).where(eq(emailOutbox.id, id));
  return row!;
}

async function until(check: () => Promise<boolean>) {
  for (let i = 0; i < 400 && !(await check()); i++) await new Promise((r) => setTimeout(r, 50));
  expect(await check()).toBe(true);
}

describe('e-mail outbox', () => {
  it('retries a server that refuses (451) with backoff, then sends the message once', async () => {
    smtp.refuse(2);
    const [id] = await queue(1, 'retry');
    const w = worker();
    await w.start();
    await smtp.waitFor((mail) => mail.length === 1);
    await until(async () => (await rowOf(id!)).status === 'sent');
    const row = await rowOf(id!);
    expect(smtp.refused).toBeGreaterThanOrEqual(2);
    expect(row.attempts).toBe(3);
    expect(row.lastError).toBeNull();
    expect(smtp.received[0]!.messageId).toBe(row.messageId);
    expect(smtp.received[0]!.subject).toContain('Đặt lại mật khẩu');
    expect(smtp.received[0]!.text).toContain(
      'https://doithoai.example/dang-nhap/dat-lai-mat-khau/tok-retry-',
    );
    // The copy kept for administrators no longer carries the working link.
    expect(row.text).toContain('/dang-nhap/dat-lai-mat-khau/[…]');
    expect(row.text).not.toContain('tok-retry-');
    expect(row.html).not.toContain('tok-retry-');
    // More polls go by: nothing is sent again.
    await queue(1, 'after');
    await smtp.waitFor((mail) => mail.length === 2);
    expect(smtp.received.filter((m) => m.messageId === row.messageId)).toHaveLength(1);
  });

  it('marks a message failed after the last attempt, with the server’s answer', async () => {
    smtp.refuse(1000);
    const [id] = await queue(1, 'fail');
    const w = worker({ maxAttempts: 3 });
    await w.start();
    await until(async () => (await rowOf(id!)).status === 'failed');
    const row = await rowOf(id!);
    expect(row.attempts).toBe(3);
    expect(row.lastError).toMatch(/451/);
    expect(smtp.received).toHaveLength(0);
  });

  it('keeps messages held (rendered, not sent) while e-mail is off', async () => {
    const [id] = await queue(1, 'held');
    const w = worker({ off: true });
    await w.start();
    await until(async () => (await rowOf(id!)).status === 'held');
    const row = await rowOf(id!);
    expect(row.subject).toContain('Đặt lại mật khẩu');
    expect(row.html).toContain(
      '<a href="https://doithoai.example/dang-nhap/dat-lai-mat-khau/tok-held-',
    );
    expect(smtp.received).toHaveLength(0);
  });

  it('takes over a message whose worker died (lease run out), not one still leased', async () => {
    const [dead, alive] = await queue(2, 'lease');
    await database.db
      .update(emailOutbox)
      .set({
        status: 'sending',
        attempts: 1,
        leaseHolder: 'dead',
        leaseUntil: sql`now() - interval '1 second'`,
      })
      .where(eq(emailOutbox.id, dead!));
    await database.db
      .update(emailOutbox)
      .set({
        status: 'sending',
        attempts: 1,
        leaseHolder: 'alive',
        leaseUntil: sql`now() + interval '1 hour'`,
      })
      .where(eq(emailOutbox.id, alive!));
    const w = worker();
    await w.start();
    await until(async () => (await rowOf(dead!)).status === 'sent');
    await w.idle();
    expect((await rowOf(dead!)).attempts).toBe(2);
    expect(await rowOf(alive!)).toMatchObject({ status: 'sending', leaseHolder: 'alive' });
    expect(smtp.received.map((m) => m.to)).toEqual([(await rowOf(dead!)).toAddress]);
  });

  it('two workers on one database never send the same message twice', async () => {
    const ids = await queue(40, 'pair');
    const a = worker();
    const b = worker();
    await Promise.all([a.start(), b.start()]);
    await smtp.waitFor((mail) => mail.length >= 40);
    await until(async () => {
      const rows = await Promise.all(ids.map(rowOf));
      return rows.every((r) => r.status === 'sent');
    });
    await Promise.all([a.idle(), b.idle()]);
    const got = smtp.received.map((m) => m.messageId);
    expect(new Set(got).size).toBe(40);
    expect(got).toHaveLength(40);
    const rows = await Promise.all(ids.map(rowOf));
    expect(rows.every((r) => r.attempts === 1)).toBe(true);
  });
});
