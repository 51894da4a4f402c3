import { z } from 'zod';
import { GlobalRole, Language, Timestamp, Uuid } from './common.ts';

export const Email = z.string().trim().toLowerCase().max(254).pipe(z.email());

export const PASSWORD_MIN = 10;
export const Password = z.string().min(PASSWORD_MIN).max(200);

export const LoginRequest = z
  .strictObject({
    email: Email,
    password: z.string().min(1).max(200),
  })
  .meta({ id: 'LoginRequest' });
export type LoginInput = z.output<typeof LoginRequest>;

export const UserView = z
  .object({
    id: Uuid,
    email: z.string(),
    name: z.string(),
    language: Language,
    roles: z.array(GlobalRole),
    disabled: z.boolean(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'User' });
export type UserView = z.infer<typeof UserView>;

export const MeResponse = z.object({ user: UserView }).meta({ id: 'MeResponse' });

export const UpdateMeRequest = z
  .strictObject({
    name: z.string().trim().min(1).max(120).optional(),
    language: Language.optional(),
  })
  .meta({ id: 'UpdateMeRequest' });
export type UpdateMeInput = z.output<typeof UpdateMeRequest>;

export const ChangePasswordRequest = z
  .strictObject({
    currentPassword: z.string().min(1).max(200),
    newPassword: Password,
  })
  .meta({ id: 'ChangePasswordRequest' });
export type ChangePasswordInput = z.output<typeof ChangePasswordRequest>;

/** "Quên mật khẩu": the address to send a reset link to. */
export const PasswordResetRequest = z
  .strictObject({ email: Email })
  .meta({ id: 'PasswordResetRequest' });
export type PasswordResetRequestInput = z.output<typeof PasswordResetRequest>;

/** A new password with the link's token. */
export const PasswordResetSubmit = z
  .strictObject({
    token: z.string().min(1).max(100),
    password: Password,
  })
  .meta({ id: 'PasswordResetSubmit' });
export type PasswordResetSubmitInput = z.output<typeof PasswordResetSubmit>;

/**
 * The answer to a correct password: the user, or — for an account with a second factor —
 * only `secondFactorRequired` (no session yet: send the code to `/auth/login/second-factor`).
 */
export const LoginResponse = z
  .object({ secondFactorRequired: z.boolean(), user: UserView.optional() })
  .meta({ id: 'LoginResponse' });
