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
import { EnvError, parseEnv } from './env.ts';

const HELP = `Usage: npm run admin -- <command> [options]

Commands:
  create-user --email E --name N --password P [--role admin|editor|reporter|approver]… [--language vi|en]
  set-password --email E --password P     (also signs the user out everywhere)
  list-users

Uses DATABASE_URL, or the embedded database in DATA_DIR (the server must be stopped).`;

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
