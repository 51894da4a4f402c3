import type { Removal } from '../domain/conferences/removal.ts';
import { undoRemoval } from '../domain/conferences/undo-removal.ts';
import { signUndo } from '../domain/conferences/undo-token.ts';
import { confirmFirst, type ConferenceActing } from './actions.ts';
import { formText } from './forms.ts';

/** What a page says after a removal or its undo (see `RemovalNotice`). */
export interface RemovalReport {
  kind: Removal['kind'];
  label: Removal['label'];
}

/**
 * A removal on a management page: confirmed first (`confirmFirst`), then `remove`
 * runs, and the answer names what went and carries the undo token (the removal signed
 * for this actor and conference) with its expiry, for the page's Undo button.
 */
export function removeWithUndo(remove: (acting: ConferenceActing) => Promise<Removal>) {
  return confirmFirst(async (acting: ConferenceActing) => {
    const removal = await remove(acting);
    const { token, expiresAt } = signUndo({
      secret: acting.context.secret,
      actorId: acting.actor.id,
      conferenceId: acting.scope.conferenceId,
      removed: removal,
    });
    const removed: RemovalReport & { undo: string; until: number } = {
      kind: removal.kind,
      label: removal.label,
      undo: token,
      until: expiresAt,
    };
    return { removed };
  });
}

/** The Undo button's intent (`undo`, with the token): puts back what the token names. */
export async function undoAction(acting: ConferenceActing) {
  const removal = await undoRemoval({
    ...acting.scope,
    secret: acting.context.secret,
    token: formText(acting.form, 'token'),
  });
  const restored: RemovalReport = { kind: removal.kind, label: removal.label };
  return { restored };
}
