/**
 * The dashboard summary, counted from the live tables. "Today" is the site-local day (site time zone),
 * the same day attendance records are filed under.
 */
import type { Database, Kysely } from '@sentinel/db';
import type { TSystemSummary } from '@sentinel/contracts';
import { getSiteTimezone } from '../settings/site.ts';
import { localTime, siteInstant } from '../shifts/site-clock.ts';
import { summaryCounts } from './repository.ts';

export async function systemSummary(db: Kysely<Database>, now = new Date()): Promise<TSystemSummary> {
  const zone = await getSiteTimezone(db);
  const today = localTime(now, zone).date;
  const c = await summaryCounts(db, today, siteInstant(today, 0, zone));
  const completion = c.registeredPeople > 0 ? Math.min(100, Math.round((1000 * c.attendedToday) / c.registeredPeople) / 10) : 0;
  return {
    activeCameras: c.activeCameras,
    registeredPeople: c.registeredPeople,
    peopleDetectedToday: c.peopleDetectedToday,
    unknownFaceAlerts: c.unknownFaceAlerts,
    manualOverrides: c.manualOverrides,
    attendanceCompletion: completion,
    lastSync: c.lastSync?.toISOString() ?? null,
  };
}
