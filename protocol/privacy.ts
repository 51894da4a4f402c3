import { z } from 'zod';

/** Contributors' contacts are kept this many days after their conference ends (the range). */
export const RETENTION_MIN_DAYS = 30;
export const RETENTION_MAX_DAYS = 1095;
export const RETENTION_DEFAULT_DAYS = 90;

/** Where the full notice is published. */
export const PRIVACY_NOTICE_PATH = '/chinh-sach-du-lieu-ca-nhan';

/** The placeholder a notice's wording may use for the retention period. */
export const DAYS_PLACEHOLDER = '{days}';

const text = (min: number, max: number) => z.string().trim().min(min).max(max);

/** A new version of the notice, as an administrator saves it. */
export const PrivacyNoticeInput = z
  .strictObject({
    summary: text(20, 1000),
    summaryEn: text(20, 1000),
    body: text(100, 20_000),
    bodyEn: text(100, 20_000),
    retentionDays: z.coerce.number().int().min(RETENTION_MIN_DAYS).max(RETENTION_MAX_DAYS),
  })
  .meta({ id: 'PrivacyNoticeInput' });
export type PrivacyNoticeInput = z.output<typeof PrivacyNoticeInput>;

/**
 * The key a person's request is looked up by: an e-mail address (lower-cased) or a
 * phone number (its digits, a leading +84 read as 0).
 */
export const PersonalDataQuery = z.strictObject({
  key: z.string().trim().max(254).optional(),
});

export type PersonalDataKey = { kind: 'email'; value: string } | { kind: 'phone'; value: string };

/** Reads the key: an e-mail, or a phone number with 8 to 15 digits; anything else: null. */
export function parsePersonalDataKey(raw: string): PersonalDataKey | null {
  const value = raw.trim();
  if (value.includes('@')) {
    const email = z.email().safeParse(value.toLowerCase());
    return email.success ? { kind: 'email', value: email.data } : null;
  }
  if (!/^[+0-9 ().-]+$/.test(value)) return null;
  const digits = normalisePhone(value);
  return digits.length >= 8 && digits.length <= 15 ? { kind: 'phone', value: digits } : null;
}

/** A phone number's digits, the country code +84 read as 0. */
export function normalisePhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (phone.trim().startsWith('+84')) return `0${digits.slice(2)}`;
  return digits;
}
