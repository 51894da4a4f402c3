import type { Executor } from '../../db/database.ts';
import { hasRole, requireUser, type Actor } from '../auth/policies.ts';
import { loadAccess, requireOrganiser } from '../conferences/policies.ts';
import { AppError } from '../errors.ts';

/**
 * Who may read the audit trail: administrators all of it; a conference's organisers only
 * its entries (they must filter by that conference). Returns the conference the reader is
 * limited to, or null for the whole trail.
 */
export async function requireAuditReader(
  db: Executor,
  actor: Actor | null,
  conferenceId: string | undefined,
): Promise<{ actor: Actor; onlyConference: string | null }> {
  const user = requireUser(actor);
  if (hasRole(user, 'admin')) return { actor: user, onlyConference: null };
  if (!conferenceId) throw new AppError('forbidden');
  requireOrganiser(await loadAccess(db, user, conferenceId));
  return { actor: user, onlyConference: conferenceId };
}
