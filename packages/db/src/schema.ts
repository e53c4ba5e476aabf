/**
 * The database as Kysely sees it: hand-written table interfaces. Never use these as query result types;
 * repositories select explicit columns.
 */
import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { AttendanceTables } from './tables/attendance.ts';
import type { FaceTables } from './tables/faces.ts';
import type { AlertTables } from './tables/alerts.ts';
import type { SystemTables } from './tables/system.ts';
import type { ExportTables } from './tables/exports.ts';

export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
export type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface RolesTable {
  id: string;
  name: string;
  description: string;
  permissions: ColumnType<string[], string[], string[]>;
  built_in: Generated<boolean>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface UsersTable {
  id: string;
  name: string;
  email: string;
  username: string | null;
  role_id: string;
  status: string;
  password_hash: string | null;
  last_active: NullableTimestamp;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  deleted_at: NullableTimestamp;
}

export interface RefreshTokensTable {
  id: string;
  user_id: string;
  family_id: string;
  token_hash: string;
  expires_at: Timestamp;
  created_at: Generated<Date>;
  rotated_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
  ip: string | null;
}

export interface PasswordResetTokensTable {
  token_hash: string;
  user_id: string;
  expires_at: Timestamp;
  used_at: NullableTimestamp;
  created_at: Generated<Date>;
}

export interface AppSettingsTable {
  key: string;
  value: ColumnType<unknown, string, string>;
  updated_at: Generated<Date>;
}

export interface RateLimitsTable {
  key: string;
  count: number;
  window_start: Timestamp;
}

export interface IdempotencyKeysTable {
  scope: string;
  key: string;
  request_hash: string;
  status_code: number | null;
  response_body: string | null;
  response_headers: JSONColumnType<Record<string, string>> | null;
  created_at: Generated<Date>;
}

export interface CamerasTable {
  id: string;
  name: string;
  location: string;
  stream_type: string;
  stream_url_sealed: string | null;
  stream_url_masked: string | null;
  device_path: string | null;
  enabled: boolean;
  status: string;
  fps: number | null;
  latency: number | null;
  bitrate: number | null;
  resolution: string | null;
  last_seen: NullableTimestamp;
  last_checked: NullableTimestamp;
  ip_address: string | null;
  tags: ColumnType<string[], string[], string[]>;
  /** storage key of the latest snapshot */
  thumbnail: string | null;
  /** auto | tcp | udp */
  rtsp_transport: Generated<string>;
  /** video codec seen by the last successful probe */
  codec: string | null;
  /** watchdog probes failed in a row */
  probe_failures: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface CameraSnapshotsTable {
  /** SNAP-… */
  id: string;
  camera_id: string;
  storage_key: string;
  width: number | null;
  height: number | null;
  size: number;
  taken_by: string | null;
  taken_at: Generated<Date>;
}

export interface CameraStatusHistoryTable {
  id: Generated<string>;
  camera_id: string;
  status: string;
  changed_at: Generated<Date>;
  reason: Generated<string>;
}

export interface DetectionsTable {
  id: string;
  camera_id: string | null;
  person_id: string | null;
  /** the recognised person's employee id (null for unknown faces) */
  employee_id: string | null;
  name: string | null;
  confidence: number | null;
  status: string;
  occurred_at: Timestamp;
  bounding_box: JSONColumnType<Record<string, number>> | null;
  thumbnail: string | null;
}

export interface AuditLogsTable {
  id: Generated<string>;
  at: Generated<Date>;
  actor_id: string | null;
  actor_name: string;
  action: string;
  resource_type: string;
  resource_id: string | null;
  severity: string;
  before: JSONColumnType<Record<string, unknown>> | null;
  after: JSONColumnType<Record<string, unknown>> | null;
  ip: string | null;
  request_id: string | null;
  message: string;
}

export interface RealtimeEventsTable {
  id: Generated<string>;
  body: ColumnType<unknown, string, string>;
  created_at: Generated<Date>;
}

/** Domains added by later migrations declare their tables in ./tables/<domain>.ts. */
export interface Database extends AttendanceTables, FaceTables, AlertTables, SystemTables, ExportTables {
  realtime_events: RealtimeEventsTable;
  roles: RolesTable;
  users: UsersTable;
  refresh_tokens: RefreshTokensTable;
  password_reset_tokens: PasswordResetTokensTable;
  app_settings: AppSettingsTable;
  rate_limits: RateLimitsTable;
  idempotency_keys: IdempotencyKeysTable;
  cameras: CamerasTable;
  camera_status_history: CameraStatusHistoryTable;
  camera_snapshots: CameraSnapshotsTable;
  detections: DetectionsTable;
  audit_logs: AuditLogsTable;
}
