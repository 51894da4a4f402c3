import { randomBytes } from 'node:crypto';
import { and, asc, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import type { Database, Executor } from '../../db/database.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import {
  conferenceAccounts,
  conferenceMembers,
  conferenceSites,
  signInLinks,
} from '../../db/schema/conferences.ts';
import { users } from '../../db/schema/users.ts';
import type {
  AssignRoleInput,
  CreateOperatorInput,
  IssueLinksInput,
} from '../../protocol/conferences.ts';
import { announceAccessChange } from '../auth/access-changes.ts';
import type { Actor } from '../auth/policies.ts';
import { createSession, sessionIdFor } from '../auth/sessions.ts';
import { createChallenge, hasSecondFactor } from '../second-factor/sign-in-challenge.ts';
import { insertUser } from '../auth/users.ts';
import { AppError } from '../errors.ts';
import { slugify } from '../slug.ts';
import { loadAccess, requireOrganiser } from './policies.ts';
import type { Removal } from './removal.ts';
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
      // Their open live screens get the wider view at once.
      await announceAccessChange(tx, { userId: user.id });
      return row!;
    });
  } catch (err) {
    if (isUniqueViolation(err))
      throw new AppError('conflict', { fields: { role: 'errors.role_taken' } });
    throw err;
  }
}

/** Takes a role away (the account stays); returns it whole for an undo. */
export async function removeMember(opts: {
  db: Database;
  actor: Actor | null;
  conferenceId: string;
  memberId: string;
}): Promise<Removal> {
  return opts.db.transaction(async (tx) => {
    const access = await loadAccess(tx, opts.actor, opts.conferenceId);
    const actor = requireOrganiser(access);
    const [row] = await tx
      .select({ member: conferenceMembers, name: users.name, siteName: conferenceSites.name })
      .from(conferenceMembers)
      .innerJoin(users, eq(users.id, conferenceMembers.userId))
      .leftJoin(conferenceSites, eq(conferenceSites.id, conferenceMembers.siteId))
      .where(
        and(
          eq(conferenceMembers.id, opts.memberId),
          eq(conferenceMembers.conferenceId, opts.conferenceId),
        ),
      );
    if (!row) throw new AppError('not_found');
    const { member } = row;
    if (member.userId === actor.id && member.role === 'organiser' && !access.isAdmin) {
      throw new AppError('cannot_change_own_access');
    }
    await tx.delete(conferenceMembers).where(eq(conferenceMembers.id, opts.memberId));
    // Their open live screens lose the role's view (or the session) within moments.
    await announceAccessChange(tx, { userId: row.member.userId });
    return {
      kind: 'member',
      label: { name: row.name, role: member.role, site: row.siteName ?? '' },
      rows: { members: [member] },
    };
  });
}

/**
 * Creates an operator account for a site, bound to it and owned by the conference
 * (the only kind of account the conference may issue sign-in links for). Without an
 * e-mail the account gets a non-deliverable one (`….invalid`): operators sign in with links.
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
  return opts.db.transaction((tx) => insertOperator(tx, access.conference.slug, site, opts.input));
}

async function insertOperator(
  tx: Executor,
  conferenceSlug: string,
  site: { id: string; name: string; conferenceId: string },
  input: CreateOperatorInput,
) {
  const email =
    input.email ??
    `${slugify(site.name, 40)}.${randomBytes(3).toString('hex')}@${conferenceSlug.slice(0, 40)}.invalid`;
  const user = await insertUser(tx, {
    email,
    name: input.name,
    password: randomBytes(24).toString('base64url'),
  });
  await tx.insert(conferenceAccounts).values({ userId: user.id, conferenceId: site.conferenceId });
  await tx.insert(conferenceMembers).values({
    conferenceId: site.conferenceId,
    userId: user.id,
    role: 'site_operator',
    siteId: site.id,
  });
  return { userId: user.id, email: user.email, name: user.name, siteId: site.id };
}

/**
 * Gives every site without an operator one new operator account (named after the
 * site's technical contact), in one transaction: all or none. A technical e-mail
 * that already belongs to an account is not reused (the conference may not own
 * someone else's account): that site's operator gets a non-deliverable address.
 */
export async function createMissingOperators(opts: {
  db: Database;
  actor: Actor | null;
  conferenceId: string;
}): Promise<{ created: number }> {
  const access = await loadAccess(opts.db, opts.actor, opts.conferenceId);
  requireOrganiser(access);
  return opts.db.transaction(async (tx) => {
    const sites = await tx
      .select()
      .from(conferenceSites)
      .where(eq(conferenceSites.conferenceId, opts.conferenceId))
      .orderBy(asc(conferenceSites.position));
    const operated = new Set(
      (
        await tx
          .select({ siteId: conferenceMembers.siteId })
          .from(conferenceMembers)
          .where(
            and(
              eq(conferenceMembers.conferenceId, opts.conferenceId),
              eq(conferenceMembers.role, 'site_operator'),
            ),
          )
      ).map((r) => r.siteId),
    );
    const missing = sites.filter((s) => !operated.has(s.id));
    const emails = missing.map((s) => s.techEmail).filter((e): e is string => !!e);
    const taken = new Set(
      emails.length
        ? (
            await tx.select({ email: users.email }).from(users).where(inArray(users.email, emails))
          ).map((r) => r.email)
        : [],
    );
    for (const site of missing) {
      const email = site.techEmail && !taken.has(site.techEmail) ? site.techEmail : undefined;
      if (email) taken.add(email);
      await insertOperator(tx, access.conference.slug, site, {
        name: site.techName || `Kỹ thuật ${site.name}`,
        email,
      });
    }
    return { created: missing.length };
  });
}

export interface IssuedLink {
  siteId: string;
  siteName: string;
  operatorName: string;
  operatorEmail: string;
  token: string;
  expiresAt: Date;
}

/** An operator the conference may not issue a link for: an account it did not create. */
export interface SkippedOperator {
  siteId: string;
  siteName: string;
  operatorName: string;
  operatorEmail: string;
}

/**
 * Whether a link may sign in as this account: created by the conference, with no global
 * role and no role in any other conference (an account given rights elsewhere is no
 * longer the conference's to hand out).
 */
const ownedBy = (conferenceId: string) =>
  and(
    eq(conferenceAccounts.conferenceId, conferenceId),
    sql`cardinality(${users.roles}) = 0`,
    sql`not exists (select 1 from ${conferenceMembers} as elsewhere
      where elsewhere.user_id = ${users.id} and elsewhere.conference_id <> ${conferenceId})`,
  );

/**
 * Single-use sign-in links for site operators, shown once (only an HMAC is kept).
 * A new link replaces the operator's earlier unused ones. Only accounts the
 * conference created for its sites get one; operators with accounts of their own
 * (assigned by e-mail) sign in with their password and are listed as skipped.
 */
export async function issueSignInLinks(opts: {
  db: Database;
  actor: Actor | null;
  conferenceId: string;
  input: IssueLinksInput;
  secret: string;
}): Promise<{ links: IssuedLink[]; skipped: SkippedOperator[] }> {
  return opts.db.transaction(async (tx) => {
    const actor = requireOrganiser(await loadAccess(tx, opts.actor, opts.conferenceId));
    const operators = await tx
      .select({
        userId: users.id,
        name: users.name,
        email: users.email,
        siteId: conferenceSites.id,
        siteName: conferenceSites.name,
        owned: sql<boolean>`coalesce(${ownedBy(opts.conferenceId)}, false)`,
      })
      .from(conferenceMembers)
      .innerJoin(users, eq(users.id, conferenceMembers.userId))
      .innerJoin(conferenceSites, eq(conferenceSites.id, conferenceMembers.siteId))
      .leftJoin(conferenceAccounts, eq(conferenceAccounts.userId, users.id))
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
    const skipped: SkippedOperator[] = [];
    for (const op of operators) {
      const who = {
        siteId: op.siteId,
        siteName: op.siteName,
        operatorName: op.name,
        operatorEmail: op.email,
      };
      if (!op.owned) {
        skipped.push(who);
        continue;
      }
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
      links.push({ ...who, token, expiresAt });
    }
    return { links, skipped };
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
    if (!link?.conferenceId) throw new AppError('link_invalid');
    // Checked again on use: the account must still be the conference's own, with no global role.
    const [user] = await tx
      .select({ id: users.id, language: users.language, disabled: users.disabled })
      .from(users)
      .innerJoin(conferenceAccounts, eq(conferenceAccounts.userId, users.id))
      .where(and(eq(users.id, link.userId), ownedBy(link.conferenceId)));
    if (!user || user.disabled) throw new AppError('link_invalid');
    // An account with a second factor still gives its code after the link ("Mã xác thực").
    const session = (await hasSecondFactor(tx, user.id))
      ? {
          secondFactorRequired: true as const,
          ...(await createChallenge({ db: tx, userId: user.id, secret: opts.secret })),
        }
      : {
          secondFactorRequired: false as const,
          ...(await createSession({
            db: tx,
            userId: user.id,
            secret: opts.secret,
            ip: opts.ip,
            userAgent: opts.userAgent,
          })),
        };
    const [membership] = await tx
      .select({ siteId: conferenceMembers.siteId })
      .from(conferenceMembers)
      .where(
        and(
          eq(conferenceMembers.userId, user.id),
          eq(conferenceMembers.role, 'site_operator'),
          eq(conferenceMembers.conferenceId, link.conferenceId),
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
