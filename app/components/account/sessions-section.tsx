import { useTranslation } from '../../i18n/use-translation.ts';
import { Form } from 'react-router';
import type { SessionView } from '../../../protocol/second-factor.ts';
import { formatDateTime } from '../../i18n/format.ts';
import { SubmitButton } from '../action-form.tsx';
import { DataTable } from '../data-table.tsx';
import { FormAlert } from '../field.tsx';

/** One's sessions: device, address, started, last seen, "this one"; sign out one or the others. */
export function SessionsSection({ sessions, done }: { sessions: SessionView[]; done?: string }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="sessions-title">
      <h2 id="sessions-title">{t('secondFactor.sessionsTitle')}</h2>
      <p>{t('secondFactor.sessionsIntro')}</p>
      {done === 'session-end' && (
        <FormAlert kind="success">{t('secondFactor.sessionEnded')}</FormAlert>
      )}
      {done === 'sessions-others' && (
        <FormAlert kind="success">{t('secondFactor.othersEnded')}</FormAlert>
      )}
      <DataTable
        className="sessions"
        caption={t('secondFactor.sessionsTitle')}
        scrolls
        rows={sessions}
        rowKey={(s) => s.id}
        columns={[
          {
            header: t('secondFactor.device'),
            rowHeader: true,
            cell: (s) => (
              <>
                {s.device}
                {s.current && <strong> ({t('secondFactor.thisOne')})</strong>}
              </>
            ),
          },
          { header: t('secondFactor.address'), cell: (s) => s.ip ?? '' },
          { header: t('secondFactor.started'), cell: (s) => formatDateTime(s.createdAt) },
          { header: t('secondFactor.lastSeen'), cell: (s) => formatDateTime(s.lastSeenAt) },
          {
            header: t('secondFactor.endSession'),
            hidden: true,
            cell: (s) =>
              s.current ? null : (
                <Form method="post">
                  <input type="hidden" name="intent" value="session-end" />
                  <input type="hidden" name="sessionId" value={s.id} />
                  <SubmitButton className="button button-secondary">
                    {t('secondFactor.endSession')}
                  </SubmitButton>
                </Form>
              ),
          },
        ]}
      />
      {sessions.some((s) => !s.current) && (
        <Form method="post">
          <input type="hidden" name="intent" value="sessions-others" />
          <SubmitButton>{t('secondFactor.endOthers')}</SubmitButton>
        </Form>
      )}
    </section>
  );
}
