import { describe, expect, it } from 'vitest';
import { addressBucket } from './client-address.ts';

describe('addressBucket', () => {
  it('counts an IPv6 /64 as one address', () => {
    const buckets = new Set(
      [
        '2001:db8:1:2::1',
        '2001:db8:1:2::7',
        '2001:0db8:0001:0002:ffff::1',
        '[2001:db8:1:2::9]',
      ].map(addressBucket),
    );
    expect([...buckets]).toEqual(['2001:db8:1:2::/64']);
    expect(addressBucket('2001:db8:1:3::1')).toBe('2001:db8:1:3::/64');
  });

  it('keeps IPv4, and reads IPv4-mapped IPv6 as IPv4', () => {
    expect(addressBucket('203.0.113.5')).toBe('203.0.113.5');
    expect(addressBucket('::ffff:203.0.113.5')).toBe('203.0.113.5');
    expect(addressBucket(' 203.0.113.5 ')).toBe('203.0.113.5');
  });
});
