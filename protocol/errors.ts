import { z } from 'zod';

/** Every error the API and the forms can report, with its HTTP status. */
export const errorStatus = {
  validation: 400,
  bad_json: 400,
  unexpected_body: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  invalid_second_factor: 401,
  second_factor_unreadable: 409,
  second_factor_expired: 401,
  second_factor_enrolment_required: 403,
  forbidden: 403,
  cross_origin: 403,
  account_disabled: 403,
  not_found: 404,
  conflict: 409,
  in_use: 409,
  invalid_transition: 409,
  invalid_state: 409,
  site_has_activity: 409,
  undo_invalid: 400,
  undo_expired: 400,
  undo_not_yours: 400,
  undo_conflict: 409,
  link_invalid: 410,
  unsupported_file: 415,
  file_too_large: 413,
  email_taken: 409,
  cannot_change_own_access: 409,
  payload_too_large: 413,
  request_too_long: 431,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export const ErrorResponse = z
  .object({
    error: z.object({
      code: z.string().meta({ description: 'Stable machine-readable error code' }),
      message: z.string().meta({ description: "Human-readable message in the caller's language" }),
      fields: z
        .record(z.string(), z.string())
        .optional()
        .meta({ description: 'Per-field messages, keyed by dotted field path' }),
    }),
  })
  .meta({ id: 'Error' });

export type ErrorBody = z.infer<typeof ErrorResponse>;
