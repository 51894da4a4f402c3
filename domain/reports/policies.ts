import type { RecordView } from '../../protocol/reports.ts';
import { requireUser, type Actor } from '../auth/policies.ts';
import { canOrganise, canViewConference, type ConferenceAccess } from '../conferences/policies.ts';
import { AppError } from '../errors.ts';
import { isNewsroomMember } from '../news/workflow.ts';

// Who may do what with a conference's record. The full record (attendance with reasons,
// every contribution's status, drafts) is for the organisers, the chair and the secretary;
// the public record for whoever may see the public conference page.

export function canSeeFullRecord(access: ConferenceAccess): boolean {
  return canOrganise(access) || access.roles.has('chair') || access.roles.has('secretary');
}

/** The minutes are the secretary's (and the organisers'). */
export function canEditMinutes(access: ConferenceAccess): boolean {
  return canOrganise(access) || access.roles.has('secretary');
}

/** Locking makes the minutes final: the secretary, the chair who signs them, organisers. */
export function canLockMinutes(access: ConferenceAccess): boolean {
  return canEditMinutes(access) || access.roles.has('chair');
}

/** The conclusions are the chair's; the secretary drafts them with the chair. */
export function canEditConclusions(access: ConferenceAccess): boolean {
  return canSeeFullRecord(access);
}

export function canPublishConclusions(access: ConferenceAccess): boolean {
  return canOrganise(access) || access.roles.has('chair');
}

/** A press officer (newsroom role) writes the news from the public record of a public conference. */
export function canNewsroomUseRecord(access: ConferenceAccess): boolean {
  const c = access.conference;
  return (
    !!access.actor &&
    isNewsroomMember(access.actor.roles) &&
    c.visibility === 'public' &&
    c.status !== 'draft'
  );
}

function deny(access: ConferenceAccess): never {
  requireUser(access.actor);
  throw new AppError('forbidden');
}

export function requireRecordView(access: ConferenceAccess, view: RecordView): void {
  if (view === 'full' ? !canSeeFullRecord(access) : !canViewConference(access)) {
    // The public record of a conference one may not see does not exist, for them.
    if (view === 'public') throw new AppError('not_found');
    deny(access);
  }
}

export function requireRight(access: ConferenceAccess, allowed: boolean): Actor {
  if (!allowed) deny(access);
  return access.actor!;
}
