import { describe, expect, it } from 'vitest';
import { isAppError } from '../errors.ts';
import { checkPasswordStrength } from './password-policy.ts';

const refused = (password: string, userInputs: string[] = []) => {
  try {
    checkPasswordStrength(password, { field: 'password', userInputs });
    return false;
  } catch (err) {
    return isAppError(err) && err.fields?.password === 'errors.password_weak';
  }
};

describe('checkPasswordStrength', () => {
  it.each([
    '1111111111',
    ' '.repeat(10),
    '1234567890',
    'password123',
    'matkhau2026',
    'Mật khẩu 2026',
    'anhyeuem123',
    'hanoi12345',
    'doithoai2026',
    'qwertyuiop',
  ])('refuses %j', (password) => {
    expect(refused(password)).toBe(true);
  });

  it('refuses the account’s own name or e-mail', () => {
    expect(refused('NguyenVanAn1990', ['Nguyễn Văn An', 'an.nguyen@example.gov.vn'])).toBe(true);
  });

  it.each(['Gió mùa đông bắc về sớm 2026', 'correct-horse-battery-staple', 'tR8#qLm2!vZp'])(
    'accepts %j',
    (password) => {
      expect(refused(password)).toBe(false);
    },
  );
});
