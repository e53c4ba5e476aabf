/**
 * Camera media: the RTSP transport a camera is opened with, the codec its last probe saw, the watchdog's
 * count of probes failed in a row, and stored snapshots (POST /cameras/{id}/snapshot, /media/snapshot)
 * whose JPEG lives in file storage under a key made of ids. A camera's thumbnail is the storage key of its
 * latest snapshot.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE cameras
      ADD COLUMN rtsp_transport text NOT NULL DEFAULT 'auto' CHECK (rtsp_transport IN ('auto', 'tcp', 'udp')),
      ADD COLUMN codec text,
      ADD COLUMN probe_failures integer NOT NULL DEFAULT 0;

    CREATE TABLE camera_snapshots (
      id text PRIMARY KEY,
      camera_id text NOT NULL REFERENCES cameras(id) ON DELETE CASCADE,
      storage_key text NOT NULL UNIQUE,
      width integer,
      height integer,
      size integer NOT NULL,
      taken_by text,
      taken_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX camera_snapshots_camera_idx ON camera_snapshots (camera_id, taken_at DESC);
    CREATE INDEX camera_snapshots_taken_idx ON camera_snapshots (taken_at);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TABLE camera_snapshots;
    ALTER TABLE cameras DROP COLUMN rtsp_transport, DROP COLUMN codec, DROP COLUMN probe_failures;
  `.execute(db);
}
