import { useTranslation } from '../../i18n/use-translation.ts';
import type { ConferenceRecord, RecordCount } from '../../../protocol/reports.ts';
import { formatDateTime, formatTime } from '../../i18n/format.ts';
import { DataTable } from '../data-table.tsx';

/** A chart as the server drew it (domain/reports/charts.ts): SVG with its own text alternative. */
export interface ChartView {
  title: string;
  svg: string;
  description: string;
}

/** `m:ss`, `h:mm:ss` from an hour. */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** One chart: the server's SVG (its names escaped there), a caption and the numbers in words. */
export function RecordChart({ chart }: { chart: ChartView }) {
  return (
    <figure className="record-chart">
      {/* Drawn on the server from escaped data (domain/reports/chart-svg.ts). */}
      <div className="record-chart-svg" dangerouslySetInnerHTML={{ __html: chart.svg }} />
      <figcaption>
        <strong>{chart.title}</strong>
        <span className="visually-hidden"> {chart.description}</span>
      </figcaption>
    </figure>
  );
}

function Counts({
  title,
  rows,
  labelKey,
}: {
  title: string;
  rows: RecordCount[];
  labelKey: string;
}) {
  const { t } = useTranslation();
  return (
    <DataTable
      caption={title}
      rows={rows}
      rowKey={(r) => r.key}
      empty={t('record.none')}
      columns={[
        {
          header: title,
          rowHeader: true,
          cell: (r) => t(`${labelKey}.${r.key}`, { defaultValue: r.label }),
        },
        { header: t('record.col.count'), cell: (r) => r.count.toLocaleString() },
      ]}
    />
  );
}

/**
 * A conference's record as a page: the totals, the charts, attendance by site, every turn,
 * themes, contributions, written submissions. The same for the organisers' page and the
 * public one: the public record simply holds less (no reasons, only public statuses).
 */
export function RecordView({
  record,
  charts,
}: {
  record: ConferenceRecord;
  charts: Record<string, ChartView>;
}) {
  const { t } = useTranslation();
  const full = record.view === 'full';
  const totals = record.totals;
  const figures: [string, string][] = [
    [t('record.totals.sites'), String(totals.sites)],
    [t('record.totals.present'), String(totals.present)],
    [t('record.totals.absent'), String(totals.absent)],
    [t('record.totals.notCheckedIn'), String(totals.notCheckedIn)],
    [t('record.totals.attendees'), totals.attendees.toLocaleString()],
    [t('record.totals.turns'), String(totals.turns)],
    [t('record.totals.spoken'), duration(totals.spokenSeconds)],
    [t('record.totals.overTime'), String(totals.overTimeTurns)],
    [t('record.totals.contributions'), totals.contributions.toLocaleString()],
    [t('record.totals.submissions'), String(totals.submissions)],
  ];
  return (
    <div className="stack record">
      <p className="muted">{t('record.generated', { at: formatDateTime(record.generatedAt) })}</p>
      {record.session.startedAt === null && <p className="notice">{t('record.notStarted')}</p>}
      <section aria-labelledby="record-totals">
        <h2 id="record-totals">{t('record.totals.title')}</h2>
        <dl className="record-totals">
          {figures.map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      </section>

      <section aria-labelledby="record-attendance">
        <h2 id="record-attendance">{t('record.attendance')}</h2>
        {charts.attendance && <RecordChart chart={charts.attendance} />}
        <DataTable
          caption={t('record.attendance')}
          rows={record.sites}
          rowKey={(s) => s.siteId}
          empty={t('record.none')}
          columns={[
            { header: t('record.col.site'), rowHeader: true, cell: (s) => s.name },
            { header: t('record.col.rollCall'), cell: (s) => t(`record.rollCall.${s.rollCall}`) },
            { header: t('record.col.attendees'), cell: (s) => s.attendees ?? '' },
            full && { header: t('record.col.reason'), cell: (s) => s.absenceReason ?? '' },
            {
              header: t('record.col.online'),
              cell: (s) => (s.firstOnlineAt ? formatDateTime(s.firstOnlineAt) : ''),
            },
            {
              header: t('record.col.onlineTime'),
              cell: (s) => (s.onlineMs ? duration(s.onlineMs / 1000) : ''),
            },
            { header: t('record.col.turns'), cell: (s) => s.turns },
            {
              header: t('record.col.spoken'),
              cell: (s) => (s.turns ? duration(s.spokenSeconds) : ''),
            },
            { header: t('record.col.contributions'), cell: (s) => s.contributions },
          ]}
        />
      </section>

      <section aria-labelledby="record-turns">
        <h2 id="record-turns">{t('record.turns')}</h2>
        {charts.turnsBySite && record.turns.length > 0 && (
          <div className="record-charts">
            <RecordChart chart={charts.turnsBySite} />
            {charts.timeBySite && <RecordChart chart={charts.timeBySite} />}
          </div>
        )}
        {charts.timeline && record.turns.length > 0 && <RecordChart chart={charts.timeline} />}
        <DataTable
          caption={t('record.turns')}
          rows={record.turns}
          rowKey={(x) => x.turnId}
          empty={t('record.none')}
          className="record-turns"
          columns={[
            { header: t('record.col.number'), cell: (x) => x.number },
            { header: t('record.col.site'), rowHeader: true, cell: (x) => x.siteName },
            { header: t('record.col.delegate'), cell: (x) => x.delegateName ?? '' },
            { header: t('record.col.theme'), cell: (x) => x.themeTitle ?? '' },
            { header: t('record.col.start'), cell: (x) => formatTime(x.startedAt) },
            { header: t('record.col.duration'), cell: (x) => duration(x.spokenSeconds) },
            {
              header: t('record.col.over'),
              cell: (x) => (x.overSeconds ? duration(x.overSeconds) : ''),
            },
            { header: t('record.col.answers'), cell: (x) => x.answersNumber ?? '' },
          ]}
        />
      </section>

      <section aria-labelledby="record-themes">
        <h2 id="record-themes">{t('record.themes')}</h2>
        {charts.themes && record.turns.length > 0 && <RecordChart chart={charts.themes} />}
        <DataTable
          caption={t('record.themes')}
          rows={record.themes}
          rowKey={(x) => x.themeId}
          empty={t('record.none')}
          columns={[
            { header: t('record.col.theme'), rowHeader: true, cell: (x) => x.title },
            { header: t('record.col.turns'), cell: (x) => x.turns },
            { header: t('record.col.spoken'), cell: (x) => duration(x.spokenSeconds) },
            { header: t('record.col.contributions'), cell: (x) => x.contributions },
          ]}
        />
      </section>

      <section aria-labelledby="record-contributions">
        <h2 id="record-contributions">{t('record.contributions')}</h2>
        {record.totals.contributions > 0 && (
          <div className="record-charts">
            {charts.contributionsByTheme && <RecordChart chart={charts.contributionsByTheme} />}
            {charts.contributionsByKind && <RecordChart chart={charts.contributionsByKind} />}
          </div>
        )}
        <div className="record-counts">
          <Counts
            title={t('record.byStatus')}
            rows={record.contributionsByStatus}
            labelKey="contrib.status"
          />
          <Counts
            title={t('record.byKind')}
            rows={record.contributionsByKind}
            labelKey="contrib.kinds"
          />
          <Counts
            title={t('record.byAuthorKind')}
            rows={record.contributionsByAuthorKind}
            labelKey="conf.kinds"
          />
        </div>
        <h3>{t('record.adopted')}</h3>
        <DataTable
          caption={t('record.adopted')}
          rows={record.adopted}
          rowKey={(x) => x.id}
          empty={t('record.none')}
          columns={[
            { header: t('record.col.title'), rowHeader: true, cell: (x) => x.title },
            { header: t('record.col.theme'), cell: (x) => x.themeTitle },
            {
              header: t('record.col.author'),
              cell: (x) => [x.authorName, x.siteName].filter(Boolean).join(', '),
            },
            { header: t('record.col.supports'), cell: (x) => x.supportCount },
          ]}
        />
      </section>

      <section aria-labelledby="record-submissions">
        <h2 id="record-submissions">{t('record.submissions')}</h2>
        <DataTable
          caption={t('record.submissions')}
          rows={record.submissions}
          rowKey={(x) => x.id}
          empty={t('record.none')}
          columns={[
            { header: t('record.col.title'), rowHeader: true, cell: (x) => x.title },
            {
              header: t('record.col.author'),
              cell: (x) => [x.authorName, x.siteName].filter(Boolean).join(', '),
            },
            { header: t('record.col.theme'), cell: (x) => x.themeTitle ?? '' },
            full && { header: t('record.col.status'), cell: (x) => x.status },
          ]}
        />
      </section>
    </div>
  );
}

/** A record document (minutes, conclusions): the stored, sanitised HTML, as the public sees it. */
export function RecordDocumentBody({ html }: { html: string }) {
  // Sanitised on the server when saved (domain/news/sanitize.ts).
  return <div className="article-body" dangerouslySetInnerHTML={{ __html: html }} />;
}
