import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The default order (longest or failed first), except that the media session's test runs
 * before the program stream's: run after it on this machine (Chromium 156.0.8078.114, a
 * clean checkout orders by size), the session test's screens got black or no pictures,
 * run first both pass; the cause is not found yet.
 */
class Sequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]) {
    const sorted = await super.sort(files);
    const first = (f: TestSpecification) =>
      f.moduleId.endsWith('/tests/media/media-session.test.ts');
    return [...sorted.filter(first), ...sorted.filter((f) => !first(f))];
  }
}

export default defineConfig({
  test: {
    sequence: { sequencer: Sequencer },
    setupFiles: ['./tests/support/setup.ts'],
    globalSetup: ['./tests/support/global-setup.ts'],
    coverage: {
      provider: 'v8',
      // The code this process runs; the browser tests' server processes are not measured.
      include: [
        'domain/**/*.ts',
        'server/**/*.ts',
        'db/**/*.ts',
        'protocol/**/*.ts',
        'app/{forms,actions,cookies}.ts',
        'app/i18n/*.ts',
      ],
      exclude: ['**/*.test.{ts,tsx}'],
      reporter: ['text-summary', 'json-summary'],
      reportsDirectory: './coverage',
    },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['{app,domain,db,protocol,server}/**/*.test.{ts,tsx}'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // Each file starts servers and a browser: one file at a time on two cores.
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          // Faults on purpose: instances behind nginx, killed, a database restarted or
          // slowed. Always on a PostgreSQL server (DATABASE_URL, else 127.0.0.1:5432).
          name: 'chaos',
          include: ['tests/chaos/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          // Janus, the app and Chromium in a private network namespace (scripts/test.sh).
          name: 'media',
          include: ['tests/media/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
