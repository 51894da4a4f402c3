import { randomBytes } from 'node:crypto';
import { and, asc, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import type { Database } from '../../db/database.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { conferenceMembers, conferenceSites, signInLinks } from '../../db/schema/conferences.ts';
import { users } from '../../db/schema/users.ts';
import type {
  AssignRoleInput,
  CreateOperatorInput,
  IssueLinksInput,
} from '../../protocol/conferences.ts';
import type { Actor } from '../auth/policies.ts';
import { createSession, sessionIdFor } from '../auth/sessions.ts';
import { insertUser } from '../auth/users.ts';
import { AppError } from '../errors.ts';
import { slugify } from '../slug.ts';
import { loadAccess, requireOrganiser } from './policies.ts';
import { getSite } from './sites.ts';

export async function listMembers(opts: {
  db: Database;
  actor: Actor | null;
  conferenceId: string;
}) {
  requireOrganiser(await loadAccess(opts.db, opts.actor, opts.conferenceId));
  return opts.db
    .select({
      id: conferenceMembers.id,
      role: conferenceMembers.role,
      siteId: conferenceMembers.siteId,
      siteName: conferenceSites.name,
      userId: users.id,
      name: users.name,
      email: users.email,
    })
    .from(conferenceMembers)
    .innerJoin(users, eq(users.id, conferenceMembers.userId))
    .leftJoin(conferenceSites, eq(conferenceSites.id, conferenceMembers.siteId))
    .where(eq(conferenceMembers.conferenceId, opts.conferenceId))
    .orderBy(asc(conferenceMembers.role), asc(users.name));
}

/** Gives an existing account a role in the conference (a site operator or delegate for one site). */
export async function assignRole(opts: {
  db: Database;
  actor: Actor | null;
  conferenceId: string;
  input: AssignRoleInput;
}) {
  try {
    return await opts.db.transaction(async (tx) => {
      requireOrganiser(await loadAccess(tx, opts.actor, opts.conferenceId));
      const [user] = await tx
        .select()
        .from(users)
        .where(eq(users.email, opts.input.email))
        .limit(1);
      if (!user) throw new AppError('validation', { fields: { email: 'errors.unknown_user' } });
      const siteId =
        opts.input.role === 'site_operator' || opts.input.role === 'delegate'
          ? (opts.input.siteId ?? null)
          : null;
      if (siteId) await getSite(tx, opts.conferenceId, siteId);
      const [row] = await tx
        .insert(conferenceMembers)
        .values({ conferenceId: opts.conferenceId, userId: user.id, role: opts.input.role, siteId })
        .returning();
      return row!;
    });
  } catch (err) {
    if (isUniqueViolation(err))
      throw new AppError('conflict', { fields: { role: 'errors.role_taken' } });
    throw err;
  }
}

export async function removeMember(opts: {
  db: Database;
  actor: Actor | null;
  conferenceId: string;
  memberId: string;
}) {
  await opts.db.transaction(async (tx) => {
    const access = await loadAccess(tx, opts.actor, opts.conferenceId);
    const actor = requireOrganiser(access);
    const [row] = await tx
      .select()
      .from(conferenceMembers)
      .where(
        and(
          eq(conferenceMembers.id, opts.memberId),
          eq(conferenceMembers.conferenceId, opts.conferenceId),
        ),
      );
    if (!row) throw new AppError('not_found');
    if (row.userId === actor.id && row.role === 'organiser' && !access.isAdmin) {
      throw new AppError('cannot_change_own_access');
    }
    await tx.delete(conferenceMembers).where(eq(conferenceMembers.id, opts.memberId));
  });
}

/**
 * Creates an operator account for a site, bound to it. Without an e-mail the account
 * gets a non-deliverable one (`….invalid`): operators sign in with links.
 */
export async function createSiteOperator(opts: {
  db: Database;
  actor: Actor | null;
  conferenceId: string;
  siteId: string;
  input: CreateOperatorInput;
}) {
  const access = await loadAccess(opts.db, opts.actor, opts.conferenceId);
  requireOrganiser(access);
  const site = await getSite(opts.db, opts.conferenceId, opts.siteId);
  const email =
    opts.input.email ??
    `${slugify(site.name, 40)}.${randomBytes(3).toString('hex')}@${access.conference.slug.slice(0, 40)}.invalid`;
  const user = await insertUser(opts.db, {
    email,
    name: opts.input.name,
    password: randomBytes(24).toString('base64url'),
  });
  await opts.db.insert(conferenceMembers).values({
    conferenceId: opts.conferenceId,
    userId: user.id,
    role: 'site_operator',
    siteId: site.id,
  });
  return { userId: user.id, email: user.email, name: user.name, siteId: site.id };
}

export interface IssuedLink {
  siteId: string;
  siteName: string;
  operatorName: string;
  operatorEmail: string;
  token: string;
  expiresAt: Date;
}

/**
 * Single-use sign-in links for site operators, shown once (only an HMAC is kept).
 * A new link replaces the operator's earlier unused ones.
 */
export async function issueSignInLinks(opts: {
  db: Database;
  actor: Actor | null;
  conferenceId: string;
  input: IssueLinksInput;
  secret: string;
}): Promise<IssuedLink[]> {
  return opts.db.transaction(async (tx) => {
    const actor = requireOrganiser(await loadAccess(tx, opts.actor, opts.conferenceId));
    const operators = await tx
      .select({
        userId: users.id,
        name: users.name,
        email: users.email,
        siteId: conferenceSites.id,
        siteName: conferenceSites.name,
        position: conferenceSites.position,
      })
      .from(conferenceMembers)
      .innerJoin(users, eq(users.id, conferenceMembers.userId))
      .innerJoin(conferenceSites, eq(conferenceSites.id, conferenceMembers.siteId))
      .where(
        and(
          eq(conferenceMembers.conferenceId, opts.conferenceId),
          eq(conferenceMembers.role, 'site_operator'),
          eq(users.disabled, false),
          opts.input.siteIds ? inArray(conferenceSites.id, opts.input.siteIds) : undefined,
        ),
      )
      .orderBy(asc(conferenceSites.position), asc(users.name));
    const expiresAt = new Date(Date.now() + opts.input.validHours * 3600_000);
    const links: IssuedLink[] = [];
    for (const op of operators) {
      await tx
        .delete(signInLinks)
        .where(and(eq(signInLinks.userId, op.userId), isNull(signInLinks.usedAt)));
      const token = randomBytes(24).toString('base64url');
      await tx.insert(signInLinks).values({
        id: sessionIdFor(token, opts.secret),
        userId: op.userId,
        conferenceId: opts.conferenceId,
        createdBy: actor.id,
        expiresAt,
      });
      links.push({
        siteId: op.siteId,
        siteName: op.siteName,
        operatorName: op.name,
        operatorEmail: op.email,
        token,
        expiresAt,
      });
    }
    return links;
  });
}

/**
 * Uses a sign-in link once: the first caller gets a session, every later one
 * `link_invalid` (also when expired or unknown).
 */
export async function consumeSignInLink(opts: {
  db: Database;
  token: string;
  secret: string;
  ip?: string;
  userAgent?: string;
}) {
  if (!opts.token || opts.token.length > 100) throw new AppError('link_invalid');
  return opts.db.transaction(async (tx) => {
    const [link] = await tx
      .update(signInLinks)
      .set({ usedAt: sql`now()` })
      .where(
        and(
          eq(signInLinks.id, sessionIdFor(opts.token, opts.secret)),
          isNull(signInLinks.usedAt),
          gt(signInLinks.expiresAt, sql`now()`),
        ),
      )
      .returning();
    if (!link) throw new AppError('link_invalid');
    const [user] = await tx.select().from(users).where(eq(users.id, link.userId));
    if (!user || user.disabled) throw new AppError('link_invalid');
    const session = await createSession({
      db: tx,
      userId: user.id,
      secret: opts.secret,
      ip: opts.ip,
      userAgent: opts.userAgent,
    });
    const [membership] = await tx
      .select({ siteId: conferenceMembers.siteId })
      .from(conferenceMembers)
      .where(
        and(
          eq(conferenceMembers.userId, user.id),
          eq(conferenceMembers.role, 'site_operator'),
          link.conferenceId ? eq(conferenceMembers.conferenceId, link.conferenceId) : undefined,
        ),
      )
      .limit(1);
    return {
      ...session,
      language: user.language,
      conferenceId: link.conferenceId,
      siteId: membership?.siteId ?? null,
    };
  });
}
