import {
  listOwnSessions,
  signOutOtherSessions,
  signOutOwnSession,
} from '../domain/auth/own-sessions.ts';
import {
  confirmEnrolment,
  getSecondFactorStatus,
  pendingEnrolment,
  startEnrolment,
} from '../domain/second-factor/enrol-second-factor.ts';
import {
  disableSecondFactor,
  regenerateRecoveryCodes,
} from '../domain/second-factor/manage-second-factor.ts';
import { TOTP_ISSUER } from '../domain/second-factor/totp.ts';
import {
  CodeInput,
  PasswordInput,
  SessionIdParams,
  StartEnrolmentRequest,
} from '../protocol/second-factor.ts';
import type { RequestContext } from './context.ts';
import { formText, parseForm } from './forms.ts';
import type { Actor } from '../domain/auth/policies.ts';

/** What the account page shows of the second factor and the sessions. */
export async function securityData(context: RequestContext, actor: Actor) {
  const scope = { db: context.db, actor };
  return {
    secondFactor: await getSecondFactorStatus(scope),
    enrolment: await pendingEnrolment({
      ...scope,
      sessionSecret: context.secret,
      issuer: TOTP_ISSUER,
    }),
    sessions: (await listOwnSessions({ ...scope, sessionId: context.sessionId })).sessions,
  };
}

export const SECURITY_INTENTS = [
  'totp-start',
  'totp-confirm',
  'totp-disable',
  'totp-renew',
  'session-end',
  'sessions-others',
] as const;
export type SecurityIntent = (typeof SECURITY_INTENTS)[number];

export function isSecurityIntent(intent: unknown): intent is SecurityIntent {
  return SECURITY_INTENTS.includes(intent as SecurityIntent);
}

/** The code or the password a form sends to prove it is the account's owner. */
function proof(form: FormData) {
  return formText(form, 'password') !== undefined && formText(form, 'code') === undefined
    ? parseForm(PasswordInput, form)
    : parseForm(CodeInput, form);
}

/** The account page's security forms; recovery codes come back once, in the answer. */
export async function securityAction(
  context: RequestContext,
  actor: Actor,
  intent: SecurityIntent,
  form: FormData,
): Promise<{ ok: true; intent: SecurityIntent; recoveryCodes?: string[] }> {
  const scope = { db: context.db, actor, sessionSecret: context.secret };
  switch (intent) {
    case 'totp-start':
      await startEnrolment({
        ...scope,
        issuer: TOTP_ISSUER,
        input: parseForm(StartEnrolmentRequest, form),
        ip: context.ip,
      });
      return { ok: true, intent };
    case 'totp-confirm': {
      const { recoveryCodes } = await confirmEnrolment({
        ...scope,
        input: parseForm(CodeInput, form),
      });
      return { ok: true, intent, recoveryCodes };
    }
    case 'totp-disable':
      await disableSecondFactor({ ...scope, input: proof(form), ip: context.ip });
      return { ok: true, intent };
    case 'totp-renew': {
      const { recoveryCodes } = await regenerateRecoveryCodes({
        ...scope,
        input: proof(form),
        ip: context.ip,
      });
      return { ok: true, intent, recoveryCodes };
    }
    case 'session-end': {
      const { sessionId } = parseForm(SessionIdParams, form);
      await signOutOwnSession({ db: context.db, actor, id: sessionId });
      return { ok: true, intent };
    }
    case 'sessions-others':
      await signOutOtherSessions({ db: context.db, actor, sessionId: context.sessionId });
      return { ok: true, intent };
  }
}
