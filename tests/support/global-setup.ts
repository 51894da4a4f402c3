import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Once per vitest run, before any test file: the pages, the server's bundle and the
 * embedded database's template are brought up to date with the sources (a no-op when they
 * are), so a server process started by a test never runs yesterday's code.
 */
export default function setup() {
  execFileSync(process.execPath, ['scripts/build-if-needed.mjs'], {
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
    stdio: 'inherit',
  });
}
