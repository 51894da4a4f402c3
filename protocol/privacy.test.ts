import { describe, expect, it } from 'vitest';
import { normalisePhone, parsePersonalDataKey } from './privacy.ts';

describe('a person’s key', () => {
  it('reads an e-mail address, lower-cased', () => {
    expect(parsePersonalDataKey('  Nguyen.Van.A@Example.VN ')).toEqual({
      kind: 'email',
      value: 'nguyen.van.a@example.vn',
    });
  });

  it('reads a phone number as its digits, +84 as 0', () => {
    expect(parsePersonalDataKey('0912 345 678')).toEqual({ kind: 'phone', value: '0912345678' });
    expect(parsePersonalDataKey('+84 (912) 345-678')).toEqual({
      kind: 'phone',
      value: '0912345678',
    });
    expect(normalisePhone('+84912345678')).toBe(normalisePhone('0912.345.678'));
  });

  it('refuses anything else', () => {
    for (const bad of ['', 'ai đó', '12345', '1'.repeat(16), 'a@', '0912\u0000345678', '@@']) {
      expect(parsePersonalDataKey(bad), JSON.stringify(bad)).toBeNull();
    }
  });
});
