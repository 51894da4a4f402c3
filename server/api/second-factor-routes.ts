import { z } from 'zod';
import {
  listOwnSessions,
  signOutEverywhere,
  signOutOtherSessions,
  signOutOwnSession,
} from '../../domain/auth/own-sessions.ts';
import { getOwnAccount } from '../../domain/auth/users.ts';
import {
  confirmEnrolment,
  getSecondFactorStatus,
  startEnrolment,
} from '../../domain/second-factor/enrol-second-factor.ts';
import {
  disableSecondFactor,
  regenerateRecoveryCodes,
  resetSecondFactor,
  userSecondFactor,
} from '../../domain/second-factor/manage-second-factor.ts';
import {
  getSecondFactorPolicy,
  updateSecondFactorPolicy,
} from '../../domain/second-factor/second-factor-policy.ts';
import { completeSecondFactorSignIn } from '../../domain/second-factor/sign-in-challenge.ts';
import { TOTP_ISSUER } from '../../domain/second-factor/totp.ts';
import { UserView } from '../../protocol/auth.ts';
import {
  ConfirmEnrolmentRequest,
  EnrolmentStart,
  ProveIdentityRequest,
  RecoveryCodes,
  SecondFactorLoginRequest,
  SecondFactorPolicy,
  SecondFactorStatus,
  SessionIdParams,
  SessionList,
  StartEnrolmentRequest,
  UpdateSecondFactorPolicyRequest,
} from '../../protocol/second-factor.ts';
import { UserIdParams } from '../../protocol/users.ts';
import { defineRoute } from './route.ts';

const SecondFactorLoginResponse = z
  .object({
    user: UserView,
    usedRecoveryCode: z.boolean(),
    recoveryCodesLeft: z.number().int(),
  })
  .meta({ id: 'SecondFactorLoginResponse' });

export const secondFactorRoutes = [
  defineRoute({
    method: 'post',
    path: '/auth/login/second-factor',
    operationId: 'loginSecondFactor',
    summary:
      'Second step of a sign-in: a TOTP code or a recovery code for the challenge cookie; sets the session cookie',
    tag: 'auth',
    access: 'public',
    body: SecondFactorLoginRequest,
    response: SecondFactorLoginResponse,
    errors: ['validation', 'invalid_second_factor', 'second_factor_expired', 'rate_limited'],
    async handler(ctx) {
      const result = await completeSecondFactorSignIn({
        db: ctx.db,
        challengeToken: ctx.challengeToken,
        secret: ctx.secret,
        input: ctx.body,
        ip: ctx.ip,
        userAgent: ctx.userAgent,
      });
      ctx.setCookie(ctx.cookies.clearChallenge());
      ctx.setCookie(ctx.cookies.session(result.token, result.expiresAt));
      ctx.setCookie(ctx.cookies.lang(result.actor.language));
      return {
        user: await getOwnAccount({ db: ctx.db, actor: result.actor }),
        usedRecoveryCode: result.usedRecoveryCode,
        recoveryCodesLeft: result.recoveryCodesLeft,
      };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/auth/second-factor',
    operationId: 'getSecondFactor',
    summary: "One's second factor: enrolled, required by one's role, recovery codes left",
    tag: 'auth',
    access: 'signed-in',
    response: SecondFactorStatus,
    errors: ['unauthenticated'],
    handler: (ctx) => getSecondFactorStatus(ctx),
  }),
  defineRoute({
    method: 'post',
    path: '/auth/second-factor/enrolment',
    operationId: 'startSecondFactorEnrolment',
    summary:
      'Start enrolling a TOTP app: a new secret, its otpauth URI and QR code (replacing a factor in force takes its code or the password)',
    tag: 'auth',
    access: 'signed-in',
    body: StartEnrolmentRequest,
    response: EnrolmentStart,
    status: 201,
    errors: [
      'validation',
      'unauthenticated',
      'invalid_second_factor',
      'invalid_credentials',
      'rate_limited',
    ],
    handler: (ctx) =>
      startEnrolment({
        db: ctx.db,
        actor: ctx.actor,
        sessionSecret: ctx.secret,
        issuer: TOTP_ISSUER,
        input: ctx.body,
        ip: ctx.ip,
      }),
  }),
  defineRoute({
    method: 'post',
    path: '/auth/second-factor/enrolment/confirm',
    operationId: 'confirmSecondFactorEnrolment',
    summary: 'Confirm the enrolment with a code; returns ten recovery codes, shown once',
    tag: 'auth',
    access: 'signed-in',
    body: ConfirmEnrolmentRequest,
    response: RecoveryCodes,
    errors: ['validation', 'unauthenticated', 'invalid_second_factor', 'invalid_state'],
    handler: (ctx) =>
      confirmEnrolment({
        db: ctx.db,
        actor: ctx.actor,
        sessionSecret: ctx.secret,
        input: ctx.body,
      }),
  }),
  defineRoute({
    method: 'post',
    path: '/auth/second-factor/disable',
    operationId: 'disableSecondFactor',
    summary: 'Turn one’s second factor off, with a current code or the password',
    tag: 'auth',
    access: 'signed-in',
    body: ProveIdentityRequest,
    status: 204,
    errors: [
      'validation',
      'unauthenticated',
      'invalid_second_factor',
      'invalid_credentials',
      'invalid_state',
    ],
    handler: (ctx) =>
      disableSecondFactor({
        db: ctx.db,
        actor: ctx.actor,
        sessionSecret: ctx.secret,
        input: ctx.body,
        ip: ctx.ip,
      }),
  }),
  defineRoute({
    method: 'post',
    path: '/auth/second-factor/recovery-codes',
    operationId: 'renewRecoveryCodes',
    summary:
      'Ten new recovery codes (the old ones stop working), with a current code or the password',
    tag: 'auth',
    access: 'signed-in',
    body: ProveIdentityRequest,
    response: RecoveryCodes,
    errors: [
      'validation',
      'unauthenticated',
      'invalid_second_factor',
      'invalid_credentials',
      'invalid_state',
    ],
    handler: (ctx) =>
      regenerateRecoveryCodes({
        db: ctx.db,
        actor: ctx.actor,
        sessionSecret: ctx.secret,
        input: ctx.body,
        ip: ctx.ip,
      }),
  }),
  defineRoute({
    method: 'get',
    path: '/auth/sessions',
    operationId: 'listSessions',
    summary: 'One’s sessions still in force, the current one marked',
    tag: 'auth',
    access: 'signed-in',
    response: SessionList,
    errors: ['unauthenticated'],
    handler: (ctx) => listOwnSessions(ctx),
  }),
  defineRoute({
    method: 'delete',
    path: '/auth/sessions/:sessionId',
    operationId: 'endSession',
    summary: 'Sign out one of one’s sessions',
    tag: 'auth',
    access: 'signed-in',
    params: SessionIdParams,
    status: 204,
    errors: ['unauthenticated', 'not_found'],
    handler: (ctx) => signOutOwnSession({ db: ctx.db, actor: ctx.actor, id: ctx.params.sessionId }),
  }),
  defineRoute({
    method: 'post',
    path: '/auth/sessions/sign-out-others',
    operationId: 'endOtherSessions',
    summary: 'Sign out every session but this one',
    tag: 'auth',
    access: 'signed-in',
    status: 204,
    errors: ['unauthenticated'],
    handler: (ctx) => signOutOtherSessions(ctx),
  }),
  defineRoute({
    method: 'get',
    path: '/security/second-factor-policy',
    operationId: 'getSecondFactorPolicy',
    summary: 'For which roles the second factor is required',
    tag: 'users',
    access: 'admin',
    response: SecondFactorPolicy,
    errors: ['unauthenticated', 'forbidden'],
    handler: (ctx) => getSecondFactorPolicy(ctx),
  }),
  defineRoute({
    method: 'patch',
    path: '/security/second-factor-policy',
    operationId: 'updateSecondFactorPolicy',
    summary: 'Require (or not) the second factor for admins, organisers, chairs',
    tag: 'users',
    access: 'admin',
    body: UpdateSecondFactorPolicyRequest,
    response: SecondFactorPolicy,
    errors: ['validation', 'unauthenticated', 'forbidden'],
    handler: (ctx) => updateSecondFactorPolicy({ db: ctx.db, actor: ctx.actor, input: ctx.body }),
  }),
  defineRoute({
    method: 'get',
    path: '/users/:id/second-factor',
    operationId: 'getUserSecondFactor',
    summary: 'Whether an account has a second factor',
    tag: 'users',
    access: 'admin',
    params: UserIdParams,
    response: z.object({ enrolled: z.boolean() }).meta({ id: 'UserSecondFactor' }),
    errors: ['unauthenticated', 'forbidden'],
    handler: (ctx) => userSecondFactor({ db: ctx.db, actor: ctx.actor, userId: ctx.params.id }),
  }),
  defineRoute({
    method: 'delete',
    path: '/users/:id/second-factor',
    operationId: 'resetUserSecondFactor',
    summary: 'Remove another user’s second factor (a lost phone); signs them out everywhere',
    tag: 'users',
    access: 'admin',
    params: UserIdParams,
    status: 204,
    errors: ['unauthenticated', 'forbidden', 'not_found', 'cannot_change_own_access'],
    handler: (ctx) => resetSecondFactor({ db: ctx.db, actor: ctx.actor, userId: ctx.params.id }),
  }),
  defineRoute({
    method: 'post',
    path: '/users/:id/sign-out-everywhere',
    operationId: 'signUserOutEverywhere',
    summary: 'End every session of an account',
    tag: 'users',
    access: 'admin',
    params: UserIdParams,
    response: z.object({ sessionsEnded: z.number().int() }).meta({ id: 'SessionsEnded' }),
    errors: ['unauthenticated', 'forbidden', 'not_found'],
    handler: (ctx) => signOutEverywhere({ db: ctx.db, actor: ctx.actor, userId: ctx.params.id }),
  }),
];
