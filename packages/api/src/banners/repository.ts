/** SQL for the banner ticker: one app_settings entry holding the ordered list of messages. */
import { sql, type Database, type Kysely, type Transaction } from '@sentinel/db';

type Db = Kysely<Database> | Transaction<Database>;

const KEY = 'banners.messages';

/** The stored messages, or undefined when none were ever set. */
export async function readBannerMessages(db: Db): Promise<string[] | undefined> {
  const row = await db.selectFrom('app_settings').select('value').where('key', '=', KEY).executeTakeFirst();
  if (!row) return undefined;
  const value: unknown = typeof row.value === 'string' ? JSON.parse(row.value) : row.value;
  return Array.isArray(value) ? value.filter((m): m is string => typeof m === 'string') : [];
}

export async function writeBannerMessages(db: Db, messages: readonly string[]): Promise<void> {
  const value = sql<string>`${JSON.stringify(messages)}::jsonb`;
  await db
    .insertInto('app_settings')
    .values({ key: KEY, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: sql<Date>`now()` }))
    .execute();
}
