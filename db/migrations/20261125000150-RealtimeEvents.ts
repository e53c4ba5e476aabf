/** Large live events that do not fit a NOTIFY payload are passed by reference through this table. */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE realtime_events (
      id bigserial PRIMARY KEY,
      body jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX realtime_events_created_idx ON realtime_events (created_at);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE realtime_events`.execute(db);
}
