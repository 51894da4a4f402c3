import { hasRole } from '../auth/policies.ts';
import { AppError } from '../errors.ts';
import { canOrganise, type ConferenceAccess } from '../conferences/policies.ts';
import { requireUser } from '../auth/policies.ts';

/** Moderators: the conference's organisers, administrators and editors. */
export function canModerate(access: ConferenceAccess): boolean {
  return canOrganise(access) || hasRole(access.actor, 'editor');
}

export function requireModerator(access: ConferenceAccess) {
  const actor = requireUser(access.actor);
  if (!canModerate(access)) throw new AppError('forbidden');
  return actor;
}

export { PUBLIC_STATUSES } from '../../protocol/contributions.ts';
