// Builds the pages (react-router build) unless build/ already matches the sources.
// Runs on `npm ci` (prepare), `npm start` and `npm test`, so nobody has to remember it.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const inputs = [
  'app',
  'public',
  'domain',
  'protocol',
  'db/schema',
  'db/database.ts',
  'db/errors.ts',
  'server/http/cookies.ts',
];
const files = ['package-lock.json', 'vite.config.ts', 'react-router.config.ts', 'tsconfig.json'];
const stampPath = join(root, 'build/.sources-hash');

function walk(path, out) {
  if (!existsSync(path)) return;
  if (statSync(path).isDirectory()) {
    for (const name of readdirSync(path).sort()) walk(join(path, name), out);
  } else if (!path.endsWith('.test.ts') && !path.endsWith('.test.tsx')) {
    out.push(path);
  }
}

const all = [];
for (const p of inputs) walk(join(root, p), all);
for (const f of files) if (existsSync(join(root, f))) all.push(join(root, f));
const hash = createHash('sha256');
for (const f of all)
  hash.update(relative(root, f)).update('\0').update(readFileSync(f)).update('\0');
const digest = hash.digest('hex');

const current = existsSync(stampPath) ? readFileSync(stampPath, 'utf8') : '';
if (current === digest && existsSync(join(root, 'build/server/index.js'))) process.exit(0);

console.log('Building the pages (react-router build)…');
try {
  execFileSync(join(root, 'node_modules/.bin/react-router'), ['build'], {
    cwd: root,
    stdio: 'pipe',
  });
} catch (err) {
  process.stderr.write(`${err.stdout ?? ''}${err.stderr ?? ''}\nThe build failed.\n`);
  process.exit(1);
}
writeFileSync(stampPath, digest);
console.log('Build ready.');
