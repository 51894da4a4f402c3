import { and, desc, eq } from 'drizzle-orm';
import type { Database } from '../../db/database.ts';
import { recordings } from '../../db/schema/recordings.ts';
import { conferenceRecords } from '../../db/schema/reports.ts';
import type { ConferenceRecord } from '../../protocol/reports.ts';
import type { Actor } from '../auth/policies.ts';
import { loadAccess } from '../conferences/policies.ts';
import { createArticle } from '../news/articles.ts';
import { requireEditor, uploadPhoto } from '../news/photos.ts';
import { buildConferenceRecord } from './conference-record.ts';
import { canNewsroomUseRecord, canSeeFullRecord, requireRight } from './policies.ts';
import {
  dateTime as formatRecordTime,
  escapeHtml as escape,
  hoursMinutes,
} from './record-format.ts';

const n = (x: number) => x.toLocaleString('vi-VN');

/** Still frames of a recording: JPEGs at the given seconds (ffmpeg, on the server side). */
export type FrameGrabber = (recordingPath: string, seconds: number[]) => Promise<Buffer[]>;

/** The article's parts from a record (public facts only: it is written for readers). */
export function newsFromRecord(
  record: ConferenceRecord,
  urls: { conference: string; record: string },
) {
  const t = record.totals;
  const day = formatRecordTime(record.session.startedAt ?? record.conference.startsAt).slice(0, 10);
  const title = `${record.conference.title}: ${n(t.present)} điểm cầu, ${n(t.turns)} lượt phát biểu`;
  const summary =
    `Ngày ${day}, ${record.conference.organiser} tổ chức ${record.conference.title} theo hình thức trực tuyến ` +
    `với ${n(t.sites)} điểm cầu và ${n(t.attendees)} đại biểu dự; hội nghị nghe ${n(t.turns)} lượt ý kiến ` +
    `phát biểu và nhận ${n(t.contributions)} ý kiến, kiến nghị.`;
  const body: string[] = [
    `<p>${escape(summary)}</p>`,
    `<p>Chủ đề của hội nghị: ${escape(record.conference.theme)}.</p>`,
    '<h2>Các con số của hội nghị</h2>',
    '<ul>',
    `<li><p>${n(t.present)}/${n(t.sites)} điểm cầu có mặt, ${n(t.attendees)} đại biểu.</p></li>`,
    `<li><p>${n(t.turns)} lượt phát biểu, tổng thời gian ${hoursMinutes(t.spokenSeconds)}.</p></li>`,
    `<li><p>${n(t.contributions)} ý kiến, kiến nghị; ${n(record.adopted.length)} ý kiến được đưa vào kết luận.</p></li>`,
    '</ul>',
  ];
  const spoken = record.themes.filter((x) => x.turns > 0);
  if (spoken.length) {
    body.push('<h2>Nội dung thảo luận</h2><ul>');
    for (const theme of spoken)
      body.push(
        `<li><p>${escape(theme.title)}: ${n(theme.turns)} lượt phát biểu, ${n(theme.contributions)} ý kiến.</p></li>`,
      );
    body.push('</ul>');
  }
  if (record.adopted.length) {
    body.push('<h2>Ý kiến được tiếp thu</h2><ul>');
    for (const a of record.adopted.slice(0, 10))
      body.push(`<li><p>${escape(a.title)} (${escape(a.authorName)})</p></li>`);
    body.push('</ul>');
  }
  if (record.conclusions) body.push('<h2>Kết luận của hội nghị</h2>', record.conclusions.html);
  body.push(
    `<p>Toàn văn kết quả hội nghị: <a href="${escape(urls.record)}">${escape(urls.record)}</a>.</p>`,
  );
  return {
    title: title.length > 300 ? `${title.slice(0, 297)}…` : title,
    summary: summary.slice(0, 1000),
    bodyHtml: body.join(''),
    sourceName: record.conference.organiser.slice(0, 200),
    links: [
      { title: record.conference.title.slice(0, 300), url: urls.conference },
      { title: `Kết quả hội nghị — ${record.conference.title}`.slice(0, 300), url: urls.record },
    ],
  };
}

/**
 * A draft article in the portal from a conference's record, for an editor to finish and
 * publish: the figures, the themes, the adopted contributions, the published conclusions,
 * frames from the recording (when there is one), the source, links back to the conference
 * and its record. Needs a newsroom role, and the full record's right or a conference the
 * public may see.
 */
export async function createRecordNewsDraft(opts: {
  db: Database;
  actor: Actor | null;
  conferenceId: string;
  /** The portal's public address (`PUBLIC_URL`): links are absolute. */
  publicUrl: string;
  /** Where recordings are stored, and how to take frames of one (absent: no frames). */
  media?: { dir: string; frames: FrameGrabber };
}) {
  const access = await loadAccess(opts.db, opts.actor, opts.conferenceId);
  // The newsroom writes it: its members may, from any conference the public may see; the
  // conference's own organisers, chair and secretary may too, if they are in the newsroom.
  requireRight(access, canSeeFullRecord(access) || canNewsroomUseRecord(access));
  const actor = requireEditor(opts.actor);
  // The article tells the public: it is written from the public record.
  const record = await buildConferenceRecord(opts.db, access, 'public');
  const base = opts.publicUrl.replace(/\/+$/, '');
  const conferenceUrl = `${base}/hoi-nghi/${record.conference.slug}`;
  const parts = newsFromRecord(record, {
    conference: conferenceUrl,
    record: `${conferenceUrl}/ket-qua`,
  });
  const isPublic =
    access.conference.visibility === 'public' && access.conference.status !== 'draft';

  const figures: string[] = [];
  let coverPhotoId: string | null = null;
  const [recording] = await opts.db
    .select()
    .from(recordings)
    .where(and(eq(recordings.conferenceId, opts.conferenceId), eq(recordings.status, 'ready')))
    .orderBy(desc(recordings.finishedAt))
    .limit(1);
  if (recording?.path && opts.media) {
    // A frame from each of the first turns (a few seconds in: the speaker, not a switch).
    const turns = recording.chapters.filter((c) => c.turn !== false).slice(0, 3);
    const frames = await opts.media
      .frames(
        `${opts.media.dir}/${recording.path}`,
        turns.map((c) => c.start + Math.min(5, (c.end - c.start) / 2)),
      )
      .catch(() => [] as Buffer[]);
    for (const [i, frame] of frames.entries()) {
      const chapter = turns[i]!;
      const photo = await uploadPhoto({
        db: opts.db,
        actor,
        file: { name: `khung-hinh-${i + 1}.jpg`, data: frame },
      });
      coverPhotoId ??= photo.id;
      const caption = [chapter.siteName, chapter.delegateName].filter(Boolean).join(' — ');
      figures.push(
        `<figure><img src="${photo.src}" alt="${escape(`Phát biểu tại hội nghị: ${caption}`)}" data-photo-id="${photo.id}"><figcaption>${escape(caption)} (ảnh từ bản ghi hội nghị)</figcaption></figure>`,
      );
    }
    if (isPublic)
      figures.push(
        `<figure class="video"><video src="/media/recordings/${opts.conferenceId}/${recording.id}.mp4" controls="" preload="metadata"></video><figcaption>Bản ghi hội nghị</figcaption></figure>`,
      );
  }
  const [first, ...rest] = parts.bodyHtml.split('<h2>');
  const article = await createArticle({
    db: opts.db,
    actor,
    input: {
      ...parts,
      bodyHtml: [first, ...figures, ...rest.map((r) => `<h2>${r}`)].join(''),
      authorName: '',
      sourceUrl: isPublic ? conferenceUrl : null,
      categoryId: null,
      conferenceId: isPublic ? opts.conferenceId : null,
      coverPhotoId,
      tags: ['hội nghị trực tuyến'],
      featured: false,
      links: isPublic ? parts.links : [],
    },
  });
  await opts.db
    .insert(conferenceRecords)
    .values({ conferenceId: opts.conferenceId, newsArticleId: article.id })
    .onConflictDoUpdate({
      target: conferenceRecords.conferenceId,
      set: { newsArticleId: article.id },
    });
  return { id: article.id, slug: article.slug, title: article.title };
}
