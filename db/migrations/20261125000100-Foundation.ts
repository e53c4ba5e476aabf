/** Foundation: roles, users, sessions, rate limits, idempotency, cameras, audit trail. */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE roles (
      id text PRIMARY KEY,
      name text NOT NULL,
      description text NOT NULL DEFAULT '',
      permissions text[] NOT NULL DEFAULT '{}',
      built_in boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX roles_name_key ON roles (lower(name));

    CREATE TABLE users (
      id text PRIMARY KEY,
      name text NOT NULL,
      email text NOT NULL,
      username text,
      role_id text NOT NULL REFERENCES roles(id),
      status text NOT NULL DEFAULT 'active',
      password_hash text,
      last_active timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      deleted_at timestamptz
    );
    CREATE UNIQUE INDEX users_email_key ON users (lower(email)) WHERE deleted_at IS NULL;
    CREATE UNIQUE INDEX users_username_key ON users (lower(username)) WHERE deleted_at IS NULL;
    CREATE INDEX users_role_idx ON users (role_id);

    CREATE TABLE refresh_tokens (
      id text PRIMARY KEY,
      user_id text NOT NULL REFERENCES users(id),
      family_id text NOT NULL,
      token_hash text NOT NULL UNIQUE,
      expires_at timestamptz NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      rotated_at timestamptz,
      revoked_at timestamptz,
      ip text
    );
    CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id);
    CREATE INDEX refresh_tokens_expiry_idx ON refresh_tokens (expires_at);

    CREATE TABLE password_reset_tokens (
      token_hash text PRIMARY KEY,
      user_id text NOT NULL REFERENCES users(id),
      expires_at timestamptz NOT NULL,
      used_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE app_settings (
      key text PRIMARY KEY,
      value jsonb NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE rate_limits (
      key text PRIMARY KEY,
      count integer NOT NULL,
      window_start timestamptz NOT NULL
    );

    CREATE TABLE idempotency_keys (
      scope text NOT NULL,
      key text NOT NULL,
      request_hash text NOT NULL,
      status_code integer,
      response_body text,
      response_headers jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (scope, key)
    );

    CREATE TABLE cameras (
      id text PRIMARY KEY,
      name text NOT NULL,
      location text NOT NULL DEFAULT '',
      stream_type text NOT NULL,
      stream_url_sealed text,
      stream_url_masked text,
      device_path text,
      enabled boolean NOT NULL DEFAULT true,
      status text NOT NULL DEFAULT 'offline',
      fps real,
      latency real,
      bitrate real,
      resolution text,
      last_seen timestamptz,
      last_checked timestamptz,
      ip_address text,
      tags text[] NOT NULL DEFAULT '{}',
      thumbnail text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX cameras_name_idx ON cameras (name);
    CREATE INDEX cameras_status_idx ON cameras (status);

    CREATE TABLE camera_status_history (
      id bigserial PRIMARY KEY,
      camera_id text NOT NULL REFERENCES cameras(id) ON DELETE CASCADE,
      status text NOT NULL,
      changed_at timestamptz NOT NULL DEFAULT now(),
      reason text NOT NULL DEFAULT ''
    );
    CREATE INDEX camera_status_history_camera_idx ON camera_status_history (camera_id, changed_at);

    -- Faces seen by cameras; filled by the detection pipeline.
    CREATE TABLE detections (
      id text PRIMARY KEY,
      camera_id text REFERENCES cameras(id) ON DELETE SET NULL,
      person_id text,
      name text,
      confidence real,
      status text NOT NULL,
      occurred_at timestamptz NOT NULL,
      bounding_box jsonb,
      thumbnail text
    );
    CREATE INDEX detections_camera_time_idx ON detections (camera_id, occurred_at DESC);

    CREATE SEQUENCE audit_logs_seq;
    CREATE TABLE audit_logs (
      id text PRIMARY KEY DEFAULT ('AUD-' || lpad(nextval('audit_logs_seq')::text, 8, '0')),
      at timestamptz NOT NULL DEFAULT now(),
      actor_id text,
      actor_name text NOT NULL,
      action text NOT NULL,
      resource_type text NOT NULL,
      resource_id text,
      severity text NOT NULL DEFAULT 'info',
      before jsonb,
      after jsonb,
      ip text,
      request_id text,
      message text NOT NULL DEFAULT ''
    );
    CREATE INDEX audit_logs_at_idx ON audit_logs (at DESC);
    CREATE INDEX audit_logs_actor_idx ON audit_logs (actor_id, at DESC);
    CREATE INDEX audit_logs_resource_idx ON audit_logs (resource_type, resource_id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TABLE audit_logs; DROP SEQUENCE audit_logs_seq; DROP TABLE detections; DROP TABLE camera_status_history; DROP TABLE cameras; DROP TABLE idempotency_keys;
    DROP TABLE rate_limits; DROP TABLE app_settings; DROP TABLE password_reset_tokens; DROP TABLE refresh_tokens; DROP TABLE users;
    DROP TABLE roles;
  `.execute(db);
}
