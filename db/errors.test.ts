import { describe, expect, it } from 'vitest';
import { databaseFault } from './errors.ts';

describe('databaseFault', () => {
  it('names a server down, a slow one and a full disk, through wrapped causes', () => {
    const wrapped = (cause: unknown) => Object.assign(new Error('Failed query: …'), { cause });
    expect(databaseFault(wrapped(Object.assign(new Error('x'), { code: 'ECONNREFUSED' })))).toBe(
      'unavailable',
    );
    expect(databaseFault(wrapped(Object.assign(new Error('x'), { code: '57P01' })))).toBe(
      'unavailable',
    );
    expect(databaseFault(new Error('Connection terminated unexpectedly'))).toBe('unavailable');
    expect(databaseFault(new Error('timeout exceeded when trying to connect'))).toBe('unavailable');
    expect(databaseFault(wrapped(Object.assign(new Error('x'), { code: '57014' })))).toBe('busy');
    expect(databaseFault(new Error('Query read timeout'))).toBe('busy');
    expect(databaseFault(wrapped(Object.assign(new Error('x'), { code: '53100' })))).toBe(
      'storage_full',
    );
    expect(
      databaseFault(
        wrapped(new Error('could not extend file "base/5/1234": No space left on device')),
      ),
    ).toBe('storage_full');
  });

  it('leaves input errors and real failures alone', () => {
    expect(databaseFault(Object.assign(new Error('dup'), { code: '23505' }))).toBeNull();
    expect(databaseFault(new Error('something else'))).toBeNull();
    expect(databaseFault(null)).toBeNull();
  });
});
