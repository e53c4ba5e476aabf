/**
 * Alerts and per-user notifications. An alert row stands for a run of identical occurrences (same
 * fingerprint) folded together; clearing hides it, resolving closes it. A user is notified at most once
 * per alert (the unique key makes escalation idempotent).
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE alerts (
      id text PRIMARY KEY,
      level text NOT NULL CHECK (level IN ('info', 'warning', 'critical')),
      type text NOT NULL,
      title text NOT NULL,
      message text NOT NULL DEFAULT '',
      camera_id text REFERENCES cameras(id) ON DELETE SET NULL,
      employee_id text,
      fingerprint text NOT NULL,
      count integer NOT NULL DEFAULT 1,
      last_seen_at timestamptz NOT NULL DEFAULT now(),
      acknowledged_by text,
      acknowledged_at timestamptz,
      muted_until timestamptz,
      cleared_at timestamptz,
      escalated_at timestamptz,
      resolved_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX alerts_fingerprint_idx ON alerts (fingerprint, last_seen_at DESC);
    CREATE INDEX alerts_visible_idx ON alerts (last_seen_at DESC) WHERE cleared_at IS NULL;
    CREATE INDEX alerts_camera_idx ON alerts (camera_id, last_seen_at DESC);
    CREATE INDEX alerts_employee_idx ON alerts (employee_id, created_at DESC) WHERE employee_id IS NOT NULL;
    CREATE INDEX alerts_escalation_idx ON alerts (created_at)
      WHERE level = 'critical' AND acknowledged_at IS NULL AND escalated_at IS NULL AND cleared_at IS NULL AND resolved_at IS NULL;

    CREATE TABLE notifications (
      id text PRIMARY KEY,
      user_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      level text NOT NULL CHECK (level IN ('info', 'warning', 'critical')),
      title text NOT NULL,
      message text NOT NULL DEFAULT '',
      alert_id text REFERENCES alerts(id) ON DELETE CASCADE,
      acknowledged_at timestamptz,
      dismissed_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT notifications_user_alert_key UNIQUE (user_id, alert_id)
    );
    CREATE INDEX notifications_user_idx ON notifications (user_id, created_at DESC) WHERE dismissed_at IS NULL;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE notifications; DROP TABLE alerts;`.execute(db);
}
