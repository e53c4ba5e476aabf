/**
 * System metric samples (one row per sampling run, per host: cumulative CPU and network counters are kept
 * so the next sample can compute rates), per-user preferences, and the languages the UI offers (exactly
 * one default; English seeded).
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE system_metric_samples (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      sampled_at timestamptz NOT NULL DEFAULT now(),
      host text NOT NULL,
      cpu_percent real NOT NULL,
      cpu_cores integer NOT NULL,
      cpu_total_ms bigint NOT NULL,
      cpu_idle_ms bigint NOT NULL,
      load_avg real[] NOT NULL DEFAULT '{}',
      memory_used_bytes bigint NOT NULL,
      memory_total_bytes bigint NOT NULL,
      disk_used_bytes bigint,
      disk_total_bytes bigint,
      net_rx_bytes bigint,
      net_tx_bytes bigint,
      net_rx_rate real,
      net_tx_rate real,
      gpu_name text,
      gpu_percent real,
      gpu_memory_percent real,
      db_latency_ms real
    );
    CREATE INDEX system_metric_samples_time_idx ON system_metric_samples (sampled_at DESC);
    CREATE INDEX system_metric_samples_host_idx ON system_metric_samples (host, sampled_at DESC);

    CREATE TABLE user_preferences (
      user_id text PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
      value jsonb NOT NULL DEFAULT '{}',
      updated_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE languages (
      code text PRIMARY KEY,
      label text NOT NULL,
      is_default boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX languages_code_lower_key ON languages (lower(code));
    CREATE UNIQUE INDEX languages_single_default_key ON languages (is_default) WHERE is_default;
    INSERT INTO languages (code, label, is_default) VALUES ('en', 'English', true);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE languages; DROP TABLE user_preferences; DROP TABLE system_metric_samples;`.execute(db);
}
