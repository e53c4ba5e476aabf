/** The people registry: one face profile per employee (images and derived data come with the faces domain). */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE face_profiles (
      id text PRIMARY KEY,
      employee_id text NOT NULL,
      name text NOT NULL,
      department text NOT NULL DEFAULT '',
      status text NOT NULL DEFAULT 'active',
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX face_profiles_employee_key ON face_profiles (employee_id);
    CREATE INDEX face_profiles_department_idx ON face_profiles (department);
    ALTER TABLE detections ADD COLUMN employee_id text;
    CREATE INDEX detections_employee_time_idx ON detections (employee_id, occurred_at DESC);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE detections DROP COLUMN employee_id; DROP TABLE face_profiles;`.execute(db);
}
