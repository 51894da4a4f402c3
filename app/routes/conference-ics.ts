import { getPublicConference } from '../../domain/conferences/conferences.ts';
import { conferenceCalendar } from '../../domain/conferences/ics.ts';
import { resourceData } from '../forms.ts';
import type { Route } from './+types/conference-ics';

/** The conference as an .ics file for calendars. */
export async function loader({ context, request, params }: Route.LoaderArgs) {
  const { conference, sites } = await resourceData(request, context, () =>
    getPublicConference({ db: context.db, actor: context.actor, slug: params.slug }),
  );
  const url = `${context.publicUrl}/hoi-nghi/${conference.slug}`;
  const body = conferenceCalendar({
    ...conference,
    url,
    location: sites.find((s) => s.isHost)?.name ?? conference.organiser,
  });
  return new Response(body, {
    headers: {
      'Content-Type': 'text/calendar; charset=utf-8',
      'Content-Disposition': `attachment; filename="${conference.slug.slice(0, 80)}.ics"`,
    },
  });
}
