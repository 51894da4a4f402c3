import { describe, expect, it } from 'vitest';
import type { GlobalRole } from '../../protocol/common.ts';
import {
  articleStatuses,
  availableActions,
  canEdit,
  canView,
  decide,
  queueStatuses,
  workflowActions,
  type ArticleStatus,
  type WorkflowAction,
} from './workflow.ts';

// Who acts: their roles and whether they wrote the article.
const PEOPLE = {
  nobody: { roles: [], isAuthor: true },
  'reporter (author)': { roles: ['reporter'], isAuthor: true },
  'reporter (not author)': { roles: ['reporter'], isAuthor: false },
  editor: { roles: ['editor'], isAuthor: false },
  approver: { roles: ['approver'], isAuthor: false },
  'editor + approver': { roles: ['editor', 'approver'], isAuthor: false },
  admin: { roles: ['admin'], isAuthor: false },
} as const satisfies Record<string, { roles: GlobalRole[]; isAuthor: boolean }>;
type Person = keyof typeof PEOPLE;

const ALL = articleStatuses;
const NOT_PUBLISHED = ALL.filter((s) => s !== 'published');

/**
 * What each person may do, written out by hand: action → { from status: to status }.
 * Everything not listed is refused. `edit` is a save (the status stays).
 */
type Table = Partial<
  Record<WorkflowAction | 'edit', Partial<Record<ArticleStatus, ArticleStatus>>>
>;
const same = (statuses: readonly ArticleStatus[]) =>
  Object.fromEntries(statuses.map((s) => [s, s])) as Record<ArticleStatus, ArticleStatus>;
const all = (statuses: readonly ArticleStatus[], to: ArticleStatus) =>
  Object.fromEntries(statuses.map((s) => [s, to])) as Record<ArticleStatus, ArticleStatus>;

const reporterAuthor: Table = {
  edit: { draft: 'draft', returned: 'returned' },
  submit: { draft: 'submitted', returned: 'submitted' },
};
const editorRights = (workflowEnabled: boolean): Table => ({
  edit: same(workflowEnabled ? NOT_PUBLISHED : ALL),
  send_for_approval: workflowEnabled
    ? all(['draft', 'submitted', 'returned', 'unpublished'], 'pending_approval')
    : {},
  return: workflowEnabled
    ? { submitted: 'returned' }
    : { submitted: 'returned', pending_approval: 'submitted' },
  publish: workflowEnabled ? {} : all(ALL, 'published'),
  unpublish: { published: 'unpublished' },
});
const approverRights = (workflowEnabled: boolean): Table => ({
  edit: same(ALL),
  send_for_approval: workflowEnabled
    ? all(['draft', 'submitted', 'returned', 'unpublished'], 'pending_approval')
    : {},
  return: { submitted: 'returned', pending_approval: 'submitted' },
  // Under the workflow, only what went through the editors (or was published before).
  publish: workflowEnabled
    ? all(['pending_approval', 'published', 'unpublished'], 'published')
    : all(ALL, 'published'),
  unpublish: { published: 'unpublished' },
});

function expected(person: Person, workflowEnabled: boolean): Table {
  switch (person) {
    case 'nobody':
    case 'reporter (not author)':
      return {};
    case 'reporter (author)':
      return reporterAuthor;
    case 'editor':
      return editorRights(workflowEnabled);
    case 'approver':
    case 'editor + approver':
    case 'admin':
      return approverRights(workflowEnabled);
  }
}

describe('the workflow state machine: every role × status × transition', () => {
  for (const workflowEnabled of [false, true]) {
    for (const person of Object.keys(PEOPLE) as Person[]) {
      it(`${person}, workflow ${workflowEnabled ? 'on' : 'off'}`, () => {
        const table = expected(person, workflowEnabled);
        const got: Record<string, string> = {};
        const want: Record<string, string> = {};
        for (const status of ALL) {
          const ctx = { ...PEOPLE[person], workflowEnabled, status };
          for (const action of [...workflowActions, 'edit'] as const) {
            const key = `${action} from ${status}`;
            const decision = action === 'edit' ? canEdit(ctx) : decide(ctx, action);
            got[key] = decision.ok ? `→ ${decision.to}` : 'refused';
            const to = table[action]?.[status];
            want[key] = to ? `→ ${to}` : 'refused';
          }
        }
        expect(got).toEqual(want);
      });
    }
  }
});

describe('refusals say why', () => {
  const ctx = (person: Person, status: ArticleStatus, workflowEnabled = true) => ({
    ...PEOPLE[person],
    status,
    workflowEnabled,
  });

  it('a reporter cannot publish, nor change an article after submitting it', () => {
    expect(decide(ctx('reporter (author)', 'draft'), 'publish')).toEqual({
      ok: false,
      code: 'forbidden',
      reason: 'reporterCannotPublish',
    });
    expect(canEdit(ctx('reporter (author)', 'submitted'))).toMatchObject({
      code: 'forbidden',
      reason: 'afterSubmission',
    });
    expect(canEdit(ctx('reporter (not author)', 'draft'))).toMatchObject({
      code: 'forbidden',
      reason: 'notAuthor',
    });
  });

  it('an editor only sends for approval while the workflow is on', () => {
    expect(decide(ctx('editor', 'submitted'), 'publish')).toMatchObject({
      code: 'forbidden',
      reason: 'publishNeedsApprover',
    });
    expect(canEdit(ctx('editor', 'published'))).toMatchObject({ reason: 'liveNeedsApprover' });
    expect(decide(ctx('editor', 'submitted', false), 'send_for_approval')).toMatchObject({
      code: 'invalid_transition',
      reason: 'workflowOff',
    });
  });

  it('only reporters submit: editors send for approval or publish', () => {
    expect(decide(ctx('editor', 'draft'), 'submit')).toMatchObject({
      code: 'invalid_transition',
      reason: 'reportersSubmit',
    });
  });

  it('a step from the wrong status is an invalid transition, not a lack of rights', () => {
    expect(decide(ctx('reporter (author)', 'published'), 'submit')).toMatchObject({
      code: 'invalid_transition',
      reason: 'fromStatus',
    });
    expect(decide(ctx('approver', 'draft'), 'return')).toMatchObject({
      code: 'invalid_transition',
    });
  });

  it('someone outside the newsroom can do nothing', () => {
    for (const action of workflowActions)
      expect(decide(ctx('nobody', 'draft'), action)).toMatchObject({ reason: 'notNewsroom' });
    expect(canView({ roles: [], isAuthor: true, workflowEnabled: false }).ok).toBe(false);
    expect(canView({ roles: ['reporter'], isAuthor: false, workflowEnabled: false }).ok).toBe(
      false,
    );
    expect(canView({ roles: ['editor'], isAuthor: false, workflowEnabled: false }).ok).toBe(true);
  });
});

describe('what each one sees and waits for', () => {
  it('the buttons follow the rules', () => {
    const base = { isAuthor: false, workflowEnabled: true };
    expect(availableActions({ ...base, roles: ['editor'], status: 'submitted' })).toEqual([
      'send_for_approval',
      'return',
    ]);
    expect(availableActions({ ...base, roles: ['approver'], status: 'pending_approval' })).toEqual([
      'return',
      'publish',
    ]);
    expect(
      availableActions({ ...base, roles: ['reporter'], isAuthor: true, status: 'returned' }),
    ).toEqual(['submit']);
  });

  it('each role has its queue', () => {
    expect(queueStatuses(['reporter'], true)).toEqual({
      mine: ['draft', 'returned'],
      submitted: [],
      pending_approval: [],
    });
    expect(queueStatuses(['editor'], true).submitted).toEqual(['submitted']);
    expect(queueStatuses(['editor'], true).pending_approval).toEqual([]);
    // With the workflow off editors publish, so what awaits approval is theirs too.
    expect(queueStatuses(['editor'], false).pending_approval).toEqual(['pending_approval']);
    expect(queueStatuses(['approver'], true).pending_approval).toEqual(['pending_approval']);
    expect(queueStatuses([], true)).toEqual({ mine: [], submitted: [], pending_approval: [] });
  });
});
