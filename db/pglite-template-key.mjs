// The key of the embedded database's template (db/pglite-template.ts): the migrations and
// the PGlite version. Plain JavaScript: scripts/build-if-needed.mjs computes it too.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** @param {string} root the checkout's root */
export function templateKey(root) {
  const hash = createHash('sha256');
  const pglite = JSON.parse(
    readFileSync(join(root, 'node_modules/@electric-sql/pglite/package.json'), 'utf8'),
  );
  hash.update(`pglite ${pglite.version}\0`);
  const folder = join(root, 'db/migrations');
  /** @param {string} dir */
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else hash.update(`${path.slice(folder.length)}\0`).update(readFileSync(path));
    }
  };
  walk(folder);
  return hash.digest('hex');
}
