import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { templateKey } from './pglite-template-key.mjs';
import { projectRoot } from './project-root.ts';

/**
 * A new embedded database starts from a copy made at build time (PGlite's `loadDataDir`):
 * initdb and the migrations run once per build, not on every first start or test file.
 * The copy is used only while its key (the migrations and the PGlite version) matches
 * this checkout; otherwise a database is made from scratch as before.
 */
export const migrationsFolder = join(projectRoot, 'db/migrations');
const dir = join(projectRoot, 'build/pglite');
const templateFile = join(dir, 'template.tar.gz');
const keyFile = join(dir, 'template.key');

export function currentTemplateKey(): string {
  return templateKey(projectRoot);
}

/** The build's migrated, empty database, when it matches this checkout. */
export function readTemplate(): Blob | undefined {
  try {
    if (readFileSync(keyFile, 'utf8') !== currentTemplateKey()) return undefined;
    return new Blob([readFileSync(templateFile)]);
  } catch {
    return undefined;
  }
}

/** Writes the copy (scripts/make-pglite-template.ts). */
export function writeTemplate(data: Uint8Array, key: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${templateFile}.tmp`, data);
  renameSync(`${templateFile}.tmp`, templateFile);
  writeFileSync(keyFile, key);
}
