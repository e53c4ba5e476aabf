/**
 * Face image samples: the original as uploaded and a 256px JPEG thumbnail, both in file storage under
 * keys made of ids only (never names). Rows go with their profile (ON DELETE CASCADE); the files are erased
 * by the faces service.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE face_images (
      id text PRIMARY KEY,
      -- upload order: images of one request share created_at
      seq bigint GENERATED ALWAYS AS IDENTITY,
      profile_id text NOT NULL REFERENCES face_profiles(id) ON DELETE CASCADE,
      storage_key text NOT NULL UNIQUE,
      thumbnail_key text NOT NULL UNIQUE,
      content_type text NOT NULL,
      width integer NOT NULL,
      height integer NOT NULL,
      bytes integer NOT NULL,
      sha256 text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX face_images_profile_idx ON face_images (profile_id, seq);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE face_images;`.execute(db);
}
