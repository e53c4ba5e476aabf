/** Tables of the alerts domain (see db/migrations/20261125000400-Alerts.ts). */
import type { ColumnType, Generated } from 'kysely';

type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface AlertsTable {
  id: string;
  /** info | warning | critical */
  level: string;
  type: string;
  title: string;
  message: Generated<string>;
  camera_id: string | null;
  /** the person the alert is about (unknown-face matches, person history) */
  employee_id: string | null;
  /** what makes two alerts identical: type, level, camera, employee and title */
  fingerprint: string;
  count: Generated<number>;
  last_seen_at: Generated<Date>;
  acknowledged_by: string | null;
  acknowledged_at: NullableTimestamp;
  muted_until: NullableTimestamp;
  /** cleared alerts are hidden from every list */
  cleared_at: NullableTimestamp;
  escalated_at: NullableTimestamp;
  resolved_at: NullableTimestamp;
  created_at: Generated<Date>;
}

export interface NotificationsTable {
  id: string;
  user_id: string;
  level: string;
  title: string;
  message: Generated<string>;
  alert_id: string | null;
  acknowledged_at: NullableTimestamp;
  /** dismissed (DELETE) notifications are hidden; the row keeps a user from being notified twice for one alert */
  dismissed_at: NullableTimestamp;
  created_at: Generated<Date>;
}

export interface AlertTables {
  alerts: AlertsTable;
  notifications: NotificationsTable;
}
