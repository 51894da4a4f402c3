import { asc, eq, inArray, ne, and } from 'drizzle-orm';
import type { Database } from '../../db/database.ts';
import { conferenceSites, conferenceThemes, conferences } from '../../db/schema/conferences.ts';

export interface ConferenceSummary {
  id: string;
  slug: string;
  title: string;
  theme: string;
  description: string;
  organiser: string;
  startsAt: string;
  endsAt: string;
  status: (typeof conferences.$inferSelect)['status'];
  hostSite: string | null;
  sites: string[];
  themes: string[];
}

/** Public, non-draft conferences, soonest first, with their themes and bridge points. */
export async function listPublicConferences(opts: { db: Database }): Promise<ConferenceSummary[]> {
  const rows = await opts.db
    .select()
    .from(conferences)
    .where(and(eq(conferences.visibility, 'public'), ne(conferences.status, 'draft')))
    .orderBy(asc(conferences.startsAt))
    .limit(20);
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [themes, sites] = await Promise.all([
    opts.db
      .select()
      .from(conferenceThemes)
      .where(inArray(conferenceThemes.conferenceId, ids))
      .orderBy(asc(conferenceThemes.position)),
    opts.db
      .select()
      .from(conferenceSites)
      .where(inArray(conferenceSites.conferenceId, ids))
      .orderBy(asc(conferenceSites.position)),
  ]);
  return rows.map((c) => {
    const own = sites.filter((s) => s.conferenceId === c.id);
    return {
      id: c.id,
      slug: c.slug,
      title: c.title,
      theme: c.theme,
      description: c.description,
      organiser: c.organiser,
      startsAt: c.startsAt.toISOString(),
      endsAt: c.endsAt.toISOString(),
      status: c.status,
      hostSite: own.find((s) => s.isHost)?.name ?? null,
      sites: own.map((s) => s.name),
      themes: themes.filter((t) => t.conferenceId === c.id).map((t) => t.title),
    };
  });
}
