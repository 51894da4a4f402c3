import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Database } from '../../db/database.ts';
import { passwordResets } from '../../db/schema/email.ts';
import { users } from '../../db/schema/users.ts';
import type { PasswordResetSubmitInput } from '../../protocol/auth.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { AppError } from '../errors.ts';
import { checkPasswordStrength } from './password-policy.ts';
import { hashPassword } from './passwords.ts';
import { revokeUserSessions, sessionIdFor } from './sessions.ts';

const tokenShape = (token: string) => /^[\w-]{20,100}$/.test(token);

async function findLink(db: Database, token: string, secret: string) {
  if (!tokenShape(token)) return null;
  const [row] = await db
    .select({
      id: passwordResets.id,
      userId: users.id,
      email: users.email,
      name: users.name,
      language: users.language,
    })
    .from(passwordResets)
    .innerJoin(users, eq(users.id, passwordResets.userId))
    .where(
      and(
        eq(passwordResets.id, sessionIdFor(token, secret)),
        isNull(passwordResets.usedAt),
        gt(passwordResets.expiresAt, sql`now()`),
        eq(users.disabled, false),
      ),
    )
    .limit(1);
  return row ?? null;
}

/** Whether a reset link still works (the page asks before showing its form); `link_invalid` if not. */
export async function checkPasswordResetLink(opts: {
  db: Database;
  token: string;
  secret: string;
}): Promise<{ email: string; language: 'vi' | 'en' }> {
  const link = await findLink(opts.db, opts.token, opts.secret);
  if (!link) throw new AppError('link_invalid', { messageKey: 'errors.reset_link_invalid' });
  return { email: link.email, language: link.language };
}

/**
 * Sets a new password with a "Quên mật khẩu" link, once: the link is used up, every
 * session of the account ends (and its unused sign-in links), and the trail records it.
 * A password the policy refuses leaves the link usable.
 */
export async function resetPassword(opts: {
  db: Database;
  input: PasswordResetSubmitInput;
  secret: string;
}): Promise<{ email: string }> {
  const link = await findLink(opts.db, opts.input.token, opts.secret);
  if (!link) throw new AppError('link_invalid', { messageKey: 'errors.reset_link_invalid' });
  checkPasswordStrength(opts.input.password, {
    field: 'password',
    userInputs: [link.email, link.name],
  });
  const passwordHash = await hashPassword(opts.input.password);
  return opts.db.transaction(async (tx) => {
    // Used once: of two submissions at the same moment, only one updates the row.
    const [used] = await tx
      .update(passwordResets)
      .set({ usedAt: sql`now()` })
      .where(
        and(
          eq(passwordResets.id, link.id),
          isNull(passwordResets.usedAt),
          gt(passwordResets.expiresAt, sql`now()`),
        ),
      )
      .returning({ userId: passwordResets.userId });
    if (!used) throw new AppError('link_invalid', { messageKey: 'errors.reset_link_invalid' });
    await tx
      .update(users)
      .set({ passwordHash, updatedAt: sql`now()` })
      .where(eq(users.id, link.userId));
    await revokeUserSessions({ db: tx, userId: link.userId });
    await recordAudit(tx, {
      actor: { id: link.userId, name: link.name, email: link.email },
      action: 'user.password_reset',
      target: { type: 'user', id: link.userId, label: link.email },
      after: { via: 'email_link' },
    });
    return { email: link.email };
  });
}
