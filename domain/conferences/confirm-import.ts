import { and, eq, max } from 'drizzle-orm';
import type { Database } from '../../db/database.ts';
import { conferenceSites, delegates, importPreviews } from '../../db/schema/conferences.ts';
import type { Actor } from '../auth/policies.ts';
import { dataErrorKind } from '../../db/errors.ts';
import { AppError } from '../errors.ts';
import { normalizeName } from '../slug.ts';
import { loadAccess, requireOrganiser } from './policies.ts';
import { ImportPlanSchema, type ImportPlan } from './import-format.ts';

/** Applies a valid preview in one transaction: sites by name, delegates by site and name. */
export async function confirmImport(opts: {
  db: Database;
  actor: Actor | null;
  conferenceId: string;
  previewId: string;
}) {
  try {
    return await applyImport(opts);
  } catch (err) {
    // The conference changed since the preview in a way the plan did not foresee.
    if (dataErrorKind(err)) {
      throw new AppError('conflict', { fields: { file: 'errors.import_stale' }, cause: err });
    }
    throw err;
  }
}

function applyImport(opts: {
  db: Database;
  actor: Actor | null;
  conferenceId: string;
  previewId: string;
}) {
  return opts.db.transaction(async (tx) => {
    const actor = requireOrganiser(await loadAccess(tx, opts.actor, opts.conferenceId));
    const [preview] = await tx
      .delete(importPreviews)
      .where(
        and(
          eq(importPreviews.id, opts.previewId),
          eq(importPreviews.conferenceId, opts.conferenceId),
          eq(importPreviews.createdBy, actor.id),
        ),
      )
      .returning();
    if (!preview) throw new AppError('not_found');
    const read = ImportPlanSchema.safeParse(preview.payload);
    if (!read.success) throw new AppError('conflict', { fields: { file: 'errors.import_stale' } });
    const plan: ImportPlan = read.data;
    const result = { sitesCreated: 0, sitesUpdated: 0, delegatesCreated: 0, delegatesUpdated: 0 };

    const existing = await tx
      .select()
      .from(conferenceSites)
      .where(eq(conferenceSites.conferenceId, opts.conferenceId));
    const [last] = await tx
      .select({ n: max(conferenceSites.position) })
      .from(conferenceSites)
      .where(eq(conferenceSites.conferenceId, opts.conferenceId));
    let position = (last?.n ?? -1) + 1;
    const siteIds = new Map(existing.map((s) => [normalizeName(s.name), s.id]));
    // Checked again: a host site may have been added since the preview.
    const host = existing.find((s) => s.isHost);
    const planHost = plan.sites.find((s) => s.isHost);
    if (host && planHost && normalizeName(host.name) !== normalizeName(planHost.name)) {
      throw new AppError('conflict', {
        fields: { file: 'errors.import_host_taken' },
        params: { host: host.name },
      });
    }
    for (const { line: _line, action: _action, ...site } of plan.sites) {
      const id = siteIds.get(normalizeName(site.name));
      if (id) {
        await tx.update(conferenceSites).set(site).where(eq(conferenceSites.id, id));
        result.sitesUpdated++;
      } else {
        const [row] = await tx
          .insert(conferenceSites)
          .values({ ...site, conferenceId: opts.conferenceId, position: position++ })
          .returning({ id: conferenceSites.id });
        siteIds.set(normalizeName(site.name), row!.id);
        result.sitesCreated++;
      }
    }

    const people = await tx
      .select()
      .from(delegates)
      .where(eq(delegates.conferenceId, opts.conferenceId));
    for (const { line: _line, action: _action, site, ...person } of plan.delegates) {
      const siteId = siteIds.get(normalizeName(site));
      if (!siteId) throw new AppError('conflict', { fields: { file: 'errors.import_stale' } });
      const match = people.find(
        (d) => d.siteId === siteId && normalizeName(d.name) === normalizeName(person.name),
      );
      if (match) {
        await tx.update(delegates).set(person).where(eq(delegates.id, match.id));
        result.delegatesUpdated++;
      } else {
        await tx.insert(delegates).values({ ...person, conferenceId: opts.conferenceId, siteId });
        result.delegatesCreated++;
      }
    }
    return result;
  });
}
