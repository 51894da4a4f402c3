import type { Database } from '../../db/database.ts';
import type { RecordView } from '../../protocol/reports.ts';
import type { Actor } from '../auth/policies.ts';
import { loadAccess } from '../conferences/policies.ts';
import { isNewsroomMember } from '../news/workflow.ts';
import { recordCharts } from './charts.ts';
import { buildConferenceRecord, readRecordRow } from './conference-record.ts';
import {
  canEditConclusions,
  canEditMinutes,
  canLockMinutes,
  canPublishConclusions,
  canNewsroomUseRecord,
  canSeeFullRecord,
  requireRecordView,
} from './policies.ts';

/**
 * What a record page shows: the record, its charts (drawn on the server, in the reader's
 * language), and, on the organisers' page, what the reader may do with it.
 */
export async function getRecordPage(opts: {
  db: Database;
  actor: Actor | null;
  conferenceId: string;
  view: RecordView;
  lang: 'vi' | 'en';
}) {
  const access = await loadAccess(opts.db, opts.actor, opts.conferenceId);
  requireRecordView(access, opts.view);
  const record = await buildConferenceRecord(opts.db, access, opts.view);
  const charts = Object.fromEntries(
    Object.entries(recordCharts(record, opts.lang)).map(([k, c]) => [
      k,
      { title: c.title, svg: c.svg, description: c.description },
    ]),
  );
  const full = opts.view === 'full' && canSeeFullRecord(access);
  const row = full ? await readRecordRow(opts.db, opts.conferenceId) : null;
  return {
    record,
    charts,
    can: {
      editMinutes: full && canEditMinutes(access),
      lockMinutes: full && canLockMinutes(access),
      editConclusions: full && canEditConclusions(access),
      publishConclusions: full && canPublishConclusions(access),
      newsDraft:
        !!opts.actor &&
        isNewsroomMember(opts.actor.roles) &&
        (full ? true : canNewsroomUseRecord(access)),
    },
    newsArticleId: row?.r.newsArticleId ?? null,
  };
}
