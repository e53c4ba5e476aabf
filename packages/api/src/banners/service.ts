/** The control-room ticker: any signed-in user reads it, an Admin replaces it as a whole (audited). */
import type { Database, Kysely } from '@sentinel/db';
import type { TSetBannerMessagesRequest } from '@sentinel/contracts';
import type { Actor } from '../core/context.ts';
import { recordAudit } from '../audit/trail.ts';
import { readBannerMessages, writeBannerMessages } from './repository.ts';

export async function getBannerMessages(db: Kysely<Database>): Promise<string[]> {
  return (await readBannerMessages(db)) ?? [];
}

export async function setBannerMessages(db: Kysely<Database>, input: TSetBannerMessagesRequest, actor: Actor): Promise<string[]> {
  return db.transaction().execute(async (trx) => {
    const before = (await readBannerMessages(trx)) ?? [];
    await writeBannerMessages(trx, input.messages);
    await recordAudit(trx, actor, {
      action: 'banners.update',
      resourceType: 'banner-messages',
      message: `${input.messages.length} banner message(s)`,
      before: { messages: before },
      after: { messages: input.messages },
    });
    return [...input.messages];
  });
}
