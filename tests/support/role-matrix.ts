import { expect, it } from 'vitest';
import type { Actor } from '../../domain/auth/policies.ts';
import { isAppError } from '../../domain/errors.ts';

export type UseCase = (actor: Actor | null) => Promise<unknown>;

/** A use case, who may run it, and what everyone else is told (401/403 unless `hidden`: 404). */
export interface Rule<Who extends string> {
  name: string;
  allowed: readonly Who[];
  run: UseCase;
  /** Those without the right do not learn the thing exists. */
  hidden?: boolean;
}

async function outcome(run: UseCase, actor: Actor | null): Promise<string> {
  try {
    await run(actor);
    return 'ok';
  } catch (err) {
    if (isAppError(err)) return err.code;
    throw err;
  }
}

/**
 * One test per use case: every actor runs it, and the outcomes are compared with what
 * the rule says, whole (so a wrong grant and a wrong refusal both show).
 */
export function roleMatrix<Who extends string>(
  everyone: readonly Who[],
  actors: () => Record<Who, Actor | null>,
  rules: readonly Rule<Who>[],
) {
  for (const rule of rules) {
    it(rule.name, async () => {
      const got: Record<string, string> = {};
      const want: Record<string, string> = {};
      for (const who of everyone) {
        const actor = actors()[who];
        got[who] = await outcome(rule.run, actor);
        want[who] = rule.allowed.includes(who)
          ? 'ok'
          : rule.hidden
            ? 'not_found'
            : actor === null
              ? 'unauthenticated'
              : 'forbidden';
      }
      expect(got).toEqual(want);
    });
  }
}
