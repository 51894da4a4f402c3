import { createHmac } from 'node:crypto';
import { eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Executor } from '../../db/database.ts';
import { conferenceSites, conferences, delegates } from '../../db/schema/conferences.ts';
import { contributionAttachments, contributions } from '../../db/schema/contributions.ts';
import { emailOutbox } from '../../db/schema/email.ts';
import { storedFiles } from '../../db/schema/files.ts';
import { personalDataConsents } from '../../db/schema/privacy.ts';
import { users } from '../../db/schema/users.ts';
import { PUBLIC_STATUSES } from '../../protocol/contributions.ts';
import { parsePersonalDataKey, type PersonalDataKey } from '../../protocol/privacy.ts';
import { requireAdmin, type Actor } from '../auth/policies.ts';
import { AppError } from '../errors.ts';

/** What stays of a contribution whose text must stay: its author's name becomes this. */
export const ANONYMOUS = 'Ẩn danh';

/** Reads a person's key (e-mail or phone) or refuses it with a message for the field. */
export function personalDataKey(raw: string | undefined): PersonalDataKey {
  const key = parsePersonalDataKey(raw ?? '');
  if (!key) throw new AppError('validation', { fields: { key: 'errors.personal_data_key' } });
  return key;
}

/** The key as the audit trail keeps it: an HMAC, so the trail holds no contact. */
export function keyHash(key: PersonalDataKey, secret: string): string {
  return createHmac('sha256', secret)
    .update(`personal-data:${key.kind}:${key.value}`)
    .digest('hex')
    .slice(0, 32);
}

/** A phone column's digits as `normalisePhone` reads them (+84… as 0…). */
function phoneDigits(column: AnyPgColumn): SQL {
  return sql`(case when btrim(${column}) like '+84%'
    then '0' || substr(regexp_replace(${column}, '\\D', '', 'g'), 3)
    else regexp_replace(${column}, '\\D', '', 'g') end)`;
}

function matches(key: PersonalDataKey, email: AnyPgColumn, phone?: AnyPgColumn): SQL {
  if (key.kind === 'email') return sql`lower(btrim(${email})) = ${key.value}`;
  return phone ? sql`${phoneDigits(phone)} = ${key.value}` : sql`false`;
}

/**
 * Everything stored about one person, found by their e-mail address or phone number:
 * their accounts, the contributions they sent (by contact, or signed in with one of
 * those accounts) with attachments and consents, the delegates and site contacts with
 * that contact. Every column, for the export; the account's password hash excepted.
 */
export async function findPersonalData(opts: {
  db: Executor;
  actor: Actor | null;
  key: PersonalDataKey;
}) {
  requireAdmin(opts.actor);
  const { db, key } = opts;
  const accounts = await db
    .select()
    .from(users)
    .where(key.kind === 'email' ? eq(users.email, key.value) : sql`false`);
  const accountIds = accounts.map((a) => a.id);
  const contributionRows = await db
    .select({ contribution: contributions, conferenceTitle: conferences.title })
    .from(contributions)
    .innerJoin(conferences, eq(conferences.id, contributions.conferenceId))
    .where(
      or(
        matches(key, contributions.email, contributions.phone),
        accountIds.length ? inArray(contributions.userId, accountIds) : undefined,
      ),
    )
    .orderBy(contributions.createdAt);
  const ids = contributionRows.map((r) => r.contribution.id);
  const attachments = ids.length
    ? await db
        .select({
          contributionId: contributionAttachments.contributionId,
          fileId: storedFiles.id,
          name: storedFiles.name,
          mime: storedFiles.mime,
          size: storedFiles.size,
          sha256: storedFiles.sha256,
        })
        .from(contributionAttachments)
        .innerJoin(storedFiles, eq(storedFiles.id, contributionAttachments.fileId))
        .where(inArray(contributionAttachments.contributionId, ids))
    : [];
  const consents = ids.length
    ? await db
        .select()
        .from(personalDataConsents)
        .where(inArray(personalDataConsents.subjectId, ids))
    : [];
  const delegateRows = await db
    .select({ delegate: delegates, conferenceTitle: conferences.title })
    .from(delegates)
    .innerJoin(conferences, eq(conferences.id, delegates.conferenceId))
    .where(matches(key, delegates.email, delegates.phone));
  const siteRows = await db
    .select({ site: conferenceSites, conferenceTitle: conferences.title })
    .from(conferenceSites)
    .innerJoin(conferences, eq(conferences.id, conferenceSites.conferenceId))
    .where(matches(key, conferenceSites.techEmail, conferenceSites.techPhone));

  // Messages the product wrote to this person (notices, password resets, sign-in links):
  // to the key itself or to any address found with it.
  const addresses = new Set(
    [
      key.kind === 'email' ? key.value : null,
      ...accounts.map((a) => a.email),
      ...contributionRows.map((r) => r.contribution.email),
      ...delegateRows.map((r) => r.delegate.email),
      ...siteRows.map((r) => r.site.techEmail),
    ]
      .filter((a): a is string => !!a)
      .map((a) => a.trim().toLowerCase()),
  );
  const messages = addresses.size
    ? await db
        .select({
          id: emailOutbox.id,
          createdAt: emailOutbox.createdAt,
          kind: emailOutbox.kind,
          toAddress: emailOutbox.toAddress,
          toName: emailOutbox.toName,
          subject: emailOutbox.subject,
          text: emailOutbox.text,
          status: emailOutbox.status,
          sentAt: emailOutbox.sentAt,
        })
        .from(emailOutbox)
        .where(inArray(sql`lower(btrim(${emailOutbox.toAddress}))`, [...addresses]))
        .orderBy(emailOutbox.createdAt)
    : [];

  const isPublic = (status: string) => (PUBLIC_STATUSES as readonly string[]).includes(status);
  return {
    key,
    accounts: accounts.map(({ passwordHash: _hidden, ...account }) => account),
    contributions: contributionRows.map(({ contribution, conferenceTitle }) => ({
      ...contribution,
      conferenceTitle,
      /** Its text stays (anonymised) when erased: the public has read it. */
      keepsText: isPublic(contribution.status),
      attachments: attachments
        .filter((a) => a.contributionId === contribution.id)
        .map(({ contributionId: _c, ...a }) => a),
      consents: consents.filter((c) => c.subjectId === contribution.id),
    })),
    delegates: delegateRows.map(({ delegate, conferenceTitle }) => ({
      ...delegate,
      conferenceTitle,
    })),
    sites: siteRows.map(({ site, conferenceTitle }) => ({
      id: site.id,
      conferenceId: site.conferenceId,
      conferenceTitle,
      name: site.name,
      techName: site.techName,
      techPhone: site.techPhone,
      techEmail: site.techEmail,
    })),
    /** E-mails written to the person (the outbox keeps a copy of each). */
    messages,
  };
}
export type PersonalData = Awaited<ReturnType<typeof findPersonalData>>;

/** What erasing would do, as counts (the confirmation's summary, the audit entry). */
export function erasurePlan(data: PersonalData) {
  return {
    contributionsAnonymised: data.contributions.filter((c) => c.keepsText).length,
    contributionsDeleted: data.contributions.filter((c) => !c.keepsText).length,
    attachmentsDeleted: data.contributions
      .filter((c) => !c.keepsText)
      .reduce((n, c) => n + c.attachments.length, 0),
    delegates: data.delegates.length,
    sites: data.sites.length,
    accounts: data.accounts.length,
    messagesDeleted: data.messages.length,
  };
}
export type ErasurePlan = ReturnType<typeof erasurePlan>;
