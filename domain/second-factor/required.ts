import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/database.ts';
import { rowsOf } from '../../db/database.ts';

/**
 * Whether the account `userId` (with global roles `roles`) holds a role for which an
 * administrator requires the second factor: `admin` is a global role; `organiser` and
 * `chair` are conference roles, and count when held in any conference (a chair is asked
 * at sign-in, before anyone knows which conference they will chair today).
 */
export function requiredSql(userId: SQL | string, roles: SQL): SQL {
  return sql`exists (
    select 1 from second_factor_policy p
    where p.required and (
      p.role = any(${roles})
      or exists (select 1 from conference_members m where m.user_id = ${userId} and m.role = p.role)
    )
  )`;
}

/** Required for this account and not yet enrolled: the account may only enrol. */
export function mustEnrolSql(userId: SQL, roles: SQL): SQL {
  return sql`(${requiredSql(userId, roles)} and not exists (
    select 1 from second_factors f where f.user_id = ${userId} and f.secret is not null
  ))`;
}

export async function isSecondFactorRequired(db: Executor, userId: string): Promise<boolean> {
  const result = await db.execute(
    sql`select ${requiredSql(userId, sql`coalesce((select roles from users where id = ${userId}), '{}'::text[])`)} as required`,
  );
  return rowsOf<{ required: boolean }>(result)[0]?.required === true;
}
