/**
 * Attendance settings in app_settings. The de-duplication window: a person seen again on the same camera
 * within it is the same sighting (a recognition pipeline reports a face on many consecutive frames).
 */
import { invalid } from '@sentinel/platform';
import type { Database, Kysely, Transaction } from '@sentinel/db';
import type { Actor } from '../core/context.ts';
import { recordAudit } from '../audit/trail.ts';
import { readSetting, writeSetting } from '../settings/site.ts';

export const DEDUPE_WINDOW_KEY = 'attendance.dedupeWindowSeconds';
export const DEFAULT_DEDUPE_WINDOW_SECONDS = 60;
export const MAX_DEDUPE_WINDOW_SECONDS = 3600;

export async function getDedupeWindowSeconds(db: Kysely<Database> | Transaction<Database>): Promise<number> {
  const value = await readSetting(db, DEDUPE_WINDOW_KEY);
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_DEDUPE_WINDOW_SECONDS ? value : DEFAULT_DEDUPE_WINDOW_SECONDS;
}

/** 0 turns de-duplication off. */
export async function setDedupeWindowSeconds(db: Kysely<Database>, seconds: number, actor: Actor): Promise<void> {
  if (!Number.isInteger(seconds) || seconds < 0 || seconds > MAX_DEDUPE_WINDOW_SECONDS) {
    throw invalid('dedupeWindowSeconds', `a whole number of seconds from 0 to ${MAX_DEDUPE_WINDOW_SECONDS}`);
  }
  await db.transaction().execute(async (trx) => {
    const before = await getDedupeWindowSeconds(trx);
    await writeSetting(trx, DEDUPE_WINDOW_KEY, seconds);
    await recordAudit(trx, actor, { action: 'settings.attendance', resourceType: 'setting', resourceId: DEDUPE_WINDOW_KEY, before: { dedupeWindowSeconds: before }, after: { dedupeWindowSeconds: seconds } });
  });
}
