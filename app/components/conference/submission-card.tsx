import { useTranslation } from '../../i18n/use-translation.ts';
import { Form } from 'react-router';
import { formatDateTime } from '../../i18n/format.ts';
import { RowAction } from '../row-action.tsx';

export interface SubmissionItem {
  id: string;
  title: string;
  status: 'submitted' | 'accepted' | 'returned';
  authorName: string;
  siteName: string | null;
  themeTitle: string | null;
  summary: string;
  reviewReason: string | null;
  scheduled: boolean;
  createdAt: Date | string;
  file: { name: string };
}

/** One written submission, with the organisers' review and scheduling. */
export function SubmissionCard({
  submission: s,
  conferenceId,
  organise,
}: {
  submission: SubmissionItem;
  conferenceId: string;
  organise: boolean;
}) {
  const { t } = useTranslation();
  return (
    <li className="card">
      <p className={`badge badge-${s.status}`}>{t(`conf.submissions.status.${s.status}`)}</p>
      <h3>{s.title}</h3>
      <p className="muted">
        {s.authorName}
        {s.siteName ? ` · ${s.siteName}` : ''}
        {s.themeTitle ? ` · ${s.themeTitle}` : ''} · {t('conf.submissions.sentAt')}{' '}
        {formatDateTime(s.createdAt)}
      </p>
      <p>{s.summary}</p>
      {s.reviewReason && (
        <p>
          <strong>{t('conf.submissions.reason')}:</strong> {s.reviewReason}
        </p>
      )}
      <p>
        <a href={`/api/v1/conferences/${conferenceId}/submissions/${s.id}/file`} download>
          {t('conf.submissions.download')} ({s.file.name})
        </a>
      </p>
      {organise && (
        <div className="inline-actions">
          <RowAction
            intent="review"
            fields={{ submissionId: s.id, decision: 'accept' }}
            label={t('conf.submissions.accept')}
            variant="secondary"
          />
          <Form method="post" className="inline-actions">
            <input type="hidden" name="intent" value="review" />
            <input type="hidden" name="submissionId" value={s.id} />
            <input type="hidden" name="decision" value="return" />
            <label className="visually-hidden" htmlFor={`reason-${s.id}`}>
              {t('conf.submissions.reason')}
            </label>
            <input
              id={`reason-${s.id}`}
              name="reason"
              placeholder={t('conf.submissions.reason')}
              required
            />
            <button type="submit" className="button button-secondary">
              {t('conf.submissions.returnIt')}
            </button>
          </Form>
          {s.status === 'accepted' &&
            (s.scheduled ? (
              <span className="badge">{t('conf.submissions.scheduled')}</span>
            ) : (
              <RowAction
                intent="schedule"
                fields={{ submissionId: s.id }}
                label={t('conf.submissions.schedule')}
                variant="button"
              />
            ))}
        </div>
      )}
    </li>
  );
}
