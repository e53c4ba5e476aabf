/**
 * Opens the database: a PostgreSQL server when DATABASE_URL is set, otherwise embedded PGlite in a data
 * directory. Both are reached through one pg.Pool, so Kysely and pg-boss share connections; PGlite has a
 * single connection, which the pool (size 1) serialises so that transactions never interleave.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import type { Database } from './schema.ts';

// timestamptz -> Date (default); int8 (counts) -> number; numeric -> number.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));
// date -> 'YYYY-MM-DD' text: a calendar date has no time zone, a JS Date would shift with the process's zone.
pg.types.setTypeParser(1082, (v) => v);

export type DatabaseKind = 'postgres' | 'pglite';

export interface DatabaseHandle {
  db: Kysely<Database>;
  pool: pg.Pool;
  kind: DatabaseKind;
  /** the embedded instance, when kind is 'pglite' */
  pglite?: PGlite;
  /** runs raw SQL with parameters (used by pg-boss and health checks) */
  query(text: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** a postgres:// URL; when absent the embedded database is used */
  url?: string | undefined;
  /** data directory for the embedded database; 'memory://' keeps it in memory */
  dataDir?: string;
  /** a tarball of a prepared data directory to start from (tests: a migrated template) */
  loadDataDir?: Blob;
  poolMax?: number;
  /** search_path schema for the server (tests isolate files by schema) */
  schema?: string;
}

export async function openDatabase(opts: OpenDatabaseOptions): Promise<DatabaseHandle> {
  if (opts.url) {
    const pool = new pg.Pool({
      connectionString: opts.url,
      max: opts.poolMax ?? 10,
      ...(opts.schema ? { options: `-c search_path=${opts.schema}` } : {}),
    });
    pool.on('error', () => undefined); // idle client errors surface on the next query
    return wrap(pool, 'postgres');
  }
  const dataDir = opts.dataDir ?? './.data/pg';
  if (!dataDir.startsWith('memory://')) mkdirSync(resolve(dataDir), { recursive: true });
  // pg_trgm serves ILIKE '%x%' searches from trigram indexes, as on a PostgreSQL server
  const lite = await PGlite.create(dataDir, { extensions: { pg_trgm }, ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}) });
  const pool = new pg.Pool({ ...createPgConfig(lite), max: 1 });
  const handle = wrap(pool, 'pglite');
  return {
    ...handle,
    pglite: lite,
    async close() {
      await handle.close();
      await lite.close();
    },
  };
}

function wrap(pool: pg.Pool, kind: DatabaseKind): DatabaseHandle {
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  let closed = false;
  return {
    db,
    pool,
    kind,
    async query(text, values) {
      const result = await pool.query(text, values as unknown[]);
      const results: pg.QueryResult[] = Array.isArray(result) ? (result as pg.QueryResult[]) : [result];
      return { rows: results.flatMap((r) => r.rows as Record<string, unknown>[]) };
    },
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy(); // ends the pool
    },
  };
}

/**
 * Runs start-up work (migrations, seeds, job-queue installation) under a session advisory lock, so
 * instances starting at once on one server take turns. The embedded database has one process anyway.
 */
export async function withStartupLock<T>(handle: DatabaseHandle, work: () => Promise<T>): Promise<T> {
  if (handle.kind === 'pglite') return work();
  const client = await handle.pool.connect();
  try {
    await client.query("SELECT pg_advisory_lock(hashtext('sentinel:startup'))");
    return await work();
  } finally {
    await client.query("SELECT pg_advisory_unlock(hashtext('sentinel:startup'))").catch(() => undefined);
    client.release();
  }
}
