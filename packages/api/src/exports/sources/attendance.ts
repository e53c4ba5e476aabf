/**
 * Attendance export rows: exactly the records GET /attendance/logs lists for the same filters (the
 * attendance repository's `filtered` WHERE), in its default order (date, time in with nulls last, id;
 * newest first), which is the order of the date index, so each keyset batch starts where the index says.
 */
import { sql } from '@sentinel/db';
import type { TAttendanceFilter } from '@sentinel/contracts';
import { filtered, summarise } from '../../attendance/repository.ts';
import {
  csvChunk, csvLine, csvPlain, csvText, describeFilters, isoText, keysetBatches, rangeText, type Cell, type Db, type ExportColumn, type RowSource,
} from './source.ts';

export const ATTENDANCE_COLUMNS: readonly ExportColumn[] = [
  { header: 'ID', width: 0 },
  { header: 'Employee ID', width: 8 },
  { header: 'Name', width: 13 },
  { header: 'Department', width: 10 },
  { header: 'Date', width: 8 },
  { header: 'Time In (UTC)', width: 13 },
  { header: 'Time Out (UTC)', width: 13 },
  { header: 'Camera ID', width: 0 },
  { header: 'Camera', width: 10 },
  { header: 'Accuracy', width: 6 },
  { header: 'Status', width: 6 },
  { header: 'Source', width: 6 },
  { header: 'Shift ID', width: 0 },
  { header: 'Note', width: 10 },
  { header: 'Odoo Status', width: 8 },
  { header: 'Odoo Sync Time (UTC)', width: 0 },
  { header: 'Created At (UTC)', width: 0 },
  { header: 'Updated At (UTC)', width: 0 },
];

interface Cursor {
  date: string;
  /** time_in as PostgreSQL text: full microsecond precision, unlike a Date */
  timeIn: string | null;
  id: string;
}

/** Live records of the filter after the cursor, in the list's default order. */
function ordered(db: Db, f: TAttendanceFilter, cursor: Cursor | undefined, limit: number) {
  let q = filtered(db, f);
  if (cursor) {
    const c = cursor;
    const t = sql<Date>`${c.timeIn}::timestamptz`;
    q = q.where('date', '<=', c.date).where((eb) =>
      eb.or([
        eb('date', '<', c.date),
        eb.and([
          eb('date', '=', c.date),
          c.timeIn === null
            ? eb.and([eb('time_in', 'is', null), eb('id', '<', c.id)])
            : eb.or([eb('time_in', '<', t), eb('time_in', 'is', null), eb.and([eb('time_in', '=', t), eb('id', '<', c.id)])]),
        ]),
      ]),
    );
  }
  return q
    .select([sql<string>`attendance_logs.date::text`.as('date_key'), sql<string | null>`attendance_logs.time_in::text`.as('time_in_key'), 'id'])
    .orderBy('attendance_logs.date', 'desc')
    .orderBy('time_in', (ob) => ob.desc().nullsLast())
    .orderBy('id', 'desc')
    .limit(limit);
}

const cursorOf = (r: { date_key: string; time_in_key: string | null; id: string }): Cursor => ({ date: r.date_key, timeIn: r.time_in_key, id: r.id });

const cellsPage = (db: Db, f: TAttendanceFilter, cursor: Cursor | undefined, limit: number) =>
  ordered(db, f, cursor, limit)
    .select([
      'employee_id', 'name', 'department', isoText('time_in').as('time_in'), isoText('time_out').as('time_out'), 'camera_id', 'camera_name', 'accuracy', 'status',
      'source', 'shift_id', 'note', 'odoo_status', isoText('odoo_sync_time').as('odoo_sync_time'), isoText('created_at').as('created_at'),
      isoText('updated_at').as('updated_at'),
    ])
    .execute();

type Row = Awaited<ReturnType<typeof cellsPage>>[number];

const cells = (r: Row): Cell[] => [
  r.id, r.employee_id, r.name, r.department, r.date_key, r.time_in, r.time_out, r.camera_id, r.camera_name, r.accuracy, r.status, r.source, r.shift_id,
  r.note, r.odoo_status, r.odoo_sync_time, r.created_at, r.updated_at,
];

const ref = (column: string) => sql.ref(`attendance_logs.${column}`);

/** The same columns as `cells`, as one CSV line the database formats. */
const LINE = csvLine([
  csvText(ref('id')), csvText(ref('employee_id')), csvText(ref('name')), csvText(ref('department')), csvPlain(ref('date')), csvPlain(isoText('time_in')),
  csvPlain(isoText('time_out')), csvText(ref('camera_id')), csvText(ref('camera_name')), csvPlain(ref('accuracy')), csvText(ref('status')), csvText(ref('source')),
  csvText(ref('shift_id')), csvText(ref('note')), csvText(ref('odoo_status')), csvPlain(isoText('odoo_sync_time')), csvPlain(isoText('created_at')),
  csvPlain(isoText('updated_at')),
]);

const linesPage = (db: Db, f: TAttendanceFilter, cursor: Cursor | undefined, limit: number) => ordered(db, f, cursor, limit).select(LINE.as('line')).execute();

export function attendanceSource(db: Db, f: TAttendanceFilter): RowSource {
  return {
    title: 'Attendance',
    subtitle: describeFilters([
      rangeText(f.dateFrom, f.dateTo), f.search && `search "${f.search}"`, f.cameraId && `camera ${f.cameraId}`, f.department && `department ${f.department}`,
      f.status && `status ${f.status}`, f.odooStatus && `Odoo ${f.odooStatus}`,
    ]),
    fileStem: 'attendance',
    columns: ATTENDANCE_COLUMNS,
    count: async () => (await summarise(db, f)).total,
    batches: (size) => keysetBatches((cursor: Cursor | undefined, limit) => cellsPage(db, f, cursor, limit), cursorOf, (rows) => rows.map(cells), size),
    csvChunks: (size) => keysetBatches((cursor: Cursor | undefined, limit) => linesPage(db, f, cursor, limit), (r) => cursorOf(r), csvChunk, size),
  };
}
