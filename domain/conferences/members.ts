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
import { recordAudit } from '../audit/record-audit.ts';
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
      const actor = requireOrganiser(await loadAccess(tx, opts.actor, opts.conferenceId));
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
      const site = siteId ? await getSite(tx, opts.conferenceId, siteId) : null;
      const [row] = await tx
        .insert(conferenceMembers)
        .values({ conferenceId: opts.conferenceId, userId: user.id, role: opts.input.role, siteId })
        .returning();
      await recordAudit(tx, {
        actor,
        action: 'conference.role_granted',
        target: { type: 'user', id: user.id, label: user.email },
        conferenceId: opts.conferenceId,
        after: { role: opts.input.role, ...(site && { siteId: site.id, site: site.name }) },
      });
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
      .select({
        member: conferenceMembers,
        name: users.name,
        email: users.email,
        siteName: conferenceSites.name,
      })
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
    await recordAudit(tx, {
      actor,
      action: 'conference.role_revoked',
      target: { type: 'user', id: member.userId, label: row.email },
      conferenceId: opts.conferenceId,
      before: {
        role: member.role,
        ...(member.siteId && { siteId: member.siteId, site: row.siteName }),
      },
    });
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
  const actor = requireOrganiser(access);
  const site = await getSite(opts.db, opts.conferenceId, opts.siteId);
  return opts.db.transaction((tx) =>
    insertOperator(tx, actor, access.conference.slug, site, opts.input),
  );
}

async function insertOperator(
  tx: Executor,
  actor: Actor,
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
  await recordAudit(tx, {
    actor,
    action: 'conference.operator_created',
    target: { type: 'user', id: user.id, label: user.email },
    conferenceId: site.conferenceId,
    after: {
      name: user.name,
      email: user.email,
      role: 'site_operator',
      siteId: site.id,
      site: site.name,
    },
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
  const actor = requireOrganiser(access);
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
      await insertOperator(tx, actor, access.conference.slug, site, {
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

/** The site operators of a conference (of the chosen sites), and whether links may sign in as them. */
export async function operatorsForLinks(
  tx: Executor,
  conferenceId: string,
  siteIds: string[] | undefined,
) {
  return tx
    .select({
      userId: users.id,
      name: users.name,
      email: users.email,
      language: users.language,
      siteId: conferenceSites.id,
      siteName: conferenceSites.name,
      techEmail: conferenceSites.techEmail,
      owned: sql<boolean>`coalesce(${ownedBy(conferenceId)}, false)`,
    })
    .from(conferenceMembers)
    .innerJoin(users, eq(users.id, conferenceMembers.userId))
    .innerJoin(conferenceSites, eq(conferenceSites.id, conferenceMembers.siteId))
    .leftJoin(conferenceAccounts, eq(conferenceAccounts.userId, users.id))
    .where(
      and(
        eq(conferenceMembers.conferenceId, conferenceId),
        eq(conferenceMembers.role, 'site_operator'),
        eq(users.disabled, false),
        siteIds ? inArray(conferenceSites.id, siteIds) : undefined,
      ),
    )
    .orderBy(asc(conferenceSites.position), asc(users.name));
}

/** A new single-use link for one operator, replacing their earlier unused ones; returns its token. */
export async function issueLink(
  tx: Executor,
  opts: {
    userId: string;
    conferenceId: string;
    createdBy: string;
    expiresAt: Date;
    secret: string;
  },
): Promise<string> {
  await tx
    .delete(signInLinks)
    .where(and(eq(signInLinks.userId, opts.userId), isNull(signInLinks.usedAt)));
  const token = randomBytes(24).toString('base64url');
  await tx.insert(signInLinks).values({
    id: sessionIdFor(token, opts.secret),
    userId: opts.userId,
    conferenceId: opts.conferenceId,
    createdBy: opts.createdBy,
    expiresAt: opts.expiresAt,
  });
  return token;
}

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
    const operators = await operatorsForLinks(tx, opts.conferenceId, opts.input.siteIds);
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
      const token = await issueLink(tx, {
        userId: op.userId,
        conferenceId: opts.conferenceId,
        createdBy: actor.id,
        expiresAt,
        secret: opts.secret,
      });
      links.push({ ...who, token, expiresAt });
    }
    if (links.length) {
      await recordAudit(tx, {
        actor,
        action: 'sign_in_link.issued',
        target: { type: 'conference', id: opts.conferenceId },
        conferenceId: opts.conferenceId,
        after: {
          count: links.length,
          sites: [...new Set(links.map((l) => l.siteName))],
          delivery: 'shown',
          validHours: opts.input.validHours,
        },
      });
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
