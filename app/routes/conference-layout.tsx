import { useTranslation } from '../i18n/use-translation.ts';
import { useState, type ReactNode } from 'react';
import { LivePhaseContext, statusOf } from '../live/live-phase.ts';
import { Link, Outlet, useActionData, useRouteLoaderData } from 'react-router';
import { getConferenceOverview } from '../../domain/conferences/conferences.ts';
import { ConferenceNav } from '../components/conference-nav.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { pageData } from '../forms.ts';
import { successKey } from '../action-result.ts';
import { FormAlert } from '../components/field.tsx';
import { isRemovalAnswer, RemovalNotice } from '../components/removal-notice.tsx';
import { formatDateTime } from '../i18n/format.ts';
import type { Route } from './+types/conference-layout';

export async function loader({ context, request, params }: Route.LoaderArgs) {
  return pageData(request, () =>
    getConferenceOverview({
      db: context.db,
      actor: context.actor,
      conferenceId: params.conferenceId,
    }),
  );
}

export default function ConferenceLayout({ loaderData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const { conference, can } = loaderData;
  // On a live console the badge follows the session as it happens.
  const [live, setLive] = useState<Parameters<typeof statusOf>[1]>(null);
  const status = statusOf(conference.status, live);
  return (
    <section>
      <p className="breadcrumb">
        <Link to="/quan-ly/hoi-nghi">{t('conf.myConferences')}</Link>
      </p>
      <header className="conference-head">
        <p className={`badge badge-${status}`} role="status" data-status={status}>
          {t(`home.status.${status}`)}
        </p>
        <h1>{conference.title}</h1>
        <p className="muted">
          {formatDateTime(conference.startsAt)} – {formatDateTime(conference.endsAt)} ·{' '}
          {conference.organiser}
          {' · '}
          <Link to={`/hoi-nghi/${conference.slug}`}>{t('conf.publicPage')}</Link>
        </p>
      </header>
      <ConferenceNav
        id={conference.id}
        organise={can.organise}
        moderate={can.moderate}
        chair={can.organise || loaderData.roles.includes('chair')}
        secretary={
          can.organise ||
          loaderData.roles.includes('chair') ||
          loaderData.roles.includes('secretary')
        }
        record={
          can.organise ||
          loaderData.roles.includes('chair') ||
          loaderData.roles.includes('secretary')
        }
      />
      <LivePhaseContext.Provider value={setLive}>
        <Outlet />
      </LivePhaseContext.Provider>
    </section>
  );
}

/** The conference every management page sits in (its layout's data). */
export function useConference() {
  return useRouteLoaderData<typeof loader>('routes/conference-layout')!;
}

/**
 * A management page of a conference: its title (also the document's), what its last
 * action did (a removal with its Undo: `RemovalNotice`), and its content.
 */
export function ConferencePage({ title, children }: { title: string; children: ReactNode }) {
  const { conference } = useConference();
  const { t } = useTranslation();
  const answer = useActionData() as { ok?: boolean; intent?: string } | undefined;
  const done = answer?.ok && !isRemovalAnswer(answer) ? successKey(answer.intent) : null;
  return (
    <div className="stack">
      <PageTitle>{`${title} – ${conference.title}`}</PageTitle>
      <h2>{title}</h2>
      {done && <FormAlert kind="success">{t(done as 'form.saved')}</FormAlert>}
      <RemovalNotice />
      {children}
    </div>
  );
}
