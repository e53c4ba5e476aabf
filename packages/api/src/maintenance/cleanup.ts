/** The maintenance.cleanup job: expired sessions, reset tokens, idempotency records and rate windows. */
import { sql } from '@sentinel/db';
import type { AppServices } from '../core/services.ts';
import { purgeIdempotencyKeys } from '../http/idempotency.ts';
import { purgeOldSnapshots } from '../media/retention.ts';

export async function runCleanup(app: AppServices): Promise<{ sessions: number; idempotencyKeys: number; rateWindows: number; liveEvents: number; snapshots: number }> {
  const sessions = await app.sessions.purgeExpired();
  const idempotencyKeys = await purgeIdempotencyKeys(app.db, app.config.IDEMPOTENCY_TTL_SECONDS);
  const r = await app.db
    .deleteFrom('rate_limits')
    .where('window_start', '<', sql<Date>`now() - make_interval(secs => ${app.config.LOGIN_WINDOW_SECONDS})`)
    .executeTakeFirst();
  const events = await app.db.deleteFrom('realtime_events').where('created_at', '<', sql<Date>`now() - interval '1 hour'`).executeTakeFirst();
  const snapshots = await purgeOldSnapshots(app);
  return { sessions, idempotencyKeys, rateWindows: Number(r.numDeletedRows), liveEvents: Number(events.numDeletedRows), snapshots };
}
