import { eq } from 'drizzle-orm';
import type { Database } from '../../db/database.ts';
import {
  recoveryCodes,
  secondFactorChallenges,
  secondFactors,
} from '../../db/schema/second-factor.ts';
import { users } from '../../db/schema/users.ts';
import type { ProveIdentityInput } from '../../protocol/second-factor.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { requireAdmin, requireUser, type Actor } from '../auth/policies.ts';
import { revokeUserSessions } from '../auth/sessions.ts';
import { AppError } from '../errors.ts';
import { hasSecondFactor } from './sign-in-challenge.ts';
import { proveIdentity } from './prove-identity.ts';
import { isSecondFactorRequired } from './required.ts';
import { replaceRecoveryCodes } from './recovery-codes.ts';

/**
 * Turns one's own second factor off, with a current code or the password; refused while
 * one's role requires it (enrol again instead).
 */
export async function disableSecondFactor(opts: {
  db: Database;
  actor: Actor | null;
  sessionSecret: string;
  input: ProveIdentityInput;
  ip: string;
}): Promise<void> {
  const actor = requireUser(opts.actor);
  if (!(await hasSecondFactor(opts.db, actor.id))) {
    throw new AppError('invalid_state', { messageKey: 'secondFactor.notEnrolled' });
  }
  if (await isSecondFactorRequired(opts.db, actor.id)) {
    throw new AppError('invalid_state', { messageKey: 'secondFactor.requiredCannotDisable' });
  }
  await proveIdentity({
    db: opts.db,
    user: actor,
    input: opts.input,
    sessionSecret: opts.sessionSecret,
    ip: opts.ip,
  });
  await opts.db.transaction(async (tx) => {
    await tx.delete(secondFactors).where(eq(secondFactors.userId, actor.id));
    await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, actor.id));
    await recordAudit(tx, {
      actor,
      action: 'second_factor.disabled',
      target: { type: 'user', id: actor.id, label: actor.email },
      before: { enrolled: true },
      after: { enrolled: false },
    });
  });
}

/** Ten new recovery codes (the old ones stop working), with a current code or the password. */
export async function regenerateRecoveryCodes(opts: {
  db: Database;
  actor: Actor | null;
  sessionSecret: string;
  input: ProveIdentityInput;
  ip: string;
}): Promise<{ recoveryCodes: string[] }> {
  const actor = requireUser(opts.actor);
  if (!(await hasSecondFactor(opts.db, actor.id))) {
    throw new AppError('invalid_state', { messageKey: 'secondFactor.notEnrolled' });
  }
  await proveIdentity({
    db: opts.db,
    user: actor,
    input: opts.input,
    sessionSecret: opts.sessionSecret,
    ip: opts.ip,
  });
  return opts.db.transaction(async (tx) => {
    const codes = await replaceRecoveryCodes(tx, actor.id, opts.sessionSecret);
    await recordAudit(tx, {
      actor,
      action: 'second_factor.recovery_codes_renewed',
      target: { type: 'user', id: actor.id, label: actor.email },
    });
    return { recoveryCodes: codes };
  });
}

/**
 * An administrator removes another user's second factor (a lost phone): the factor,
 * its recovery codes and pending sign-ins are gone, and the user is signed out
 * everywhere; at the next sign-in the password alone lets them in (and enrolment is
 * asked again when their role requires it).
 */
export async function resetSecondFactor(opts: {
  db: Database;
  actor: Actor | null;
  userId: string;
}): Promise<void> {
  const admin = requireAdmin(opts.actor);
  if (admin.id === opts.userId) throw new AppError('cannot_change_own_access');
  await opts.db.transaction(async (tx) => {
    const [user] = await tx
      .select({ id: users.id, email: users.email })
      .from(users)
      .where(eq(users.id, opts.userId))
      .limit(1);
    if (!user) throw new AppError('not_found');
    const [removed] = await tx
      .delete(secondFactors)
      .where(eq(secondFactors.userId, user.id))
      .returning({ secret: secondFactors.secret });
    await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, user.id));
    await tx.delete(secondFactorChallenges).where(eq(secondFactorChallenges.userId, user.id));
    await revokeUserSessions({ db: tx, userId: user.id });
    await recordAudit(tx, {
      actor: admin,
      action: 'second_factor.reset',
      target: { type: 'user', id: user.id, label: user.email },
      before: { enrolled: !!removed?.secret },
      after: { enrolled: false },
    });
  });
}

/** Whether an account has a confirmed factor (the admin's user page shows it). */
export async function userSecondFactor(opts: {
  db: Database;
  actor: Actor | null;
  userId: string;
}): Promise<{ enrolled: boolean }> {
  requireAdmin(opts.actor);
  return { enrolled: await hasSecondFactor(opts.db, opts.userId) };
}
