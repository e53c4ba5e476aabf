/**
 * Site-wide settings kept in app_settings: the site's time zone (attendance days and shift times are read in
 * it; instants are stored in UTC) and small helpers other domains use for their own keys. Values are read on
 * every use rather than cached, so every instance sees a change at once.
 */
import { invalid } from '@sentinel/platform';
import { sql, type Database, type Kysely, type Transaction } from '@sentinel/db';
import type { Actor } from '../core/context.ts';
import { recordAudit } from '../audit/trail.ts';

type Db = Kysely<Database> | Transaction<Database>;

export const SITE_TIMEZONE_KEY = 'site.timezone';
export const DEFAULT_SITE_TIMEZONE = 'UTC';

export async function readSetting(db: Db, key: string): Promise<unknown> {
  const row = await db.selectFrom('app_settings').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value;
}

export async function writeSetting(db: Db, key: string, value: unknown): Promise<void> {
  const json = sql<string>`${JSON.stringify(value)}::jsonb`;
  await db
    .insertInto('app_settings')
    .values({ key, value: json })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: json, updated_at: new Date() }))
    .execute();
}

/** The canonical IANA name of a zone Intl knows, or undefined. */
export function canonicalTimeZone(zone: string): string | undefined {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

export async function getSiteTimezone(db: Db): Promise<string> {
  const value = await readSetting(db, SITE_TIMEZONE_KEY);
  return typeof value === 'string' && canonicalTimeZone(value) ? value : DEFAULT_SITE_TIMEZONE;
}

/**
 * Sets the site's zone. It must be known to both Intl (shift math here) and PostgreSQL (statistics group
 * by site-local hour in SQL), so a zone one of them lacks is refused rather than half-working.
 */
export async function setSiteTimezone(db: Kysely<Database>, zone: string, actor: Actor): Promise<string> {
  const canonical = canonicalTimeZone(zone.trim());
  if (!canonical) throw invalid('timezone', `'${zone}' is not an IANA time zone`);
  const known = await sql<{ ok: number }>`SELECT 1 AS ok FROM pg_timezone_names WHERE name = ${canonical}`.execute(db);
  if (!known.rows.length) throw invalid('timezone', `the database does not know the time zone '${canonical}'`);
  return db.transaction().execute(async (trx) => {
    const before = await getSiteTimezone(trx);
    await writeSetting(trx, SITE_TIMEZONE_KEY, canonical);
    await recordAudit(trx, actor, { action: 'settings.timezone', resourceType: 'setting', resourceId: SITE_TIMEZONE_KEY, before: { timezone: before }, after: { timezone: canonical } });
    return canonical;
  });
}
