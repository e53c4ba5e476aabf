/**
 * SQL for a person's history: one UNION ALL over their sightings (detections), manual attendance entries
 * and alerts (not cleared), filtered the same way, so paging and counting see one list. Each part is served
 * by a per-person index (detections and alerts by employee and time, attendance by employee and date).
 */
import { sql, type Database, type Kysely } from '@sentinel/db';
import type { TPersonHistoryRequest } from '@sentinel/contracts';

export interface HistoryRow {
  id: string;
  type: 'sighting' | 'manual' | 'alert';
  at: Date;
  camera_id: string | null;
  camera_name: string | null;
  accuracy: number | null;
  thumbnail: string | null;
  status: string;
  /** manual: the note; alert: its title and message */
  detail: string | null;
}

export type HistoryFilter = Pick<TPersonHistoryRequest, 'employeeId' | 'cameraId' | 'from' | 'to' | 'type'>;

function parts(db: Kysely<Database>, f: HistoryFilter) {
  const from = f.from ? new Date(f.from) : undefined;
  const to = f.to ? new Date(f.to) : undefined;

  let sightings = db
    .selectFrom('detections as d')
    .leftJoin('cameras as c', 'c.id', 'd.camera_id')
    .select([
      'd.id', sql<HistoryRow['type']>`'sighting'`.as('type'), 'd.occurred_at as at', 'd.camera_id', 'c.name as camera_name',
      sql<number | null>`d.confidence::float8`.as('accuracy'), 'd.thumbnail', 'd.status', sql<string | null>`NULL::text`.as('detail'),
    ])
    .where('d.employee_id', '=', f.employeeId);
  if (f.cameraId) sightings = sightings.where('d.camera_id', '=', f.cameraId);
  if (from) sightings = sightings.where('d.occurred_at', '>=', from);
  if (to) sightings = sightings.where('d.occurred_at', '<=', to);

  let manual = db
    .selectFrom('attendance_logs as a')
    .select([
      'a.id', sql<HistoryRow['type']>`'manual'`.as('type'), sql<Date>`a.manual_at`.as('at'), 'a.camera_id', 'a.camera_name',
      sql<number | null>`NULL::float8`.as('accuracy'), sql<string | null>`NULL::text`.as('thumbnail'), 'a.status', 'a.note as detail',
    ])
    .where('a.employee_id', '=', f.employeeId)
    .where('a.source', '=', 'manual')
    .where('a.manual_at', 'is not', null)
    .where('a.voided_at', 'is', null);
  if (f.cameraId) manual = manual.where('a.camera_id', '=', f.cameraId);
  if (from) manual = manual.where('a.manual_at', '>=', from);
  if (to) manual = manual.where('a.manual_at', '<=', to);

  let alerts = db
    .selectFrom('alerts as al')
    .leftJoin('cameras as c', 'c.id', 'al.camera_id')
    .select([
      'al.id', sql<HistoryRow['type']>`'alert'`.as('type'), 'al.created_at as at', 'al.camera_id', 'c.name as camera_name',
      sql<number | null>`NULL::float8`.as('accuracy'), sql<string | null>`NULL::text`.as('thumbnail'), 'al.level as status',
      sql<string | null>`al.title || CASE WHEN al.message <> '' THEN ': ' || al.message ELSE '' END`.as('detail'),
    ])
    .where('al.employee_id', '=', f.employeeId)
    .where('al.cleared_at', 'is', null);
  if (f.cameraId) alerts = alerts.where('al.camera_id', '=', f.cameraId);
  if (from) alerts = alerts.where('al.created_at', '>=', from);
  if (to) alerts = alerts.where('al.created_at', '<=', to);

  const wanted = { sighting: sightings, manual, alert: alerts };
  const chosen = f.type ? [wanted[f.type]] : [sightings, manual, alerts];
  // the three parts select the same columns from different tables: joined as SQL, typed as one row shape
  return sql<HistoryRow>`(${sql.join(chosen.map((part) => sql`(${part})`), sql` UNION ALL `)})`.as('h');
}

export async function historyPage(db: Kysely<Database>, f: HistoryFilter, page: { limit: number; offset: number }): Promise<{ rows: HistoryRow[]; total: number }> {
  const [{ total } = { total: 0 }] = await db.selectFrom(parts(db, f)).select((eb) => eb.fn.countAll<number>().as('total')).execute();
  const rows = await db.selectFrom(parts(db, f)).selectAll().orderBy('at', 'desc').orderBy('id', 'desc').limit(page.limit).offset(page.offset).execute();
  return { rows, total };
}

/** Oldest first, at most `limit` rows. */
export async function historyInOrder(db: Kysely<Database>, f: HistoryFilter, limit: number): Promise<HistoryRow[]> {
  return db.selectFrom(parts(db, f)).selectAll().orderBy('at').orderBy('id').limit(limit).execute();
}
