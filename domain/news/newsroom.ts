import { and, count, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Database, Executor } from '../../db/database.ts';
import {
  articleTransitions,
  articles,
  newsroomSettingChanges,
  newsroomSettings,
} from '../../db/schema/news.ts';
import { users } from '../../db/schema/users.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { requireAdmin, requireUser, type Actor } from '../auth/policies.ts';
import { AppError } from '../errors.ts';
import {
  availableActions,
  canEdit,
  canView,
  decide,
  newsroomRank,
  queueStatuses,
  type ArticleStatus,
  type Decision,
  type WorkflowAction,
} from './workflow.ts';

type ArticleRow = typeof articles.$inferSelect;

/** The newsroom's settings; the defaults when an administrator never changed them. */
export async function getNewsroomSettings(opts: { db: Executor }) {
  const [row] = await opts.db
    .select({
      workflowEnabled: newsroomSettings.workflowEnabled,
      updatedAt: newsroomSettings.updatedAt,
      updatedByName: users.name,
    })
    .from(newsroomSettings)
    .leftJoin(users, eq(users.id, newsroomSettings.updatedBy))
    .where(eq(newsroomSettings.id, 1))
    .limit(1);
  return row ?? { workflowEnabled: false, updatedAt: null, updatedByName: null };
}

async function workflowEnabled(db: Executor): Promise<boolean> {
  return (await getNewsroomSettings({ db })).workflowEnabled;
}

/** Switches the three-step workflow on or off (administrators); every change is logged. */
export async function setNewsroomSettings(opts: {
  db: Database;
  actor: Actor | null;
  input: { workflowEnabled: boolean };
}) {
  const actor = requireAdmin(opts.actor);
  return opts.db.transaction(async (tx) => {
    const before = await workflowEnabled(tx);
    await tx
      .insert(newsroomSettings)
      .values({ id: 1, workflowEnabled: opts.input.workflowEnabled, updatedBy: actor.id })
      .onConflictDoUpdate({
        target: newsroomSettings.id,
        set: {
          workflowEnabled: opts.input.workflowEnabled,
          updatedBy: actor.id,
          updatedAt: sql`now()`,
        },
      });
    if (before !== opts.input.workflowEnabled) {
      await tx
        .insert(newsroomSettingChanges)
        .values({ actorId: actor.id, workflowEnabled: opts.input.workflowEnabled });
      await recordAudit(tx, {
        actor,
        action: 'newsroom.settings_changed',
        target: { type: 'newsroom_settings', id: '1' },
        before: { workflowEnabled: before },
        after: { workflowEnabled: opts.input.workflowEnabled },
      });
    }
    return getNewsroomSettings({ db: tx });
  });
}

/** The last changes of the setting, newest first (administrators). */
export async function listNewsroomSettingChanges(opts: { db: Database; actor: Actor | null }) {
  requireAdmin(opts.actor);
  return opts.db
    .select({
      id: newsroomSettingChanges.id,
      workflowEnabled: newsroomSettingChanges.workflowEnabled,
      at: newsroomSettingChanges.at,
      actorName: users.name,
    })
    .from(newsroomSettingChanges)
    .leftJoin(users, eq(users.id, newsroomSettingChanges.actorId))
    .orderBy(desc(newsroomSettingChanges.at))
    .limit(20);
}

function refusal(decision: Decision, status: ArticleStatus): never {
  if (decision.ok) throw new Error('not a refusal');
  throw new AppError(decision.code, {
    messageKey: `workflow.refused.${decision.reason}`,
    params: { status },
  });
}

async function contextFor(db: Executor, actor: Actor, row: ArticleRow) {
  return {
    roles: actor.roles,
    workflowEnabled: await workflowEnabled(db),
    status: row.status,
    isAuthor: row.createdBy === actor.id,
  };
}

/** Refuses unless the actor may open the article (reporters: their own only). */
export function assertCanView(actor: Actor | null, row: ArticleRow) {
  const user = requireUser(actor);
  const decision = canView({
    roles: user.roles,
    workflowEnabled: false,
    isAuthor: row.createdBy === user.id,
  });
  if (!decision.ok) refusal(decision as Decision, row.status);
}

/** Refuses unless the actor may save changes to the article in its status. */
export async function assertCanEdit(db: Executor, actor: Actor, row: ArticleRow) {
  const decision = canEdit(await contextFor(db, actor, row));
  if (!decision.ok) refusal(decision, row.status);
}

/** Refuses unless the actor may take `action` now; the status it leads to otherwise. */
export async function assertTransition(
  db: Executor,
  actor: Actor,
  row: ArticleRow,
  action: WorkflowAction,
): Promise<ArticleStatus> {
  const decision = decide(await contextFor(db, actor, row), action);
  if (!decision.ok) refusal(decision, row.status);
  return decision.to;
}

/** Keeps one step of the workflow, with its comment, for the article's timeline. */
export async function recordTransition(
  db: Executor,
  step: {
    articleId: string;
    actorId: string;
    action: string;
    from: ArticleStatus;
    to: ArticleStatus;
    comment?: string;
  },
) {
  await db.insert(articleTransitions).values({
    articleId: step.articleId,
    actorId: step.actorId,
    action: step.action,
    fromStatus: step.from,
    toStatus: step.to,
    comment: step.comment ?? '',
  });
}

/** Reporters list only what they wrote: the author filter they cannot lift. */
export function ownArticlesOnly(actor: Actor): string | undefined {
  return newsroomRank(actor.roles) === 'reporter' ? actor.id : undefined;
}

async function lockedRow(db: Executor, articleId: string) {
  const [row] = await db
    .select()
    .from(articles)
    .where(eq(articles.id, articleId))
    .for('update')
    .limit(1);
  if (!row) throw new AppError('not_found');
  return row;
}

/**
 * Submit to the editors, send for approval, or return with a comment: the status moves
 * as the state machine says, and the step is kept with its comment. Publishing goes
 * through `publishArticle`, which applies the same rules.
 */
export async function moveArticle(opts: {
  db: Database;
  actor: Actor | null;
  articleId: string;
  action: 'submit' | 'send_for_approval' | 'return';
  comment?: string;
}) {
  const actor = requireUser(opts.actor);
  const comment = opts.comment?.trim() ?? '';
  if (opts.action === 'return' && !comment) {
    throw new AppError('validation', { fields: { comment: 'workflow.commentRequired' } });
  }
  return opts.db.transaction(async (tx) => {
    const before = await lockedRow(tx, opts.articleId);
    assertCanView(actor, before);
    const to = await assertTransition(tx, actor, before, opts.action);
    const [row] = await tx
      .update(articles)
      .set({ status: to })
      .where(eq(articles.id, before.id))
      .returning();
    await recordTransition(tx, {
      articleId: before.id,
      actorId: actor.id,
      action: opts.action,
      from: before.status,
      to,
      comment,
    });
    return row!;
  });
}

/** The article's workflow: its status, what the actor may do now, and the timeline. */
export async function getArticleWorkflow(opts: {
  db: Database;
  actor: Actor | null;
  articleId: string;
}) {
  const actor = requireUser(opts.actor);
  const [row] = await opts.db
    .select()
    .from(articles)
    .where(eq(articles.id, opts.articleId))
    .limit(1);
  if (!row) throw new AppError('not_found');
  assertCanView(actor, row);
  const context = await contextFor(opts.db, actor, row);
  const transitions = await opts.db
    .select({
      id: articleTransitions.id,
      action: articleTransitions.action,
      fromStatus: articleTransitions.fromStatus,
      toStatus: articleTransitions.toStatus,
      comment: articleTransitions.comment,
      at: articleTransitions.at,
      actorName: users.name,
    })
    .from(articleTransitions)
    .leftJoin(users, eq(users.id, articleTransitions.actorId))
    .where(eq(articleTransitions.articleId, row.id))
    .orderBy(desc(articleTransitions.at), desc(articleTransitions.id))
    .limit(100);
  return {
    articleId: row.id,
    status: row.status,
    publishedAt: row.publishedAt,
    workflowEnabled: context.workflowEnabled,
    canEdit: canEdit(context).ok,
    actions: availableActions(context),
    transitions,
  };
}

const QUEUE_ITEMS = 10;

/**
 * "Việc của tôi": the articles waiting for the actor, by part of the queue — their own
 * drafts and returned articles, the submitted ones (editors), those awaiting approval
 * (those who publish) — each with its count and the oldest-waiting first.
 */
export async function getMyQueue(opts: { db: Database; actor: Actor | null }) {
  const actor = requireUser(opts.actor);
  if (newsroomRank(actor.roles) === 'none') throw new AppError('forbidden');
  const enabled = await workflowEnabled(opts.db);
  const parts = queueStatuses(actor.roles, enabled);
  // Since when it waits: its last step in the workflow, or its last save.
  const since =
    sql<Date>`coalesce((select max(${articleTransitions.at}) from ${articleTransitions} where ${articleTransitions.articleId} = ${articles.id}), ${articles.updatedAt})`.mapWith(
      articles.updatedAt,
    );
  const sections = await Promise.all(
    (['mine', 'submitted', 'pending_approval'] as const)
      .filter((key) => parts[key].length > 0)
      .map(async (key) => {
        const where = and(
          inArray(articles.status, parts[key]),
          key === 'mine' ? eq(articles.createdBy, actor.id) : undefined,
        );
        const [items, [total]] = await Promise.all([
          opts.db
            .select({
              id: articles.id,
              title: articles.title,
              status: articles.status,
              since,
              authorName: users.name,
            })
            .from(articles)
            .leftJoin(users, eq(users.id, articles.createdBy))
            .where(where)
            .orderBy(key === 'mine' ? desc(since) : since)
            .limit(QUEUE_ITEMS),
          opts.db.select({ n: count() }).from(articles).where(where),
        ]);
        return { key, count: total?.n ?? 0, items };
      }),
  );
  return { workflowEnabled: enabled, sections };
}
