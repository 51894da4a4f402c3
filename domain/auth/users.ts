import { count, desc, eq, sql } from 'drizzle-orm';
import type { Database, Executor } from '../../db/database.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { users, type UserRow } from '../../db/schema/users.ts';
import type { ChangePasswordInput, UpdateMeInput, UserView } from '../../protocol/auth.ts';
import type { GlobalRole, Language } from '../../protocol/common.ts';
import type { CreateUserInput, ListUsersInput, UpdateUserInput } from '../../protocol/users.ts';
import { AppError } from '../errors.ts';
import { checkPasswordStrength } from './password-policy.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { requireAdmin, requireUser, type Actor } from './policies.ts';
import { announceAccessChange } from './access-changes.ts';
import { revokeUserSessions } from './sessions.ts';
import { changedFields, recordAudit } from '../audit/record-audit.ts';

export const USERS_PAGE_SIZE = 25;

export function toUserView(row: UserRow): UserView {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    language: row.language,
    roles: row.roles,
    disabled: row.disabled,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function emailTaken(cause: unknown): AppError {
  return new AppError('email_taken', { fields: { email: 'errors.email_taken' }, cause });
}

/** Stores a new account. No policy: callers are `createUser`, the CLI and the demo loader. */
export async function insertUser(
  db: Executor,
  data: {
    email: string;
    name: string;
    password: string;
    language?: Language;
    roles?: GlobalRole[];
    disabled?: boolean;
  },
): Promise<UserRow> {
  const passwordHash = await hashPassword(data.password);
  try {
    const [row] = await db
      .insert(users)
      .values({
        email: data.email,
        name: data.name,
        passwordHash,
        language: data.language ?? 'vi',
        roles: [...new Set(data.roles ?? [])],
        disabled: data.disabled ?? false,
      })
      .returning();
    return row!;
  } catch (err) {
    if (isUniqueViolation(err)) throw emailTaken(err);
    throw err;
  }
}

export async function createUser(opts: {
  db: Database;
  actor: Actor | null;
  input: CreateUserInput;
}): Promise<UserView> {
  const actor = requireAdmin(opts.actor);
  checkPasswordStrength(opts.input.password, {
    field: 'password',
    userInputs: [opts.input.email, opts.input.name],
  });
  return opts.db.transaction(async (tx) => {
    const row = await insertUser(tx, opts.input);
    await auditUserCreated(tx, actor, row);
    return toUserView(row);
  });
}

/** What the trail keeps of an account (never its password). */
function accountSnapshot(row: UserRow) {
  return {
    email: row.email,
    name: row.name,
    language: row.language,
    roles: row.roles,
    disabled: row.disabled,
  };
}

async function auditUserCreated(db: Executor, actor: Actor | null, row: UserRow) {
  await recordAudit(db, {
    actor,
    action: 'user.created',
    target: { type: 'user', id: row.id, label: row.email },
    after: accountSnapshot(row),
  });
}

/**
 * The console's way in (`npm run admin`), for a database with no one to sign in yet:
 * whoever runs it owns the server, so there is no actor; the password policy holds.
 */
export async function createUserFromConsole(opts: {
  db: Database;
  input: CreateUserInput;
}): Promise<UserView> {
  checkPasswordStrength(opts.input.password, {
    field: 'password',
    userInputs: [opts.input.email, opts.input.name],
  });
  return opts.db.transaction(async (tx) => {
    const row = await insertUser(tx, opts.input);
    await auditUserCreated(tx, null, row);
    return toUserView(row);
  });
}

/** Sets a password from the console and signs the person out everywhere. */
export async function setPasswordFromConsole(opts: {
  db: Database;
  email: string;
  password: string;
}): Promise<UserView> {
  const [row] = await opts.db.select().from(users).where(eq(users.email, opts.email)).limit(1);
  if (!row) throw new AppError('not_found');
  checkPasswordStrength(opts.password, { field: 'password', userInputs: [row.email, row.name] });
  const passwordHash = await hashPassword(opts.password);
  return opts.db.transaction(async (tx) => {
    const [updated] = await tx
      .update(users)
      .set({ passwordHash, updatedAt: sql`now()` })
      .where(eq(users.id, row.id))
      .returning();
    await revokeUserSessions({ db: tx, userId: row.id });
    await recordAudit(tx, {
      actor: null,
      action: 'user.password_reset',
      target: { type: 'user', id: row.id, label: row.email },
    });
    return toUserView(updated!);
  });
}

/** Every account, newest first, for the console. */
export async function listUsersFromConsole(opts: { db: Database }): Promise<UserView[]> {
  const rows = await opts.db.select().from(users).orderBy(desc(users.createdAt));
  return rows.map(toUserView);
}

export async function listUsers(opts: {
  db: Database;
  actor: Actor | null;
  input: ListUsersInput;
}): Promise<{ users: UserView[]; total: number; page: number; pageSize: number }> {
  requireAdmin(opts.actor);
  const { q, page } = opts.input;
  const pattern = q ? `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const where = pattern
    ? sql`search_normalize(${users.name} || ' ' || ${users.email}) like search_normalize(${pattern})`
    : undefined;
  const [rows, [totalRow]] = await Promise.all([
    opts.db
      .select()
      .from(users)
      .where(where)
      .orderBy(desc(users.createdAt), users.email)
      .limit(USERS_PAGE_SIZE)
      .offset((page - 1) * USERS_PAGE_SIZE),
    opts.db.select({ n: count() }).from(users).where(where),
  ]);
  return {
    users: rows.map(toUserView),
    total: totalRow?.n ?? 0,
    page,
    pageSize: USERS_PAGE_SIZE,
  };
}

export async function getUser(opts: {
  db: Database;
  actor: Actor | null;
  id: string;
}): Promise<UserView> {
  requireAdmin(opts.actor);
  const [row] = await opts.db.select().from(users).where(eq(users.id, opts.id)).limit(1);
  if (!row) throw new AppError('not_found');
  return toUserView(row);
}

export async function updateUser(opts: {
  db: Database;
  actor: Actor | null;
  id: string;
  input: UpdateUserInput;
}): Promise<UserView> {
  const actor = requireAdmin(opts.actor);
  const { input } = opts;
  if (
    opts.id === actor.id &&
    (input.disabled === true || (input.roles && !input.roles.includes('admin')))
  ) {
    throw new AppError('cannot_change_own_access');
  }
  if (input.password) {
    const [current] = await opts.db.select().from(users).where(eq(users.id, opts.id)).limit(1);
    if (!current) throw new AppError('not_found');
    checkPasswordStrength(input.password, {
      field: 'password',
      userInputs: [input.email ?? current.email, input.name ?? current.name],
    });
  }
  const passwordHash = input.password ? await hashPassword(input.password) : undefined;
  try {
    return await opts.db.transaction(async (tx) => {
      const [previous] = await tx
        .select()
        .from(users)
        .where(eq(users.id, opts.id))
        .for('update')
        .limit(1);
      if (!previous) throw new AppError('not_found');
      const [row] = await tx
        .update(users)
        .set({
          ...(input.email !== undefined && { email: input.email }),
          ...(input.name !== undefined && { name: input.name }),
          ...(input.language !== undefined && { language: input.language }),
          ...(input.roles !== undefined && { roles: [...new Set(input.roles)] }),
          ...(input.disabled !== undefined && { disabled: input.disabled }),
          ...(passwordHash && { passwordHash }),
          updatedAt: sql`now()`,
        })
        .where(eq(users.id, opts.id))
        .returning();
      if (!row) throw new AppError('not_found');
      // A disabled account or a reset password ends the user's other sessions.
      if (input.disabled || passwordHash) {
        await revokeUserSessions({ db: tx, userId: row.id });
      } else if (input.roles !== undefined || input.disabled !== undefined) {
        // Global roles decide conference rights too (an administrator organises them all).
        await announceAccessChange(tx, { userId: row.id });
      }
      await auditUserUpdate(tx, actor, previous, row, !!passwordHash);
      return toUserView(row);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw emailTaken(err);
    throw err;
  }
}

/**
 * One entry per kind of change an administrator made to an account, so the trail can be
 * filtered by it: roles, disabled/enabled, password reset, and the other fields.
 */
async function auditUserUpdate(
  tx: Executor,
  actor: Actor,
  previous: UserRow,
  row: UserRow,
  passwordReset: boolean,
) {
  const target = { type: 'user', id: row.id, label: row.email };
  const before = accountSnapshot(previous);
  const after = accountSnapshot(row);
  const roles = changedFields(
    { roles: [...before.roles].sort() },
    { roles: [...after.roles].sort() },
  );
  if (roles) {
    await recordAudit(tx, { actor, action: 'user.roles_changed', target, ...roles });
  }
  if (before.disabled !== after.disabled) {
    await recordAudit(tx, {
      actor,
      action: after.disabled ? 'user.disabled' : 'user.enabled',
      target,
      before: { disabled: before.disabled },
      after: { disabled: after.disabled },
    });
  }
  if (passwordReset) {
    await recordAudit(tx, { actor, action: 'user.password_reset', target });
  }
  const edited = changedFields(
    { email: before.email, name: before.name, language: before.language },
    { email: after.email, name: after.name, language: after.language },
  );
  if (edited) await recordAudit(tx, { actor, action: 'user.edited', target, ...edited });
}

export async function getOwnAccount(opts: {
  db: Database;
  actor: Actor | null;
}): Promise<UserView> {
  const actor = requireUser(opts.actor);
  const [row] = await opts.db.select().from(users).where(eq(users.id, actor.id)).limit(1);
  if (!row) throw new AppError('unauthenticated');
  return toUserView(row);
}

export async function updateOwnProfile(opts: {
  db: Database;
  actor: Actor | null;
  input: UpdateMeInput;
}): Promise<UserView> {
  const actor = requireUser(opts.actor);
  const { input } = opts;
  const [row] = await opts.db
    .update(users)
    .set({
      ...(input.name !== undefined && { name: input.name }),
      ...(input.language !== undefined && { language: input.language }),
      updatedAt: sql`now()`,
    })
    .where(eq(users.id, actor.id))
    .returning();
  if (!row) throw new AppError('unauthenticated');
  return toUserView(row);
}

/** Changes the actor's own password and signs out their other sessions. */
export async function changeOwnPassword(opts: {
  db: Database;
  actor: Actor | null;
  sessionId: string | null;
  input: ChangePasswordInput;
}): Promise<void> {
  const actor = requireUser(opts.actor);
  const { input } = opts;
  const [row] = await opts.db.select().from(users).where(eq(users.id, actor.id)).limit(1);
  if (!row) throw new AppError('unauthenticated');
  if (!(await verifyPassword(row.passwordHash, input.currentPassword))) {
    throw new AppError('validation', { fields: { currentPassword: 'errors.wrong_password' } });
  }
  checkPasswordStrength(input.newPassword, {
    field: 'newPassword',
    userInputs: [row.email, row.name, input.currentPassword],
  });
  const passwordHash = await hashPassword(input.newPassword);
  await opts.db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ passwordHash, updatedAt: sql`now()` })
      .where(eq(users.id, actor.id));
    await revokeUserSessions({
      db: tx,
      userId: actor.id,
      exceptSessionId: opts.sessionId ?? undefined,
    });
  });
}
