import { eq, inArray, sql } from 'drizzle-orm';
import { setTimeout as sleep } from 'node:timers/promises';
import { rowsOf, type Database } from '../../db/database.ts';
import { authThrottle } from '../../db/schema/sessions.ts';
import { users } from '../../db/schema/users.ts';
import type { LoginInput } from '../../protocol/auth.ts';
import { addressBucket } from '../client-address.ts';
import { AppError } from '../errors.ts';
import { verifyAgainstDummy, verifyPassword } from './passwords.ts';
import type { Actor } from './policies.ts';
import { createSession, type NewSession } from './sessions.ts';
import { createChallenge, hasSecondFactor } from '../second-factor/sign-in-challenge.ts';

/**
 * Failed sign-ins are counted in a window: per account from one address (refused at
 * `accountLimit`), per address whatever the account (refused at `addressLimit`), and
 * per account from everywhere, which only slows the answers down. An account is never
 * locked for everyone: strangers failing from other addresses cannot keep its owner
 * out, while each of their addresses runs into its own limit.
 */
export const THROTTLE = {
  windowMs: 15 * 60 * 1000,
  /** The attempt that brings an account to this many failures from one address is refused with 429. */
  accountLimit: 10,
  /** High enough for a provincial office behind one NAT address. */
  addressLimit: 100,
  /** From this many failures of one account (from anywhere) on, each failed answer is delayed a little longer. */
  slowAfter: 3,
  stepMs: 250,
  maxDelayMs: 2000,
} as const;

const accountFromKey = (email: string, ip: string) => `account:${email}|${addressBucket(ip)}`;
const accountKey = (email: string) => `account:${email}`;
const addressKey = (ip: string) => `ip:${addressBucket(ip)}`;

function throttled(): AppError {
  return new AppError('rate_limited', {
    params: { minutes: Math.ceil(THROTTLE.windowMs / 60_000) },
  });
}

/** Counters still inside their window, by key (also used by other throttles: password reset). */
export async function currentFailures(db: Database, keys: string[]): Promise<Map<string, number>> {
  const rows = await db
    .select({ key: authThrottle.key, failures: authThrottle.failures })
    .from(authThrottle)
    .where(
      sql`${inArray(authThrottle.key, keys)} and ${authThrottle.windowStartedAt} > now() - make_interval(secs => ${THROTTLE.windowMs / 1000})`,
    );
  return new Map(rows.map((r) => [r.key, r.failures]));
}

/** Counts one failure on each key atomically; a window that has run out starts again at 1. */
export async function recordFailure(db: Database, key: string): Promise<number> {
  const result = await db.execute(sql`
    insert into auth_throttle (key, failures, window_started_at) values (${key}, 1, now())
    on conflict (key) do update set
      failures = case when auth_throttle.window_started_at > now() - make_interval(secs => ${THROTTLE.windowMs / 1000})
                      then auth_throttle.failures + 1 else 1 end,
      window_started_at = case when auth_throttle.window_started_at > now() - make_interval(secs => ${THROTTLE.windowMs / 1000})
                      then auth_throttle.window_started_at else now() end
    returning failures`);
  return rowsOf<{ failures: number }>(result)[0]?.failures ?? 1;
}

/**
 * Refuses with `rate_limited` while this account from this address, or this address,
 * has reached its limit: the check every step of signing in makes first.
 */
export async function refuseIfThrottled(db: Database, email: string, ip: string): Promise<void> {
  const [fromHere, address] = [accountFromKey(email, ip), addressKey(ip)];
  const before = await currentFailures(db, [fromHere, address]);
  if (
    (before.get(fromHere) ?? 0) >= THROTTLE.accountLimit ||
    (before.get(address) ?? 0) >= THROTTLE.addressLimit
  ) {
    throw throttled();
  }
}

/**
 * Counts a wrong answer (a password, a code) for this account from this address and for
 * the address, and — unless `everywhere` is false — for the account from everywhere;
 * refuses with `rate_limited` once a limit is reached. Returns the account's failures from
 * everywhere (what slows the answers down).
 */
export async function countSignInFailure(
  db: Database,
  email: string,
  ip: string,
  { everywhere = true }: { everywhere?: boolean } = {},
): Promise<number> {
  const hereFailures = await recordFailure(db, accountFromKey(email, ip));
  const addressFailures = await recordFailure(db, addressKey(ip));
  const allFailures = everywhere ? await recordFailure(db, accountKey(email)) : 0;
  if (hereFailures >= THROTTLE.accountLimit || addressFailures >= THROTTLE.addressLimit) {
    throw throttled();
  }
  return allFailures;
}

/** A sign-in that succeeded: the account's failures are forgotten and a session opens. */
export async function openSignedInSession(opts: {
  db: Database;
  userId: string;
  email: string;
  secret: string;
  ip: string;
  userAgent?: string;
}): Promise<NewSession> {
  await opts.db
    .delete(authThrottle)
    .where(
      inArray(authThrottle.key, [accountFromKey(opts.email, opts.ip), accountKey(opts.email)]),
    );
  return createSession({
    db: opts.db,
    userId: opts.userId,
    secret: opts.secret,
    ip: opts.ip,
    userAgent: opts.userAgent,
  });
}

export interface SignInResult extends NewSession {
  secondFactorRequired: false;
  actor: Actor;
}

/** The password was right; the account has a second factor, so no session yet. */
export interface SecondFactorChallenge {
  secondFactorRequired: true;
  challengeToken: string;
  expiresAt: Date;
}

/**
 * Checks an e-mail and password and opens a session. Repeated failures are slowed and
 * then refused with `rate_limited`, per account and per address, across instances.
 */
export async function signIn(opts: {
  db: Database;
  input: LoginInput;
  secret: string;
  ip: string;
  userAgent?: string;
}): Promise<SignInResult | SecondFactorChallenge> {
  const { email, password } = opts.input;
  await refuseIfThrottled(opts.db, email, opts.ip);

  const [user] = await opts.db.select().from(users).where(eq(users.email, email)).limit(1);
  const ok = user
    ? await verifyPassword(user.passwordHash, password)
    : (await verifyAgainstDummy(password), false);

  // A disabled account answers exactly as a wrong password does, so the answer never
  // tells whether a disabled account's password was right.
  if (!user || !ok || user.disabled) {
    const allFailures = await countSignInFailure(opts.db, email, opts.ip);
    const over = allFailures - THROTTLE.slowAfter;
    if (over > 0) await sleep(Math.min(THROTTLE.maxDelayMs, over * THROTTLE.stepMs));
    throw new AppError('invalid_credentials');
  }

  // With a second factor, the failures are forgotten only once the code is right too:
  // giving the password again must not buy more guesses at the code.
  if (await hasSecondFactor(opts.db, user.id)) {
    return {
      secondFactorRequired: true,
      ...(await createChallenge({ db: opts.db, userId: user.id, secret: opts.secret })),
    };
  }
  const session = await openSignedInSession({
    db: opts.db,
    userId: user.id,
    email: user.email,
    secret: opts.secret,
    ip: opts.ip,
    userAgent: opts.userAgent,
  });
  const { id, name, language, roles } = user;
  return {
    ...session,
    secondFactorRequired: false,
    actor: { id, name, email: user.email, language, roles },
  };
}
