import { requestPasswordReset } from '../../domain/auth/request-password-reset.ts';
import { resetPassword } from '../../domain/auth/reset-password.ts';
import { signIn } from '../../domain/auth/sign-in.ts';
import { revokeSession } from '../../domain/auth/sessions.ts';
import { changeOwnPassword, getOwnAccount, updateOwnProfile } from '../../domain/auth/users.ts';
import {
  ChangePasswordRequest,
  LoginRequest,
  LoginResponse,
  MeResponse,
  PasswordResetRequest,
  PasswordResetSubmit,
  UpdateMeRequest,
} from '../../protocol/auth.ts';
import { defineRoute } from './route.ts';

export const authRoutes = [
  defineRoute({
    method: 'post',
    path: '/auth/password-reset/request',
    operationId: 'requestPasswordReset',
    summary:
      '"Quên mật khẩu": e-mails a single-use reset link when an enabled account has the address; the same answer either way (throttled per address asked for and per client address)',
    tag: 'auth',
    access: 'public',
    body: PasswordResetRequest,
    status: 204,
    errors: ['validation', 'rate_limited'],
    async handler(ctx) {
      await requestPasswordReset({ db: ctx.db, input: ctx.body, ip: ctx.ip, secret: ctx.secret });
    },
  }),
  defineRoute({
    method: 'post',
    path: '/auth/password-reset',
    operationId: 'resetPassword',
    summary:
      'Sets a new password with a reset link’s token, once; ends every session of the account',
    tag: 'auth',
    access: 'public',
    body: PasswordResetSubmit,
    status: 204,
    errors: ['validation', 'link_invalid'],
    async handler(ctx) {
      await resetPassword({ db: ctx.db, input: ctx.body, secret: ctx.secret });
      if (ctx.sessionId) ctx.setCookie(ctx.cookies.clearSession());
    },
  }),
  defineRoute({
    method: 'post',
    path: '/auth/login',
    operationId: 'login',
    summary:
      'Sign in with e-mail and password; sets the session cookie, or — for an account with a second factor — a challenge cookie for /auth/login/second-factor',
    tag: 'auth',
    access: 'public',
    body: LoginRequest,
    response: LoginResponse,
    errors: ['validation', 'invalid_credentials', 'rate_limited'],
    async handler(ctx) {
      const result = await signIn({
        db: ctx.db,
        input: ctx.body,
        secret: ctx.secret,
        ip: ctx.ip,
        userAgent: ctx.userAgent,
      });
      if (result.secondFactorRequired) {
        ctx.setCookie(ctx.cookies.challenge(result.challengeToken, result.expiresAt));
        return { secondFactorRequired: true };
      }
      ctx.setCookie(ctx.cookies.session(result.token, result.expiresAt));
      ctx.setCookie(ctx.cookies.lang(result.actor.language));
      return {
        secondFactorRequired: false,
        user: await getOwnAccount({ db: ctx.db, actor: result.actor }),
      };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/auth/logout',
    operationId: 'logout',
    summary: 'End the current session',
    tag: 'auth',
    access: 'public',
    status: 204,
    async handler(ctx) {
      if (ctx.sessionId) await revokeSession({ db: ctx.db, sessionId: ctx.sessionId });
      ctx.setCookie(ctx.cookies.clearSession());
    },
  }),
  defineRoute({
    method: 'get',
    path: '/auth/me',
    operationId: 'getMe',
    summary: 'The signed-in user',
    tag: 'auth',
    access: 'signed-in',
    response: MeResponse,
    errors: ['unauthenticated'],
    async handler(ctx) {
      return { user: await getOwnAccount(ctx) };
    },
  }),
  defineRoute({
    method: 'patch',
    path: '/auth/me',
    operationId: 'updateMe',
    summary: 'Change own name or interface language',
    tag: 'auth',
    access: 'signed-in',
    body: UpdateMeRequest,
    response: MeResponse,
    errors: ['validation', 'unauthenticated'],
    async handler(ctx) {
      const user = await updateOwnProfile({ db: ctx.db, actor: ctx.actor, input: ctx.body });
      ctx.setCookie(ctx.cookies.lang(user.language));
      return { user };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/auth/change-password',
    operationId: 'changePassword',
    summary: 'Change own password; signs out the other sessions',
    tag: 'auth',
    access: 'signed-in',
    body: ChangePasswordRequest,
    status: 204,
    errors: ['validation', 'unauthenticated'],
    async handler(ctx) {
      await changeOwnPassword({
        db: ctx.db,
        actor: ctx.actor,
        sessionId: ctx.sessionId,
        input: ctx.body,
      });
    },
  }),
];
