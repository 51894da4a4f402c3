// Administration from the command line, for a production database with no one to
// sign in yet:  npm run admin -- create-user --email … --name … --password … --role admin
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../db/client.ts';
import { DataDirLockedError, lockDataDir } from '../db/data-dir-lock.ts';
import { errorBody } from '../app/i18n/error-body.ts';
import { getT } from '../app/i18n/i18n.ts';
import {
  createUserFromConsole,
  listUsersFromConsole,
  setPasswordFromConsole,
} from '../domain/auth/users.ts';
import { isAppError } from '../domain/errors.ts';
import { parseInput } from '../domain/validation.ts';
import { Email, Password } from '../protocol/auth.ts';
import { CreateUserRequest } from '../protocol/users.ts';
import { createBackup } from './backup/backup.ts';
import { BackupError } from './backup/manifest.ts';
import { restoreBackup } from './backup/restore.ts';
import { EnvError, parseEnv } from './env.ts';

const HELP = `Usage: npm run admin -- <command> [options]

Commands:
  create-user --email E --name N --password P [--role admin|editor|reporter|approver]… [--language vi|en]
  set-password --email E --password P     (also signs the user out everywhere)
  list-users
  backup --to DIR                         (the server may run; writes DIR/doi-thoai-backup-YYYYMMDD-HHmmss.tar.gz)
  restore --from ARCHIVE                  (into an empty DATA_DIR, and an empty DATABASE_URL database)

Uses DATABASE_URL, or the embedded database in DATA_DIR (the server must be stopped, except
for backup). See docs/operations.md.`;

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

async function main() {
  const [command, ...rest] = process.argv.slice(2);
  if (!command || command === 'help' || command === '--help') {
    console.log(HELP);
    return;
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      password: { type: 'string' },
      role: { type: 'string', multiple: true },
      language: { type: 'string' },
      to: { type: 'string' },
      from: { type: 'string' },
    },
    strict: true,
  });

  let env;
  try {
    env = parseEnv();
  } catch (err) {
    if (err instanceof EnvError) fail(err.message);
    throw err;
  }
  const dataDir = resolve(env.DATA_DIR);
  const mediaDir = resolve(env.MEDIA_DIR ?? join(dataDir, 'media'));
  if (command === 'backup' || command === 'restore') {
    const started = Date.now();
    const log = (line: string) => process.stderr.write(`${line}\n`);
    try {
      if (command === 'backup') {
        if (!values.to) fail('backup needs --to DIR (where the archive goes).');
        const { path, manifest } = await createBackup({
          dataDir,
          mediaDir,
          databaseUrl: env.DATABASE_URL,
          outDir: values.to,
          log,
        });
        const rows = Object.values(manifest.database.tables).reduce((a, b) => a + b, 0);
        console.log(
          `Backup written: ${path}\n  ${rows} rows in ${Object.keys(manifest.database.tables).length} tables, ${manifest.files.length} files, ${((Date.now() - started) / 1000).toFixed(1)} s`,
        );
        for (const note of manifest.notes) console.log(`  note: ${note}`);
      } else {
        if (!values.from) fail('restore needs --from ARCHIVE.');
        const manifest = await restoreBackup({
          archive: values.from,
          dataDir,
          mediaDir,
          databaseUrl: env.DATABASE_URL,
          log,
        });
        console.log(
          `Restored the backup of ${manifest.createdAt} (version ${manifest.app.version}) into ${env.DATABASE_URL ? 'DATABASE_URL and ' : ''}${dataDir}: every file's checksum and every table's row count match its manifest (${((Date.now() - started) / 1000).toFixed(1)} s). Start the app on it: npm start.`,
        );
        for (const note of manifest.notes) console.log(`  note from the backup: ${note}`);
      }
    } catch (err) {
      if (err instanceof BackupError) fail(err.message);
      throw err;
    }
    return;
  }
  let lock: { release(): void } | undefined;
  if (!env.DATABASE_URL) {
    mkdirSync(dataDir, { recursive: true });
    try {
      lock = lockDataDir(dataDir);
    } catch (err) {
      if (err instanceof DataDirLockedError) fail(`${err.message} Stop the server first.`);
      throw err;
    }
  }
  const database = await openDatabase({ url: env.DATABASE_URL, dataDir: join(dataDir, 'pglite') });
  try {
    await database.migrate();
    const { db } = database;
    switch (command) {
      case 'create-user': {
        const input = parseInput(CreateUserRequest, {
          email: values.email,
          name: values.name,
          password: values.password,
          roles: values.role ?? [],
          ...(values.language ? { language: values.language } : {}),
        });
        const user = await createUserFromConsole({ db, input });
        console.log(`Created ${user.email} (${user.roles.join(', ') || 'no global role'}).`);
        break;
      }
      case 'set-password': {
        const email = parseInput(Email, values.email);
        const password = parseInput(Password, values.password);
        await setPasswordFromConsole({ db, email, password }).catch((err: unknown) => {
          if (isAppError(err) && err.code === 'not_found') fail(`No user with e-mail ${email}.`);
          throw err;
        });
        console.log(`Password of ${email} changed; their sessions were ended.`);
        break;
      }
      case 'list-users': {
        for (const u of await listUsersFromConsole({ db })) {
          console.log(
            `${u.email}\t${u.name}\t${u.roles.join(',') || '-'}\t${u.disabled ? 'disabled' : 'active'}`,
          );
        }
        break;
      }
      default:
        fail(`Unknown command "${command}".\n\n${HELP}`);
    }
  } catch (err) {
    if (isAppError(err)) {
      const { error } = errorBody(err, getT('en')).body;
      const detail = Object.entries(error.fields ?? {}).map(([k, v]) => `${k}: ${v}`);
      fail(
        `Refused (${error.code}): ${error.message}${detail.length ? ` ${detail.join('; ')}` : ''}`,
      );
    }
    throw err;
  } finally {
    await database.close();
    lock?.release();
  }
}

main().catch((err: unknown) => {
  fail(`Fatal: ${(err as Error).message}`);
});
