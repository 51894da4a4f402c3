// Builds what the server runs, each part only when its sources changed:
//  - the pages (react-router build) into build/server/index.js and build/client/;
//  - the server itself, bundled with esbuild into build/app/main.mjs (ADR 0015);
//  - the embedded database's template, build/pglite/ (db/pglite-template.ts).
// Runs on `npm ci` (prepare), `npm start` and `npm test`, so nobody has to remember it.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { build } from 'esbuild';
import { templateKey } from '../db/pglite-template-key.mjs';

const root = new URL('..', import.meta.url).pathname;

function walk(path, out) {
  if (!existsSync(path)) return;
  if (statSync(path).isDirectory()) {
    for (const name of readdirSync(path).sort()) walk(join(path, name), out);
  } else if (!path.endsWith('.test.ts') && !path.endsWith('.test.tsx')) {
    out.push(path);
  }
}

/** A digest of the files under `inputs` (directories or files, relative to the root). */
function digest(inputs) {
  const all = [];
  for (const p of inputs) walk(join(root, p), all);
  const hash = createHash('sha256');
  for (const f of all)
    hash.update(relative(root, f)).update('\0').update(readFileSync(f)).update('\0');
  return hash.digest('hex');
}

const read = (path) => (existsSync(path) ? readFileSync(path, 'utf8') : '');

function fail(err) {
  process.stderr.write(
    `${err.stdout ?? ''}${err.stderr ?? ''}${err.message ?? ''}\nThe build failed.\n`,
  );
  process.exit(1);
}

// The pages.
const pagesStamp = join(root, 'build/.sources-hash');
const pagesDigest = digest([
  'app',
  'public',
  'domain',
  'protocol',
  'db/schema',
  'db/database.ts',
  'db/errors.ts',
  'server/http/cookies.ts',
  'package-lock.json',
  'vite.config.ts',
  'react-router.config.ts',
  'tsconfig.json',
]);
if (read(pagesStamp) !== pagesDigest || !existsSync(join(root, 'build/server/index.js'))) {
  console.log('Building the pages (react-router build)…');
  try {
    execFileSync(join(root, 'node_modules/.bin/react-router'), ['build'], {
      cwd: root,
      stdio: 'pipe',
      // The shipped build even when the tests start it (vitest sets NODE_ENV=test, which
      // would give React's development build to the browser).
      env: { ...process.env, NODE_ENV: 'production' },
    });
  } catch (err) {
    fail(err);
  }
  writeFileSync(pagesStamp, pagesDigest);
  console.log('Build ready.');
}

// The server: one module instead of hundreds loaded one by one through tsx's hooks.
const serverStamp = join(root, 'build/app/.sources-hash');
const serverDigest = digest([
  'server',
  'db',
  'domain',
  'protocol',
  'app',
  'package-lock.json',
  'tsconfig.json',
]);
if (read(serverStamp) !== serverDigest || !existsSync(join(root, 'build/app/main.mjs'))) {
  try {
    await build({
      // build/app/server.mjs; build/app/main.mjs (below) is what runs.
      entryPoints: { server: join(root, 'server/main.ts') },
      outdir: join(root, 'build/app'),
      outExtension: { '.js': '.mjs' },
      // What is imported only when first needed (the record's documents, spreadsheets)
      // stays in chunks of its own, loaded then.
      splitting: true,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      sourcemap: true,
      logLevel: 'error',
    });
  } catch (err) {
    fail(err);
  }
  // In a bundle, the packages' imports are hoisted above every line of our code, so
  // server/production-mode.ts would set NODE_ENV after React had loaded: the entry sets
  // it before importing anything (React's development build beside react-dom/server's
  // production one fails every page).
  writeFileSync(
    join(root, 'build/app/main.mjs'),
    "// Made by scripts/build-if-needed.mjs.\nprocess.env.NODE_ENV ??= 'production';\nawait import('./server.mjs');\n",
  );
  writeFileSync(serverStamp, serverDigest);
}

// A migrated empty embedded database, which new ones start from.
if (read(join(root, 'build/pglite/template.key')) !== templateKey(root)) {
  console.log('Preparing the embedded database (migrations)…');
  mkdirSync(join(root, 'build/pglite'), { recursive: true });
  try {
    execFileSync(process.execPath, ['--import', 'tsx', 'scripts/make-pglite-template.ts'], {
      cwd: root,
      stdio: 'pipe',
    });
  } catch (err) {
    fail(err);
  }
}
