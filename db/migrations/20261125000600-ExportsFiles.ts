/**
 * Export jobs and uploaded files. An export row is the job's state as users see it (pg-boss holds the
 * queue mechanics): its filters, progress, and, once completed, the artifact's storage key until the
 * retention period ends. A file row is a pre-signed upload: created pending by POST /files, marked
 * uploaded when the bytes arrive through the signed URL. Keys are made of ids only, never of names.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE export_jobs (
      id text PRIMARY KEY,
      owner_id text REFERENCES users(id) ON DELETE SET NULL,
      owner_name text NOT NULL,
      type text NOT NULL CHECK (type IN ('attendance', 'audit', 'history')),
      format text NOT NULL CHECK (format IN ('csv', 'pdf')),
      filters jsonb NOT NULL DEFAULT '{}',
      status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'processing', 'completed', 'failed')),
      progress smallint NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
      total_rows bigint,
      rows_written bigint NOT NULL DEFAULT 0,
      truncated boolean NOT NULL DEFAULT false,
      attempts integer NOT NULL DEFAULT 0,
      storage_key text,
      content_type text,
      byte_size bigint,
      error text,
      -- same caller, type, format and filters: repeated GET /history/export within seconds reuse the job
      dedupe_key text,
      created_at timestamptz NOT NULL DEFAULT now(),
      started_at timestamptz,
      completed_at timestamptz,
      expires_at timestamptz,
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX export_jobs_owner_idx ON export_jobs (owner_id, created_at DESC, id DESC);
    CREATE INDEX export_jobs_created_idx ON export_jobs (created_at DESC, id DESC);
    CREATE INDEX export_jobs_expires_idx ON export_jobs (expires_at) WHERE expires_at IS NOT NULL;
    CREATE INDEX export_jobs_dedupe_idx ON export_jobs (dedupe_key, created_at DESC) WHERE dedupe_key IS NOT NULL;

    CREATE TABLE files (
      id text PRIMARY KEY,
      owner_id text REFERENCES users(id) ON DELETE SET NULL,
      filename text NOT NULL,
      content_type text NOT NULL,
      declared_size bigint,
      size bigint,
      sha256 text,
      storage_key text NOT NULL UNIQUE,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'uploaded')),
      created_at timestamptz NOT NULL DEFAULT now(),
      uploaded_at timestamptz
    );
    CREATE INDEX files_owner_idx ON files (owner_id, created_at DESC);
    CREATE INDEX files_pending_idx ON files (created_at) WHERE status = 'pending';
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE files; DROP TABLE export_jobs;`.execute(db);
}
