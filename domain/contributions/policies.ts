import { AppError } from '../errors.ts';
import { canOrganise, type ConferenceAccess } from '../conferences/policies.ts';
import { requireUser } from '../auth/policies.ts';

/**
 * Moderators of one conference: its organisers, administrators, and whoever holds its
 * `moderator` role. A global editor moderates only the conferences that gave them the
 * role, so contributors' contacts are seen only where someone must answer them.
 */
export function canModerate(access: ConferenceAccess): boolean {
  return canOrganise(access) || access.roles.has('moderator');
}

export function requireModerator(access: ConferenceAccess) {
  const actor = requireUser(access.actor);
  if (!canModerate(access)) throw new AppError('forbidden');
  return actor;
}

export { PUBLIC_STATUSES } from '../../protocol/contributions.ts';
