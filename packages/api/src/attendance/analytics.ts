/**
 * Read models for charts and the dashboard: statistics by hour/day/camera (zero-filled, so a chart has every
 * bar), today's overview, the live head count and the Odoo queue counts. "Today" is the site-local date.
 */
import type { Database, Kysely } from '@sentinel/db';
import type {
  TAttendanceLiveCount, TAttendanceOverview, TAttendancePending, TAttendanceStatisticPoint, TAttendanceStatisticsRequest,
} from '@sentinel/contracts';
import { addDays, localTime, siteInstant } from '../shifts/site-clock.ts';
import { getSiteTimezone } from '../settings/site.ts';
import * as stats from './analytics-repository.ts';

/** Longest day range that is zero-filled; beyond it only days with records are returned. */
const MAX_FILLED_DAYS = 366;

const empty = (key: string, label: string): TAttendanceStatisticPoint => ({ key, label, present: 0, late: 0, missed: 0, total: 0 });

function daysBetween(from: string, to: string): string[] | undefined {
  const days: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) {
    days.push(d);
    if (days.length > MAX_FILLED_DAYS) return undefined;
  }
  return days;
}

export async function attendanceStatistics(db: Kysely<Database>, q: TAttendanceStatisticsRequest): Promise<TAttendanceStatisticPoint[]> {
  const zone = await getSiteTimezone(db);
  const counts = await stats.countsBy(db, q.category, q, zone);
  const byKey = new Map(counts.map((c) => [c.key, c]));
  const point = (key: string, label: string) => ({ ...empty(key, label), ...byKey.get(key), key, label });
  switch (q.category) {
    case 'hour':
      return Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0')).map((hh) => point(hh, `${hh}:00`));
    case 'day': {
      const days = q.dateFrom && q.dateTo ? daysBetween(q.dateFrom, q.dateTo) : undefined;
      return (days ?? counts.map((c) => c.key)).map((d) => point(d, d));
    }
    case 'camera': {
      const labels = await stats.cameraLabels(db, counts.map((c) => c.key));
      return counts.map((c) => point(c.key, labels.get(c.key) ?? c.key)).sort((a, b) => a.label.localeCompare(b.label) || a.key.localeCompare(b.key));
    }
  }
}

export async function attendanceOverview(db: Kysely<Database>, now = new Date()): Promise<TAttendanceOverview> {
  const zone = await getSiteTimezone(db);
  const today = localTime(now, zone).date;
  const [summary, unknowns, cameras, lastSync] = await Promise.all([
    stats.countsBy(db, 'day', { dateFrom: today, dateTo: today }, zone),
    stats.unknownDetectionsSince(db, siteInstant(today, 0, zone)),
    stats.cameraCounts(db),
    stats.lastOdooSync(db),
  ]);
  const day = summary[0] ?? empty(today, today);
  return {
    date: today,
    timezone: zone,
    present: day.present,
    late: day.late,
    missed: day.missed,
    unknowns,
    activeCameras: cameras.active,
    totalCameras: cameras.total,
    lastSync: lastSync?.toISOString() ?? null,
  };
}

/**
 * People here now. A camera sees people arrive and move about but cannot see them leave, so "still here"
 * means: a present or late record whose last sighting (time out, else time in) is within the window.
 */
export async function liveHeadCount(db: Kysely<Database>, windowMinutes: number, now = new Date()): Promise<TAttendanceLiveCount> {
  const since = new Date(now.getTime() - windowMinutes * 60_000);
  // a record last seen after `since` belongs to the site date of `since` or later, or the day before (night shifts)
  const fromDate = addDays(localTime(since, await getSiteTimezone(db)).date, -1);
  const count = await stats.seenSince(db, since, fromDate);
  return { count, windowMinutes, asOf: now.toISOString() };
}

export function pendingOdooCounts(db: Kysely<Database>): Promise<TAttendancePending> {
  return stats.pendingCounts(db);
}
