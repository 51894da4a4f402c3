import { eq, sql } from 'drizzle-orm';
import type { Database, Executor } from '../../db/database.ts';
import { conferenceRecords } from '../../db/schema/reports.ts';
import type { ConferenceRecord, RecordDocument } from '../../protocol/reports.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Actor } from '../auth/policies.ts';
import { loadAccess, type ConferenceAccess } from '../conferences/policies.ts';
import { AppError } from '../errors.ts';
import { cleanBody } from '../news/sanitize.ts';
import {
  dateTime as formatRecordTime,
  escapeHtml as escape,
  minSec as formatDuration,
} from './record-format.ts';
import { buildConferenceRecord, readSessionLog, type SessionLog } from './conference-record.ts';
import {
  canEditConclusions,
  canEditMinutes,
  canLockMinutes,
  canPublishConclusions,
  canSeeFullRecord,
  requireRight,
} from './policies.ts';

export type RecordDocumentKind = 'minutes' | 'conclusions';

const paragraphs = (text: string) =>
  text
    .split(/\n\s*\n|\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${escape(p)}</p>`)
    .join('');

/**
 * The proceedings as the secretary's notes tell them: general notes in the order taken,
 * then the notes of each turn under a heading naming it (number, site, delegate, time,
 * length, theme). The secretary edits this draft, then locks it.
 */
export function draftMinutes(log: SessionLog, record: ConferenceRecord): string {
  const { state } = log;
  const byTurn = new Map<string, string[]>();
  const general: { at: number; text: string }[] = [];
  for (const m of state.minutes) {
    if (m.turnId) byTurn.set(m.turnId, [...(byTurn.get(m.turnId) ?? []), m.text]);
    else general.push({ at: m.at, text: m.text });
  }
  // Only the proceedings: the documents put the time, place and attendance before them
  // and the conclusions after (record-docx.ts, record-pdf.ts).
  const out: string[] = [];
  if (general.length) out.push(paragraphs(general.map((g) => g.text).join('\n')));
  for (const turn of record.turns) {
    const notes = byTurn.get(turn.turnId);
    const who = [turn.siteName, turn.delegateName].filter(Boolean).join(' — ');
    out.push(
      `<h3>${turn.number}. ${escape(who)} (${formatRecordTime(turn.startedAt).slice(-5)}, ${formatDuration(turn.spokenSeconds)}${turn.themeTitle ? `; chủ đề: ${escape(turn.themeTitle)}` : ''})</h3>`,
    );
    out.push(notes?.length ? paragraphs(notes.join('\n')) : '<p>(Chưa có ghi chép.)</p>');
  }
  if (!record.turns.length && !general.length) out.push('<p>(Chưa có ghi chép.)</p>');
  return out.join('');
}

/**
 * The chair's conclusions as a draft: the adopted contributions by theme (what the
 * conference takes up), then a place for the tasks. The chair's office edits it.
 */
export function draftConclusions(record: ConferenceRecord): string {
  const out: string[] = [
    `<p>Ngày ${formatRecordTime(record.session.startedAt ?? record.conference.startsAt).slice(0, 10)}, ${escape(record.conference.organiser)} tổ chức ${escape(record.conference.title)} theo hình thức trực tuyến với ${record.totals.sites} điểm cầu, ${record.totals.attendees.toLocaleString('vi-VN')} đại biểu dự; ${record.totals.turns} lượt ý kiến phát biểu và ${record.totals.contributions.toLocaleString('vi-VN')} ý kiến, kiến nghị gửi đến hội nghị. Sau khi nghe các ý kiến, chủ trì hội nghị kết luận như sau:</p>`,
    '<h2>1. Đánh giá chung</h2>',
    spokenSummary(record),
    '<h2>2. Các ý kiến, kiến nghị được tiếp thu</h2>',
  ];
  const themes = [...new Set(record.adopted.map((a) => a.themeTitle))];
  if (!themes.length) out.push('<p>(Chưa có ý kiến được đưa vào kết luận.)</p>');
  for (const theme of themes) {
    out.push(`<h3>${escape(theme)}</h3><ul>`);
    for (const a of record.adopted.filter((x) => x.themeTitle === theme))
      out.push(
        `<li><p>${escape(a.title)} (${escape([a.authorName, a.siteName].filter(Boolean).join(', '))})</p></li>`,
      );
    out.push('</ul>');
  }
  out.push('<h2>3. Nhiệm vụ trong thời gian tới</h2><p></p>');
  return out.join('');
}

/** What the conference heard, as the minutes record it: turns per theme, who spoke. */
function spokenSummary(record: ConferenceRecord): string {
  if (!record.turns.length) return '<p></p>';
  const themes = record.themes
    .filter((t) => t.turns > 0)
    .map((t) => `${escape(t.title)} (${t.turns} lượt)`);
  const sites = [...new Set(record.turns.map((t) => t.siteName))];
  return (
    `<p>Hội nghị đã nghe ${record.turns.length} lượt phát biểu của ${sites.length} điểm cầu` +
    (themes.length ? `, về các chủ đề: ${themes.join('; ')}` : '') +
    `. Các điểm cầu phát biểu: ${sites.map(escape).join(', ')}.</p>`
  );
}

/** The editor's view of one record document: its text (or a draft), version, rights. */
export async function getRecordDocument(opts: {
  db: Database;
  actor: Actor | null;
  conferenceId: string;
  kind: RecordDocumentKind;
}) {
  const access = await loadAccess(opts.db, opts.actor, opts.conferenceId);
  requireRight(access, canSeeFullRecord(access));
  // The event log is read once, for the record and the draft.
  const log = await readSessionLog(opts.db, opts.conferenceId);
  const record = await buildConferenceRecord(opts.db, access, 'full', log);
  const version = await currentVersion(opts.db, opts.conferenceId, opts.kind);
  const doc = (opts.kind === 'minutes' ? record.minutes : record.conclusions)!;
  const draft =
    opts.kind === 'minutes'
      ? draftMinutes(log, record)
      : // Written for the public: its figures are the public record's.
        draftConclusions(await buildConferenceRecord(opts.db, access, 'public', log));
  return {
    kind: opts.kind,
    document: doc,
    version,
    /** What the editor starts from while nothing is saved. */
    draft,
    canEdit: rightsOf(access, opts.kind).edit && doc.lockedAt === null,
    // Locked minutes are final; conclusions may be published again after changes.
    canFinish: rightsOf(access, opts.kind).finish && doc.lockedAt === null,
    conference: record.conference,
  };
}

function rightsOf(access: ConferenceAccess, kind: RecordDocumentKind) {
  return kind === 'minutes'
    ? { edit: canEditMinutes(access), finish: canLockMinutes(access) }
    : { edit: canEditConclusions(access), finish: canPublishConclusions(access) };
}

async function currentVersion(db: Executor, conferenceId: string, kind: RecordDocumentKind) {
  const [row] = await db
    .select({ m: conferenceRecords.minutesVersion, c: conferenceRecords.conclusionsVersion })
    .from(conferenceRecords)
    .where(eq(conferenceRecords.conferenceId, conferenceId));
  return (kind === 'minutes' ? row?.m : row?.c) ?? 0;
}

/** The record's row, locked for this transaction (made when missing). */
async function lockRow(tx: Executor, conferenceId: string) {
  await tx.insert(conferenceRecords).values({ conferenceId }).onConflictDoNothing();
  const [row] = await tx
    .select()
    .from(conferenceRecords)
    .where(eq(conferenceRecords.conferenceId, conferenceId))
    .for('update');
  return row!;
}

/** Lists in lists in quotes…: deeper than this is not a document anyone writes. */
const MAX_DEPTH = 40;
const VOID = new Set(['br', 'img', 'hr', 'wbr', 'col', 'source']);

/** How deep the elements of some (sanitised, well-formed) HTML are nested. */
function nestingDepth(html: string): number {
  let depth = 0;
  let max = 0;
  for (const m of html.matchAll(/<(\/?)([a-z][a-z0-9]*)\b[^>]*?(\/?)>/gi)) {
    if (VOID.has(m[2]!.toLowerCase()) || m[3]) continue;
    depth += m[1] ? -1 : 1;
    max = Math.max(max, depth);
  }
  return max;
}

/**
 * Saves the minutes or the conclusions. `version` is the one the editor started from: if
 * someone saved in between, nothing is written (409) and the editor says so.
 */
export async function saveRecordDocument(opts: {
  db: Database;
  actor: Actor | null;
  conferenceId: string;
  kind: RecordDocumentKind;
  html: string;
  version: number;
}): Promise<{ version: number; updatedAt: Date }> {
  const access = await loadAccess(opts.db, opts.actor, opts.conferenceId);
  const actor = requireRight(access, rightsOf(access, opts.kind).edit);
  const html = cleanBody(opts.html).html;
  if (nestingDepth(html) > MAX_DEPTH)
    throw new AppError('validation', { messageKey: 'record.errors.tooDeep' });
  return opts.db.transaction(async (tx) => {
    const row = await lockRow(tx, opts.conferenceId);
    if (opts.kind === 'minutes' && row.minutesLockedAt)
      throw new AppError('conflict', { messageKey: 'record.errors.locked' });
    const current = opts.kind === 'minutes' ? row.minutesVersion : row.conclusionsVersion;
    if (current !== opts.version)
      throw new AppError('conflict', { messageKey: 'record.errors.stale' });
    const now = new Date();
    const version = current + 1;
    await tx
      .update(conferenceRecords)
      .set(
        opts.kind === 'minutes'
          ? {
              minutesHtml: html,
              minutesVersion: version,
              minutesUpdatedAt: now,
              minutesUpdatedBy: actor.id,
            }
          : {
              conclusionsHtml: html,
              conclusionsVersion: version,
              conclusionsUpdatedAt: now,
              conclusionsUpdatedBy: actor.id,
            },
      )
      .where(eq(conferenceRecords.conferenceId, opts.conferenceId));
    return { version, updatedAt: now };
  });
}

/**
 * Locks the minutes (final: no more edits; the public record shows them), or publishes or
 * withdraws the conclusions on the public conference page. Empty documents cannot be.
 */
export async function finishRecordDocument(opts: {
  db: Database;
  actor: Actor | null;
  conferenceId: string;
  kind: RecordDocumentKind;
  /** Conclusions only: false withdraws them from the public page. */
  publish?: boolean;
}): Promise<Pick<RecordDocument, 'lockedAt' | 'publishedAt'>> {
  const access = await loadAccess(opts.db, opts.actor, opts.conferenceId);
  const actor = requireRight(access, rightsOf(access, opts.kind).finish);
  return opts.db.transaction(async (tx) => {
    const row = await lockRow(tx, opts.conferenceId);
    const now = new Date();
    const empty = (html: string) => !html.replace(/<[^>]*>/g, '').trim();
    if (opts.kind === 'minutes') {
      if (row.minutesLockedAt)
        throw new AppError('conflict', { messageKey: 'record.errors.locked' });
      if (empty(row.minutesHtml))
        throw new AppError('conflict', { messageKey: 'record.errors.empty' });
      await tx
        .update(conferenceRecords)
        .set({ minutesLockedAt: now, minutesLockedBy: actor.id })
        .where(eq(conferenceRecords.conferenceId, opts.conferenceId));
      await recordAudit(tx, {
        actor,
        action: 'record.minutes_locked',
        target: {
          type: 'conference_record',
          id: opts.conferenceId,
          label: access.conference.title,
        },
        conferenceId: opts.conferenceId,
        before: { lockedAt: null },
        after: { lockedAt: now.toISOString(), version: row.minutesVersion },
      });
      return { lockedAt: now.getTime(), publishedAt: null };
    }
    const publish = opts.publish ?? true;
    if (publish && empty(row.conclusionsHtml))
      throw new AppError('conflict', { messageKey: 'record.errors.empty' });
    await tx
      .update(conferenceRecords)
      .set(
        publish
          ? {
              conclusionsPublishedHtml: row.conclusionsHtml,
              conclusionsPublishedAt: now,
              conclusionsPublishedBy: actor.id,
            }
          : { conclusionsPublishedAt: null, conclusionsPublishedBy: null },
      )
      .where(eq(conferenceRecords.conferenceId, opts.conferenceId));
    await tx.execute(sql`select pg_notify('portal_changed', 'conference_records')`);
    await recordAudit(tx, {
      actor,
      action: publish ? 'record.conclusions_published' : 'record.conclusions_withdrawn',
      target: { type: 'conference_record', id: opts.conferenceId, label: access.conference.title },
      conferenceId: opts.conferenceId,
      before: { publishedAt: row.conclusionsPublishedAt?.toISOString() ?? null },
      after: {
        publishedAt: publish ? now.toISOString() : null,
        ...(publish && { version: row.conclusionsVersion }),
      },
    });
    return { lockedAt: null, publishedAt: publish ? now.getTime() : null };
  });
}

/** The conclusions shown on the public conference page (null until published). */
export async function getPublishedConclusions(db: Executor, conferenceId: string) {
  const [row] = await db
    .select({
      html: conferenceRecords.conclusionsPublishedHtml,
      at: conferenceRecords.conclusionsPublishedAt,
    })
    .from(conferenceRecords)
    .where(eq(conferenceRecords.conferenceId, conferenceId));
  return row?.at ? { html: row.html, publishedAt: row.at } : null;
}
