import { z } from 'zod';
import { Timestamp } from './common.ts';

/**
 * Roles an administrator can require the second factor for: the global `admin`, and the
 * conference roles `organiser` and `chair` (held in any conference).
 */
export const secondFactorRoles = ['admin', 'organiser', 'chair'] as const;
export const SecondFactorRole = z.enum(secondFactorRoles);
export type SecondFactorRole = z.infer<typeof SecondFactorRole>;

/** A TOTP code as typed: spaces allowed ("123 456"), six digits. */
export const TotpCode = z
  .string()
  .max(20)
  .transform((s) => s.replace(/\s+/g, ''))
  .pipe(z.string().regex(/^\d{6}$/, { message: 'secondFactor.codeFormat' }));

/** A recovery code as typed: case, spaces and dashes do not matter. */
export const RecoveryCode = z
  .string()
  .max(40)
  .transform((s) => s.replace(/[\s-]+/g, '').toUpperCase())
  .pipe(z.string().regex(/^[0-9A-Z]{10}$/, { message: 'secondFactor.recoveryFormat' }));

export const CodeInput = z.strictObject({ code: TotpCode });
export const RecoveryCodeInput = z.strictObject({ recoveryCode: RecoveryCode });
export const PasswordInput = z.strictObject({ password: z.string().min(1).max(200) });

export const SecondFactorLoginRequest = z
  .union([CodeInput, RecoveryCodeInput])
  .meta({ id: 'SecondFactorLoginRequest' });
export type SecondFactorLoginInput = z.output<typeof SecondFactorLoginRequest>;

export const SecondFactorStatus = z
  .object({
    enrolled: z.boolean(),
    enrolling: z.boolean(),
    required: z.boolean(),
    confirmedAt: Timestamp.nullable(),
    recoveryCodesLeft: z.number().int(),
  })
  .meta({ id: 'SecondFactorStatus' });

export const EnrolmentStart = z
  .object({
    secret: z.string().meta({ description: 'Base32 secret, for manual entry' }),
    uri: z.string().meta({ description: 'otpauth:// URI' }),
    qrSvg: z.string().meta({ description: 'The URI as a QR code (SVG)' }),
  })
  .meta({ id: 'SecondFactorEnrolmentStart' });

export const ConfirmEnrolmentRequest = z
  .strictObject({ code: TotpCode })
  .meta({ id: 'ConfirmSecondFactorRequest' });

export const RecoveryCodes = z
  .object({ recoveryCodes: z.array(z.string()) })
  .meta({ id: 'RecoveryCodes' });

/** Disabling or regenerating: the current code, or the password. */
export const ProveIdentityRequest = z
  .union([CodeInput, PasswordInput])
  .meta({ id: 'ProveIdentityRequest' });
export type ProveIdentityInput = z.output<typeof ProveIdentityRequest>;

/**
 * Starting an enrolment: nothing the first time; to replace a factor in force, the
 * current code or the password (a borrowed session must not swap the owner's phone).
 */
export const StartEnrolmentRequest = z
  .strictObject({
    code: TotpCode.optional(),
    password: z.string().min(1).max(200).optional(),
  })
  .meta({ id: 'StartSecondFactorEnrolmentRequest' });
export type StartEnrolmentInput = z.output<typeof StartEnrolmentRequest>;

export const SecondFactorPolicy = z
  .object({ roles: z.record(SecondFactorRole, z.boolean()) })
  .meta({ id: 'SecondFactorPolicy' });

export const UpdateSecondFactorPolicyRequest = z
  .strictObject({ roles: z.partialRecord(SecondFactorRole, z.boolean()) })
  .meta({ id: 'UpdateSecondFactorPolicyRequest' });
export type UpdateSecondFactorPolicyInput = z.output<typeof UpdateSecondFactorPolicyRequest>;

export const SessionView = z
  .object({
    id: z.string(),
    device: z.string(),
    ip: z.string().nullable(),
    createdAt: Timestamp,
    lastSeenAt: Timestamp,
    current: z.boolean(),
  })
  .meta({ id: 'Session' });
export type SessionView = z.infer<typeof SessionView>;
export const SessionList = z.object({ sessions: z.array(SessionView) }).meta({ id: 'SessionList' });

export const SessionIdParams = z.strictObject({ sessionId: z.string().regex(/^[\w-]{1,64}$/) });
