/** Tables of the attendance domain (see db/migrations/20261125000300-Attendance.ts). */
import type { ColumnType, Generated } from 'kysely';

type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface ShiftSchedulesTable {
  id: string;
  name: string;
  /** weekdays the shift starts on: mon ... sun */
  days: ColumnType<string[], string[], string[]>;
  /** minutes after site-local midnight; end <= start means the shift ends the next day */
  start_minute: number;
  end_minute: number;
  grace_minutes: Generated<number>;
  /** empty: the default shift for departments without their own */
  departments: ColumnType<string[], string[] | undefined, string[]>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface AttendanceLogsTable {
  id: string;
  employee_id: string;
  name: string;
  department: Generated<string>;
  /**
   * The site-local attendance day. pg would parse a `date` into a local-midnight Date: always select it
   * as text (`date::text`), which gives YYYY-MM-DD.
   */
  date: ColumnType<string, string, string>;
  time_in: NullableTimestamp;
  time_out: NullableTimestamp;
  camera_id: string | null;
  camera_name: string | null;
  accuracy: number | null;
  /** present | late | missed */
  status: string;
  /** auto | manual */
  source: Generated<string>;
  shift_id: string | null;
  note: string | null;
  /** the time an operator gave in a manual entry */
  manual_at: NullableTimestamp;
  /** synced | pending | failed */
  odoo_status: Generated<string>;
  odoo_sync_time: NullableTimestamp;
  voided_at: NullableTimestamp;
  voided_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface AttendanceTables {
  shift_schedules: ShiftSchedulesTable;
  attendance_logs: AttendanceLogsTable;
}
