import { eq } from 'drizzle-orm';
import type { Executor } from '../../db/database.ts';
import { recoveryCodes } from '../../db/schema/second-factor.ts';
import { hashRecoveryCode, newRecoveryCodes } from './totp.ts';

/** A fresh set of one-time recovery codes for the user (the old ones void); only hashes are kept. */
export async function replaceRecoveryCodes(
  tx: Executor,
  userId: string,
  sessionSecret: string,
): Promise<string[]> {
  const codes = newRecoveryCodes();
  await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  await tx
    .insert(recoveryCodes)
    .values(codes.map((code) => ({ userId, codeHash: hashRecoveryCode(code, sessionSecret) })));
  return codes;
}
