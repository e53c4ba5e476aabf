/** SQL for per-user preferences: one JSON object per user holding only the keys they set. */
import { sql, type Database, type Kysely, type Transaction } from '@sentinel/db';

type Db = Kysely<Database> | Transaction<Database>;

export async function readUserPreferences(db: Db, userId: string): Promise<Record<string, unknown>> {
  const row = await db.selectFrom('user_preferences').select('value').where('user_id', '=', userId).executeTakeFirst();
  const value = typeof row?.value === 'string' ? (JSON.parse(row.value) as unknown) : row?.value;
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

export async function writeUserPreferences(db: Db, userId: string, value: Record<string, unknown>): Promise<void> {
  const json = sql<string>`${JSON.stringify(value)}::jsonb`;
  await db
    .insertInto('user_preferences')
    .values({ user_id: userId, value: json })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ value: json, updated_at: new Date() }))
    .execute();
}
