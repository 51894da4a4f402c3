import { sql } from 'drizzle-orm';
import type { Database } from '../../db/database.ts';
import { secondFactorPolicy } from '../../db/schema/second-factor.ts';
import {
  secondFactorRoles,
  type SecondFactorRole,
  type UpdateSecondFactorPolicyInput,
} from '../../protocol/second-factor.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { requireAdmin, type Actor } from '../auth/policies.ts';

type Policy = Record<SecondFactorRole, boolean>;

async function readPolicy(db: Pick<Database, 'select'>): Promise<Policy> {
  const rows = await db.select().from(secondFactorPolicy);
  const roles = Object.fromEntries(secondFactorRoles.map((r) => [r, false])) as Policy;
  for (const row of rows) roles[row.role] = row.required;
  return roles;
}

/** For which roles the second factor is required (administrators only). */
export async function getSecondFactorPolicy(opts: { db: Database; actor: Actor | null }) {
  requireAdmin(opts.actor);
  return { roles: await readPolicy(opts.db) };
}

/** Requires (or stops requiring) the second factor per role; audited. */
export async function updateSecondFactorPolicy(opts: {
  db: Database;
  actor: Actor | null;
  input: UpdateSecondFactorPolicyInput;
}) {
  const admin = requireAdmin(opts.actor);
  return opts.db.transaction(async (tx) => {
    const before = await readPolicy(tx);
    const changed = secondFactorRoles.filter(
      (role) => opts.input.roles[role] !== undefined && opts.input.roles[role] !== before[role],
    );
    for (const role of changed) {
      const required = opts.input.roles[role]!;
      await tx
        .insert(secondFactorPolicy)
        .values({ role, required, updatedBy: admin.id })
        .onConflictDoUpdate({
          target: secondFactorPolicy.role,
          set: { required, updatedBy: admin.id, updatedAt: sql`now()` },
        });
    }
    const after = await readPolicy(tx);
    if (changed.length) {
      await recordAudit(tx, {
        actor: admin,
        action: 'second_factor.policy_changed',
        target: { type: 'setting', id: 'second_factor_policy', label: 'second_factor_policy' },
        before: Object.fromEntries(changed.map((r) => [r, before[r]])),
        after: Object.fromEntries(changed.map((r) => [r, after[r]])),
      });
    }
    return { roles: after };
  });
}
