import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    setupFiles: ['./tests/support/setup.ts'],
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
