/**
 * Attendance: shift schedules and one attendance record per person and attendance day. Indexes are sized
 * for a million records: the list's default order, date ranges, camera + date, the Odoo queue, and trigram
 * indexes for the name/employee-id search where pg_trgm is available (PostgreSQL; the embedded database
 * only when it was opened with the extension, otherwise search scans the date range).
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE shift_schedules (
      id text PRIMARY KEY,
      name text NOT NULL,
      days text[] NOT NULL,
      start_minute smallint NOT NULL CHECK (start_minute BETWEEN 0 AND 1439),
      end_minute smallint NOT NULL CHECK (end_minute BETWEEN 0 AND 1439),
      grace_minutes smallint NOT NULL DEFAULT 0 CHECK (grace_minutes >= 0),
      departments text[] NOT NULL DEFAULT '{}',
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX shift_schedules_name_key ON shift_schedules (lower(name));

    CREATE TABLE attendance_logs (
      id text PRIMARY KEY,
      employee_id text NOT NULL,
      name text NOT NULL,
      department text NOT NULL DEFAULT '',
      date date NOT NULL,
      time_in timestamptz,
      time_out timestamptz,
      camera_id text,
      camera_name text,
      accuracy real,
      status text NOT NULL CHECK (status IN ('present', 'late', 'missed')),
      source text NOT NULL DEFAULT 'auto' CHECK (source IN ('auto', 'manual')),
      shift_id text,
      note text,
      manual_at timestamptz,
      odoo_status text NOT NULL DEFAULT 'pending' CHECK (odoo_status IN ('synced', 'pending', 'failed')),
      odoo_sync_time timestamptz,
      voided_at timestamptz,
      voided_by text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    -- one live record per person and day; voided records stay as history beside it
    CREATE UNIQUE INDEX attendance_logs_person_day_key ON attendance_logs (employee_id, date) WHERE voided_at IS NULL;
    -- every record of a person, voided included (the missed job must not recreate a voided day)
    CREATE INDEX attendance_logs_person_idx ON attendance_logs (employee_id, date DESC);
    -- the default list order and date ranges; INCLUDE lets the summary and statistics count from the index alone
    CREATE INDEX attendance_logs_date_idx ON attendance_logs (date DESC, time_in DESC NULLS LAST, id DESC)
      INCLUDE (status, camera_id) WHERE voided_at IS NULL;
    CREATE INDEX attendance_logs_camera_date_idx ON attendance_logs (camera_id, date DESC) INCLUDE (status) WHERE voided_at IS NULL;
    CREATE INDEX attendance_logs_odoo_idx ON attendance_logs (odoo_status) WHERE voided_at IS NULL AND odoo_status <> 'synced';
    CREATE INDEX attendance_logs_last_sync_idx ON attendance_logs (odoo_sync_time DESC) WHERE odoo_status = 'synced';

    -- the dashboard's unknown faces of today
    CREATE INDEX detections_unknown_time_idx ON detections (occurred_at) WHERE status = 'unknown';

    DO $$
    DECLARE
      trgm_schema text;
    BEGIN
      IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm') THEN
        CREATE EXTENSION IF NOT EXISTS pg_trgm;
        -- the operator class lives wherever the extension was installed, which need not be on search_path
        SELECT n.nspname INTO trgm_schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm';
        EXECUTE format('CREATE INDEX attendance_logs_name_trgm_idx ON attendance_logs USING gin (name %I.gin_trgm_ops) WHERE voided_at IS NULL', trgm_schema);
        EXECUTE format('CREATE INDEX attendance_logs_employee_trgm_idx ON attendance_logs USING gin (employee_id %I.gin_trgm_ops) WHERE voided_at IS NULL', trgm_schema);
      END IF;
    END
    $$;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX detections_unknown_time_idx; DROP TABLE attendance_logs; DROP TABLE shift_schedules;`.execute(db);
}
