import { describe, expect, it } from 'vitest';
import { checkClientVersion, splitPassword, stamp } from './manifest.ts';
import { compareCounts } from './restore.ts';

describe('backup helpers', () => {
  it('names archives by the UTC time, sortable', () => {
    expect(stamp(new Date('2026-01-02T03:04:05.678Z'))).toBe('20260102-030405');
  });

  it('keeps the password off the command line', () => {
    expect(splitPassword('postgres://app:p%40ss@db.example:5432/doithoai')).toEqual({
      url: 'postgres://app@db.example:5432/doithoai',
      env: { PGPASSWORD: 'p@ss' },
    });
    expect(splitPassword('postgres://postgres@127.0.0.1/x').env).toEqual({});
  });

  it('names every table whose rows differ, and tables on one side only', () => {
    expect(
      compareCounts({ 'public.a': 1, 'public.b': 2 }, { 'public.a': 1, 'public.b': 2 }),
    ).toEqual([]);
    expect(
      compareCounts({ 'public.a': 1, 'public.b': 2 }, { 'public.a': 0, 'public.c': 5 }),
    ).toEqual([
      'public.a: 0 rows, the manifest says 1',
      'public.b: absent rows, the manifest says 2',
      'public.c: 5 rows, the manifest says absent',
    ]);
  });

  it('refuses a pg_dump older than the server, naming the package to install', async () => {
    await expect(checkClientVersion('pg_dump', 990_000)).rejects.toThrow(
      /older than the PostgreSQL server \(99\): install postgresql-client-99/,
    );
    await expect(checkClientVersion('pg_dump', 150_000)).resolves.toMatch(/pg_dump \(PostgreSQL\)/);
  });
});
