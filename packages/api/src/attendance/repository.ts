/**
 * SQL for attendance records, and the person/camera/detection lookups that recording them needs. Every read
 * that lists or counts leaves voided records out; `filtered` is the one WHERE the list, its summary and the
 * statistics share, so the summary always counts exactly what the list pages through.
 */
import { containsPattern, sql, type Database, type Kysely, type Transaction } from '@sentinel/db';
import type { TAttendanceFilter, TAttendanceLog, TListAttendanceLogsRequest, TAttendanceSummary } from '@sentinel/contracts';

type Db = Kysely<Database> | Transaction<Database>;

/** A record as stored (instants as Dates); `toLog` gives the API shape. */
export interface AttendanceRecord {
  id: string;
  employeeId: string;
  name: string;
  department: string;
  date: string;
  timeIn: Date | null;
  timeOut: Date | null;
  cameraId: string | null;
  cameraName: string | null;
  accuracy: number | null;
  status: TAttendanceLog['status'];
  source: TAttendanceLog['source'];
  shiftId: string | null;
  note: string | null;
  manualAt: Date | null;
  odooStatus: TAttendanceLog['odooStatus'];
  odooSyncTime: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** The fields a sighting or a manual entry sets on a day's record. */
export type DayValues = Pick<AttendanceRecord, 'timeIn' | 'timeOut' | 'cameraId' | 'cameraName' | 'accuracy' | 'status' | 'source' | 'shiftId' | 'note' | 'manualAt'>;

const COLUMNS = [
  'id', 'employee_id', 'name', 'department', 'time_in', 'time_out', 'camera_id', 'camera_name', 'accuracy', 'status', 'source', 'shift_id',
  'note', 'manual_at', 'odoo_status', 'odoo_sync_time', 'created_at', 'updated_at',
] as const;

function base(db: Db) {
  return db.selectFrom('attendance_logs').select(COLUMNS).select(sql<string>`attendance_logs.date::text`.as('date'));
}

type Row = Awaited<ReturnType<ReturnType<typeof base>['executeTakeFirstOrThrow']>>;

function toRecord(r: Row): AttendanceRecord {
  return {
    id: r.id,
    employeeId: r.employee_id,
    name: r.name,
    department: r.department,
    date: r.date,
    timeIn: r.time_in,
    timeOut: r.time_out,
    cameraId: r.camera_id,
    cameraName: r.camera_name,
    accuracy: r.accuracy,
    status: r.status as AttendanceRecord['status'],
    source: r.source as AttendanceRecord['source'],
    shiftId: r.shift_id,
    note: r.note,
    manualAt: r.manual_at,
    odooStatus: r.odoo_status as AttendanceRecord['odooStatus'],
    odooSyncTime: r.odoo_sync_time,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toLog(r: AttendanceRecord): TAttendanceLog {
  return {
    id: r.id,
    employeeId: r.employeeId,
    name: r.name,
    department: r.department,
    date: r.date,
    timeIn: iso(r.timeIn),
    timeOut: iso(r.timeOut),
    cameraId: r.cameraId,
    cameraName: r.cameraName,
    accuracy: r.accuracy,
    status: r.status,
    source: r.source,
    shiftId: r.shiftId,
    note: r.note,
    odooStatus: r.odooStatus,
    odooSyncTime: iso(r.odooSyncTime),
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** Serialises everything that changes one person's attendance (sightings, manual entries) until commit. */
export async function lockPerson(trx: Transaction<Database>, employeeId: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`attendance:${employeeId}`}))`.execute(trx);
}

export interface Person {
  profileId: string;
  employeeId: string;
  name: string;
  department: string;
  status: string;
}

export async function findPerson(db: Db, employeeId: string): Promise<Person | undefined> {
  const row = await db.selectFrom('face_profiles').select(['id', 'employee_id', 'name', 'department', 'status']).where('employee_id', '=', employeeId).executeTakeFirst();
  return row ? { profileId: row.id, employeeId: row.employee_id, name: row.name, department: row.department, status: row.status } : undefined;
}

export async function findCameraName(db: Db, cameraId: string): Promise<string | undefined> {
  const row = await db.selectFrom('cameras').select('name').where('id', '=', cameraId).executeTakeFirst();
  return row?.name;
}

/** The person's live (not voided) record of an attendance day, locked for the caller's transaction. */
export async function findDay(trx: Transaction<Database>, employeeId: string, date: string): Promise<AttendanceRecord | undefined> {
  const row = await base(trx).where('employee_id', '=', employeeId).where('date', '=', date).where('voided_at', 'is', null).forUpdate().executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

export async function findLive(db: Db, id: string): Promise<AttendanceRecord | undefined> {
  const row = await base(db).where('id', '=', id).where('voided_at', 'is', null).executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

function columnsOf(v: Partial<DayValues>) {
  return {
    ...(v.timeIn !== undefined ? { time_in: v.timeIn } : {}),
    ...(v.timeOut !== undefined ? { time_out: v.timeOut } : {}),
    ...(v.cameraId !== undefined ? { camera_id: v.cameraId } : {}),
    ...(v.cameraName !== undefined ? { camera_name: v.cameraName } : {}),
    ...(v.accuracy !== undefined ? { accuracy: v.accuracy } : {}),
    ...(v.status !== undefined ? { status: v.status } : {}),
    ...(v.source !== undefined ? { source: v.source } : {}),
    ...(v.shiftId !== undefined ? { shift_id: v.shiftId } : {}),
    ...(v.note !== undefined ? { note: v.note } : {}),
    ...(v.manualAt !== undefined ? { manual_at: v.manualAt } : {}),
  };
}

/** Opens a day; false when a record of that day appeared meanwhile (then update it instead). */
export async function insertDay(db: Db, id: string, person: { employeeId: string; name: string; department: string }, date: string, v: DayValues): Promise<boolean> {
  const inserted = await db
    .insertInto('attendance_logs')
    .values({ id, employee_id: person.employeeId, name: person.name, department: person.department, date, ...columnsOf(v), status: v.status, odoo_status: 'pending' })
    .onConflict((oc) => oc.columns(['employee_id', 'date']).where('voided_at', 'is', null).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** Every change makes the record pending for the Odoo sync again. */
export async function updateDay(db: Db, id: string, v: Partial<DayValues>): Promise<void> {
  await db.updateTable('attendance_logs').set({ ...columnsOf(v), odoo_status: 'pending', updated_at: new Date() }).where('id', '=', id).execute();
}

export async function voidRecord(db: Db, id: string, actorId: string | null): Promise<void> {
  await db.updateTable('attendance_logs').set({ voided_at: new Date(), voided_by: actorId, updated_at: new Date() }).where('id', '=', id).execute();
}

/** Live records matching a filter, with nothing selected yet. */
export function filtered(db: Db, f: TAttendanceFilter) {
  let q = db.selectFrom('attendance_logs').where('voided_at', 'is', null);
  if (f.dateFrom) q = q.where('date', '>=', f.dateFrom);
  if (f.dateTo) q = q.where('date', '<=', f.dateTo);
  if (f.cameraId) q = q.where('camera_id', '=', f.cameraId);
  if (f.department) q = q.where('department', '=', f.department);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.odooStatus) q = q.where('odoo_status', '=', f.odooStatus);
  if (f.search) {
    // ILIKE on the plain columns, not lower(column) LIKE: that is what the trigram indexes serve (3+ characters)
    const like = containsPattern(f.search);
    q = q.where((eb) => eb.or([eb('name', 'ilike', like), eb('employee_id', 'ilike', like)]));
  }
  return q;
}

/** The summary's query, unexecuted (bench/attendance.ts explains it). */
export function summaryQuery(db: Db, f: TAttendanceFilter) {
  return filtered(db, f).select((eb) => [
    eb.fn.countAll<number>().filterWhere('status', '=', 'present').as('present'),
    eb.fn.countAll<number>().filterWhere('status', '=', 'late').as('late'),
    eb.fn.countAll<number>().filterWhere('status', '=', 'missed').as('missed'),
    eb.fn.countAll<number>().as('total'),
  ]);
}

export async function summarise(db: Db, f: TAttendanceFilter): Promise<TAttendanceSummary> {
  const row = await summaryQuery(db, f).executeTakeFirstOrThrow();
  return { present: row.present, late: row.late, missed: row.missed, total: row.total };
}

const SORT = {
  date: 'date', timeIn: 'time_in', timeOut: 'time_out', name: 'name', employeeId: 'employee_id', department: 'department', cameraName: 'camera_name',
  status: 'status', accuracy: 'accuracy',
} as const;
const NEWEST_FIRST: ReadonlySet<string> = new Set(['date', 'timeIn', 'timeOut', 'accuracy']);

/**
 * One page. The default order (date, time in, id) is exactly the date index, so an unfiltered or date-ranged
 * page reads only the rows it returns; nulls (no time in) go last when newest-first.
 */
export function pageQuery(db: Db, q: TListAttendanceLogsRequest) {
  const dir = q.sortDir ?? (NEWEST_FIRST.has(q.sortBy) ? 'desc' : 'asc');
  const nulls = dir === 'desc' ? 'last' : 'first';
  let query = filtered(db, q).select(COLUMNS).select(sql<string>`attendance_logs.date::text`.as('date'));
  if (q.sortBy !== 'date') query = query.orderBy(SORT[q.sortBy], (ob) => (nulls === 'last' ? ob[dir]().nullsLast() : ob[dir]().nullsFirst()));
  query = query
    .orderBy('attendance_logs.date', dir)
    .orderBy('time_in', (ob) => (nulls === 'last' ? ob[dir]().nullsLast() : ob[dir]().nullsFirst()))
    .orderBy('id', dir);
  return query.limit(q.pageSize).offset((q.page - 1) * q.pageSize);
}

export async function listPage(db: Db, q: TListAttendanceLogsRequest): Promise<AttendanceRecord[]> {
  const rows = await pageQuery(db, q).execute();
  return rows.map(toRecord);
}

/** Records of one attendance day, most recently active first (presence cards). */
export async function recordsOfDay(db: Db, date: string, opts: { limit: number; status?: string | undefined; department?: string | undefined }): Promise<AttendanceRecord[]> {
  let query = base(db).where('date', '=', date).where('voided_at', 'is', null);
  if (opts.status) query = query.where('status', '=', opts.status);
  if (opts.department) query = query.where('department', '=', opts.department);
  const rows = await query
    .orderBy(sql`coalesce(time_out, time_in)`, (ob) => ob.desc().nullsLast())
    .orderBy('name')
    .orderBy('id')
    .limit(opts.limit)
    .execute();
  return rows.map(toRecord);
}

/** Whether the person was already seen on this camera within `seconds` of `at` (either side: sightings may arrive late). */
export async function seenWithin(db: Db, employeeId: string, cameraId: string, at: Date, seconds: number): Promise<boolean> {
  if (seconds <= 0) return false;
  const row = await db
    .selectFrom('detections')
    .select('id')
    .where('employee_id', '=', employeeId)
    .where('camera_id', '=', cameraId)
    .where('occurred_at', '>', new Date(at.getTime() - seconds * 1000))
    .where('occurred_at', '<', new Date(at.getTime() + seconds * 1000))
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export interface SightingRow {
  id: string;
  cameraId: string;
  person: Person;
  at: Date;
  confidence: number | null;
  thumbnail: string | null;
  boundingBox: Record<string, number> | null;
}

export async function insertSighting(db: Db, s: SightingRow): Promise<void> {
  await db
    .insertInto('detections')
    .values({
      id: s.id,
      camera_id: s.cameraId,
      person_id: s.person.profileId,
      employee_id: s.person.employeeId,
      name: s.person.name,
      confidence: s.confidence,
      status: 'known',
      occurred_at: s.at,
      bounding_box: s.boundingBox ? JSON.stringify(s.boundingBox) : null,
      thumbnail: s.thumbnail,
    })
    .execute();
}
