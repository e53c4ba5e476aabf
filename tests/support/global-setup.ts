/**
 * Runs once before the test files: builds a migrated database (built-in roles, an Admin, pg-boss
 * installed) that every test file then copies: a PGlite data-directory dump, or a PostgreSQL template
 * database when TEST_DATABASE_URL is set.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import pg from 'pg';
import { startSystem } from '../../apps/server/src/system.ts';
import { PG_TEMPLATE_DB, PGLITE_TEMPLATE, TEMPLATE_DIR, databaseUrlFor, testConfig, testDatabaseUrl } from './config.ts';

export default async function setup(): Promise<void> {
  mkdirSync(TEMPLATE_DIR, { recursive: true });
  const server = testDatabaseUrl();
  if (server) {
    const admin = new pg.Client({ connectionString: server });
    await admin.connect();
    // databases left behind by an interrupted earlier run
    const { rows } = await admin.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'sentinel\\_test\\_%' OR datname LIKE 'sentinel\\_multi\\_%'");
    for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    await admin.query(`DROP DATABASE IF EXISTS ${PG_TEMPLATE_DB} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${PG_TEMPLATE_DB}`);
    await admin.end();
    const sys = await startSystem({ config: testConfig({ DATABASE_URL: databaseUrlFor(server, PG_TEMPLATE_DB), ROLE: 'worker' }) });
    await sys.stop();
    return;
  }
  const sys = await startSystem({ config: testConfig({ ROLE: 'worker' }), database: { dataDir: 'memory://' } });
  await sys.app.jobs.stop();
  const dump = await sys.database.pglite!.dumpDataDir('gzip');
  writeFileSync(PGLITE_TEMPLATE, Buffer.from(await dump.arrayBuffer()));
  await sys.database.close();
}
