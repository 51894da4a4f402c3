import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';
import { AppError } from '../errors.ts';
import { VIETNAMESE_PASSWORD_WORDS } from './vietnamese-words.ts';

/** zxcvbn's score, 0 (guessed at once) to 4; below this a password is refused. */
export const MIN_PASSWORD_SCORE = 3;

// Offline: the dictionaries ship in the packages; nothing is fetched.
const zxcvbn = new ZxcvbnFactory({
  dictionary: { ...dictionary, vietnamese: VIETNAMESE_PASSWORD_WORDS },
  graphs: adjacencyGraphs,
  useLevenshteinDistance: true,
});

/** Diacritics off and lower case, as people type passwords: `Đối thoại` → `doithoai`. */
function plain(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase();
}

/**
 * Refuses a password that is easy to guess (`1111111111`, ten spaces, `matkhau2026`, the
 * person's own name or e-mail), with a `validation` error on `field`. The account's own
 * words (name, e-mail) count as guessable.
 */
export function checkPasswordStrength(
  password: string,
  opts: { field: string; userInputs?: string[] },
): void {
  const inputs = (opts.userInputs ?? []).flatMap((v) => {
    const p = plain(v);
    const words = p.split(/[^a-z0-9]+/).filter(Boolean);
    return [p, words.join(''), ...words.filter((w) => w.length >= 3)];
  });
  // Also as typed without diacritics and spaces: "Mật khẩu 2026" is "matkhau2026".
  const candidates = [password, plain(password), plain(password).replace(/\s+/g, '')];
  const weakest = Math.min(...candidates.map((c) => zxcvbn.check(c, inputs).score));
  if (password.trim().length === 0 || weakest < MIN_PASSWORD_SCORE) {
    throw new AppError('validation', { fields: { [opts.field]: 'errors.password_weak' } });
  }
}
