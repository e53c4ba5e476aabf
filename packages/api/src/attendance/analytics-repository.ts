/** Aggregate SQL over live (not voided) attendance records and today's detections and cameras. */
import { sql, type Database, type Kysely } from '@sentinel/db';
import type { TAttendanceFilter, TAttendancePending } from '@sentinel/contracts';
import { filtered } from './repository.ts';

export interface StatusCounts {
  key: string;
  present: number;
  late: number;
  missed: number;
  total: number;
}

export type Grouping = 'hour' | 'day' | 'camera';

/**
 * Counts per group over a filter. hour: the site-local hour of the time in; day: the attendance day;
 * camera: the time-in camera (hour and camera leave out records without a time in / camera, i.e. missed).
 * Keys are kept cheap per row (an integer hour from date_part: EXTRACT returns numeric since PostgreSQL 14;
 * the date column itself), and formatted after grouping.
 */
export function countsByQuery(db: Kysely<Database>, grouping: Grouping, f: TAttendanceFilter, zone: string) {
  let q = filtered(db, f);
  if (grouping === 'hour') q = q.where('time_in', 'is not', null);
  if (grouping === 'camera') q = q.where('camera_id', 'is not', null);
  const key =
    grouping === 'hour'
      ? sql<string | number>`date_part('hour', time_in AT TIME ZONE ${zone})::int`
      : grouping === 'day'
        ? sql<string | number>`attendance_logs.date::text`
        : sql<string | number>`camera_id`;
  const counted = q.select((eb) => [
    key.as('key'),
    eb.fn.countAll<number>().filterWhere('status', '=', 'present').as('present'),
    eb.fn.countAll<number>().filterWhere('status', '=', 'late').as('late'),
    eb.fn.countAll<number>().filterWhere('status', '=', 'missed').as('missed'),
    eb.fn.countAll<number>().as('total'),
  ]);
  // The hour key is grouped by position (the key, first): the zone is a parameter, and two parameters are
  // never the same expression. No ORDER BY: with a few hundred groups at most, hashing beats sorting rows.
  if (grouping === 'hour') return counted.groupBy(sql`1`);
  return counted.groupBy(grouping === 'day' ? 'attendance_logs.date' : 'camera_id');
}

/** Ordered by key; hours as two digits. */
export async function countsBy(db: Kysely<Database>, grouping: Grouping, f: TAttendanceFilter, zone: string): Promise<StatusCounts[]> {
  const rows = await countsByQuery(db, grouping, f, zone).execute();
  return rows
    .map((r) => ({ ...r, key: grouping === 'hour' ? String(r.key).padStart(2, '0') : String(r.key) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** Camera names for labels: the current name, else the name recorded with the attendance (camera deleted). */
export async function cameraLabels(db: Kysely<Database>, ids: readonly string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const current = await db.selectFrom('cameras').select(['id', 'name']).where('id', 'in', ids).execute();
  const labels = new Map(current.map((c) => [c.id, c.name]));
  const gone = ids.filter((id) => !labels.has(id));
  if (gone.length) {
    const recorded = await db
      .selectFrom('attendance_logs')
      .select(['camera_id', (eb) => eb.fn.max('camera_name').as('name')])
      .where('camera_id', 'in', gone)
      .groupBy('camera_id')
      .execute();
    for (const r of recorded) if (r.camera_id && r.name) labels.set(r.camera_id, r.name);
  }
  return labels;
}

export async function unknownDetectionsSince(db: Kysely<Database>, since: Date): Promise<number> {
  const row = await db.selectFrom('detections').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'unknown').where('occurred_at', '>=', since).executeTakeFirstOrThrow();
  return row.n;
}

export async function cameraCounts(db: Kysely<Database>): Promise<{ active: number; total: number }> {
  const row = await db
    .selectFrom('cameras')
    .select((eb) => [eb.fn.countAll<number>().filterWhere((w) => w.and([w('enabled', '=', true), w('status', '=', 'online')])).as('active'), eb.fn.countAll<number>().as('total')])
    .executeTakeFirstOrThrow();
  return { active: row.active, total: row.total };
}

export async function lastOdooSync(db: Kysely<Database>): Promise<Date | null> {
  const row = await db
    .selectFrom('attendance_logs')
    .select('odoo_sync_time')
    .where('odoo_status', '=', 'synced')
    .where('odoo_sync_time', 'is not', null)
    .orderBy('odoo_sync_time', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.odoo_sync_time ?? null;
}

/** People whose last sighting (time out, else time in) on a present or late record is at or after `since`. */
export async function seenSince(db: Kysely<Database>, since: Date, fromDate: string): Promise<number> {
  const row = await db
    .selectFrom('attendance_logs')
    .select(sql<number>`count(DISTINCT employee_id)`.as('n'))
    .where('voided_at', 'is', null)
    .where('date', '>=', fromDate) // bounds the scan to the date index: a record seen since `since` is dated no earlier
    .where('status', 'in', ['present', 'late'])
    .where(sql<boolean>`coalesce(time_out, time_in) >= ${since}`)
    .executeTakeFirstOrThrow();
  return row.n;
}

export async function pendingCounts(db: Kysely<Database>): Promise<TAttendancePending> {
  const row = await db
    .selectFrom('attendance_logs')
    .select((eb) => [
      eb.fn.countAll<number>().filterWhere('odoo_status', '=', 'pending').as('pending'),
      eb.fn.countAll<number>().filterWhere('odoo_status', '=', 'failed').as('failed'),
    ])
    .where('voided_at', 'is', null)
    .where('odoo_status', '<>', 'synced')
    .executeTakeFirstOrThrow();
  return { pendingCount: row.pending, failedCount: row.failed };
}
