import { desc, eq, sql } from 'drizzle-orm';
import type { Database, Executor } from '../../db/database.ts';
import { privacyNotices, type PrivacyNoticeRow } from '../../db/schema/privacy.ts';
import { DAYS_PLACEHOLDER, type PrivacyNoticeInput } from '../../protocol/privacy.ts';
import { changedFields, recordAudit } from '../audit/record-audit.ts';
import { requireAdmin, type Actor } from '../auth/policies.ts';
import { DEFAULT_NOTICE } from './default-notice.ts';

export interface PrivacyNotice extends PrivacyNoticeInput {
  version: number;
  /** When this version was saved; null: the built-in wording, not stored yet. */
  createdAt: Date | null;
}

const view = (row: PrivacyNoticeRow): PrivacyNotice => ({
  version: row.version,
  summary: row.summary,
  summaryEn: row.summaryEn,
  body: row.body,
  bodyEn: row.bodyEn,
  retentionDays: row.retentionDays,
  createdAt: row.createdAt,
});

/** The notice in force: the newest version, or the built-in wording as version 1. */
export async function getPrivacyNotice(opts: { db: Executor }): Promise<PrivacyNotice> {
  const [row] = await opts.db
    .select()
    .from(privacyNotices)
    .orderBy(desc(privacyNotices.version))
    .limit(1);
  return row ? view(row) : { ...DEFAULT_NOTICE, version: 1, createdAt: null };
}

/**
 * Stores the built-in wording as version 1 when no version is stored yet, so that a
 * consent always refers to a stored text. Safe to run concurrently.
 */
export async function ensurePrivacyNotice(db: Executor): Promise<void> {
  await db
    .insert(privacyNotices)
    .select(
      sql`select 1, ${DEFAULT_NOTICE.summary}, ${DEFAULT_NOTICE.summaryEn}, ${DEFAULT_NOTICE.body}, ${DEFAULT_NOTICE.bodyEn}, ${DEFAULT_NOTICE.retentionDays}::int, null::uuid, now() where not exists (select 1 from privacy_notices)`,
    )
    .onConflictDoNothing();
}

/** Every stored version, newest first (the administrators' page). */
export async function listPrivacyNoticeVersions(opts: { db: Executor; actor: Actor | null }) {
  requireAdmin(opts.actor);
  return opts.db
    .select({
      version: privacyNotices.version,
      createdAt: privacyNotices.createdAt,
      retentionDays: privacyNotices.retentionDays,
    })
    .from(privacyNotices)
    .orderBy(desc(privacyNotices.version))
    .limit(50);
}

/** One stored version (the full notice page may show an older one). */
export async function getPrivacyNoticeVersion(opts: { db: Executor; version: number }) {
  const [row] = await opts.db
    .select()
    .from(privacyNotices)
    .where(eq(privacyNotices.version, opts.version));
  return row ? view(row) : null;
}

/**
 * Saves a new version of the notice (and with it the retention period); the versions
 * before stay as they were, for the consents given under them. Audited.
 */
export async function savePrivacyNotice(opts: {
  db: Database;
  actor: Actor | null;
  input: PrivacyNoticeInput;
}): Promise<PrivacyNotice> {
  const actor = requireAdmin(opts.actor);
  return opts.db.transaction(async (tx) => {
    await ensurePrivacyNotice(tx);
    const current = await getPrivacyNotice({ db: tx });
    const [row] = await tx
      .insert(privacyNotices)
      .values({ version: current.version + 1, ...opts.input, createdBy: actor.id })
      .returning();
    const { version: _v, createdAt: _c, ...before } = current;
    const changed = changedFields(before, opts.input);
    await recordAudit(tx, {
      actor,
      action: 'privacy_notice.updated',
      target: { type: 'privacy_notice', id: String(row!.version), label: `v${row!.version}` },
      before: changed?.before ?? null,
      after: { ...changed?.after, version: row!.version },
    });
    return view(row!);
  });
}

/** The wording in a language, the retention period put in. */
export function noticeText(notice: PrivacyNoticeInput, lang: 'vi' | 'en') {
  const fill = (s: string) => s.split(DAYS_PLACEHOLDER).join(String(notice.retentionDays));
  return {
    summary: fill(lang === 'en' ? notice.summaryEn : notice.summary),
    body: fill(lang === 'en' ? notice.bodyEn : notice.body),
  };
}
