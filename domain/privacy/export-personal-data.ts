import type { Database } from '../../db/database.ts';
import type { PersonalDataKey } from '../../protocol/privacy.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { requireAdmin, type Actor } from '../auth/policies.ts';
import { findPersonalData, keyHash } from './find-personal-data.ts';

/**
 * A person's data as a readable JSON document (every stored field, attachments by name,
 * size and checksum), for their access request. Audited (`personal_data.exported`) with
 * the counts and the key's hash, never the data.
 */
export async function exportPersonalData(opts: {
  db: Database;
  actor: Actor | null;
  key: PersonalDataKey;
  secret: string;
}): Promise<{ fileName: string; json: string }> {
  const actor = requireAdmin(opts.actor);
  return opts.db.transaction(async (tx) => {
    const data = await findPersonalData({ db: tx, actor, key: opts.key });
    const hash = keyHash(opts.key, opts.secret);
    await recordAudit(tx, {
      actor,
      action: 'personal_data.exported',
      target: { type: 'person', id: hash },
      after: {
        keyKind: opts.key.kind,
        accounts: data.accounts.length,
        contributions: data.contributions.length,
        delegates: data.delegates.length,
        sites: data.sites.length,
        messages: data.messages.length,
      },
    });
    const document = {
      exportedAt: new Date().toISOString(),
      legalBasis: 'Nghị định 13/2023/NĐ-CP, Điều 14, 15',
      ...data,
    };
    return {
      fileName: `du-lieu-ca-nhan-${hash.slice(0, 8)}.json`,
      json: JSON.stringify(document, null, 2),
    };
  });
}
