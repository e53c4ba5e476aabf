/**
 * Fixed-window counters kept in the database, so every server instance shares them.
 */
import { sql, type Kysely, type Database } from '@sentinel/db';

export interface RateWindow {
  count: number;
  retryAfterSeconds: number;
}

export async function currentWindow(db: Kysely<Database>, key: string, windowSeconds: number): Promise<RateWindow> {
  const row = await db
    .selectFrom('rate_limits')
    .select(['count', sql<number>`extract(epoch from (window_start + make_interval(secs => ${windowSeconds}) - now()))`.as('remaining')])
    .where('key', '=', key)
    .executeTakeFirst();
  if (!row || row.remaining <= 0) return { count: 0, retryAfterSeconds: 0 };
  return { count: row.count, retryAfterSeconds: Math.max(1, Math.ceil(row.remaining)) };
}

export async function hit(db: Kysely<Database>, key: string, windowSeconds: number): Promise<void> {
  await sql`
    INSERT INTO rate_limits (key, count, window_start) VALUES (${key}, 1, now())
    ON CONFLICT (key) DO UPDATE SET
      count = CASE WHEN rate_limits.window_start + make_interval(secs => ${windowSeconds}) <= now() THEN 1 ELSE rate_limits.count + 1 END,
      window_start = CASE WHEN rate_limits.window_start + make_interval(secs => ${windowSeconds}) <= now() THEN now() ELSE rate_limits.window_start END
  `.execute(db);
}

export async function reset(db: Kysely<Database>, key: string): Promise<void> {
  await db.deleteFrom('rate_limits').where('key', '=', key).execute();
}
