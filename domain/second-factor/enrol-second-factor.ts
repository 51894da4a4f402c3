import { and, count, eq, isNull } from 'drizzle-orm';
import type { Database } from '../../db/database.ts';
import { recoveryCodes, secondFactors } from '../../db/schema/second-factor.ts';
import type { z } from 'zod';
import type { ConfirmEnrolmentRequest, StartEnrolmentInput } from '../../protocol/second-factor.ts';
import { proveIdentity } from './prove-identity.ts';
import { hasSecondFactor } from './sign-in-challenge.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { requireUser, type Actor } from '../auth/policies.ts';
import { AppError } from '../errors.ts';
import { isSecondFactorRequired } from './required.ts';
import { replaceRecoveryCodes } from './recovery-codes.ts';
import { checkTotp, decryptSecret, encryptSecret, enrolmentQr, newTotpSecret } from './totp.ts';

/** The signed-in user's second factor, as their account page shows it. */
export async function getSecondFactorStatus(opts: { db: Database; actor: Actor | null }) {
  const actor = requireUser(opts.actor);
  const [row] = await opts.db
    .select()
    .from(secondFactors)
    .where(eq(secondFactors.userId, actor.id))
    .limit(1);
  const [left] = await opts.db
    .select({ n: count() })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, actor.id), isNull(recoveryCodes.usedAt)));
  return {
    enrolled: !!row?.secret,
    enrolling: !!row?.pendingSecret,
    required: await isSecondFactorRequired(opts.db, actor.id),
    confirmedAt: row?.secret ? (row.confirmedAt ?? null) : null,
    recoveryCodesLeft: row?.secret ? (left?.n ?? 0) : 0,
  };
}

async function qrFor(actor: Actor, secret: string, issuer: string) {
  return { secret, ...(await enrolmentQr({ issuer, label: actor.email, secret })) };
}

/**
 * Starts (or starts again) an enrolment: a new secret, kept encrypted as pending until
 * a code from the app confirms it. A confirmed factor stays in force meanwhile.
 */
export async function startEnrolment(opts: {
  db: Database;
  actor: Actor | null;
  sessionSecret: string;
  issuer: string;
  input?: StartEnrolmentInput;
  ip: string;
}) {
  const actor = requireUser(opts.actor);
  if (await hasSecondFactor(opts.db, actor.id)) {
    const { code, password } = opts.input ?? {};
    if (code === undefined && password === undefined) {
      throw new AppError('validation', { fields: { password: 'secondFactor.proveHint' } });
    }
    await proveIdentity({
      db: opts.db,
      user: actor,
      input: code !== undefined ? { code } : { password: password! },
      sessionSecret: opts.sessionSecret,
      ip: opts.ip,
    });
  }
  const secret = newTotpSecret();
  const pendingSecret = encryptSecret({
    secret,
    userId: actor.id,
    sessionSecret: opts.sessionSecret,
  });
  await opts.db
    .insert(secondFactors)
    .values({ userId: actor.id, pendingSecret })
    .onConflictDoUpdate({
      target: secondFactors.userId,
      set: { pendingSecret, updatedAt: new Date() },
    });
  return qrFor(actor, secret, opts.issuer);
}

/** The enrolment under way, to show its QR code again (null when none). */
export async function pendingEnrolment(opts: {
  db: Database;
  actor: Actor | null;
  sessionSecret: string;
  issuer: string;
}) {
  const actor = requireUser(opts.actor);
  const [row] = await opts.db
    .select({ pendingSecret: secondFactors.pendingSecret })
    .from(secondFactors)
    .where(eq(secondFactors.userId, actor.id))
    .limit(1);
  if (!row?.pendingSecret) return null;
  const secret = decryptSecret({
    stored: row.pendingSecret,
    userId: actor.id,
    sessionSecret: opts.sessionSecret,
  });
  return qrFor(actor, secret, opts.issuer);
}

/**
 * Confirms the enrolment with a code from the app: the pending secret becomes the factor,
 * and ten new recovery codes replace any old ones. The codes are returned this once;
 * only their hashes are kept.
 */
export async function confirmEnrolment(opts: {
  db: Database;
  actor: Actor | null;
  sessionSecret: string;
  input: z.output<typeof ConfirmEnrolmentRequest>;
}): Promise<{ recoveryCodes: string[] }> {
  const actor = requireUser(opts.actor);
  return opts.db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(secondFactors)
      .where(eq(secondFactors.userId, actor.id))
      .for('update')
      .limit(1);
    if (!row?.pendingSecret) {
      throw new AppError('invalid_state', { messageKey: 'secondFactor.noEnrolment' });
    }
    const secret = decryptSecret({
      stored: row.pendingSecret,
      userId: actor.id,
      sessionSecret: opts.sessionSecret,
    });
    const step = await checkTotp({ secret, code: opts.input.code });
    if (step === null) {
      throw new AppError('invalid_second_factor', {
        fields: { code: 'errors.invalid_second_factor' },
      });
    }
    await tx
      .update(secondFactors)
      .set({
        secret: row.pendingSecret,
        pendingSecret: null,
        confirmedAt: new Date(),
        lastUsedStep: step,
        updatedAt: new Date(),
      })
      .where(eq(secondFactors.userId, actor.id));
    const codes = await replaceRecoveryCodes(tx, actor.id, opts.sessionSecret);
    await recordAudit(tx, {
      actor,
      action: 'second_factor.enrolled',
      target: { type: 'user', id: actor.id, label: actor.email },
      before: { enrolled: !!row.secret },
      after: { enrolled: true },
    });
    return { recoveryCodes: codes };
  });
}
