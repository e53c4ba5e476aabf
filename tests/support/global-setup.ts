/**
 * Runs once before the test files: builds a migrated database (built-in roles, an Admin, pg-boss
 * installed) that every test file then copies: a PGlite data-directory dump, or a PostgreSQL template
 * database of this run when TEST_DATABASE_URL is set (dropped again at the end).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startSystem } from '../../apps/server/src/system.ts';
import { PGLITE_TEMPLATE, TEMPLATE_DIR, databaseUrlFor, testConfig, testDatabaseUrl } from './config.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgTemplate: string;
  }
}

async function adminQuery(server: string, sql: string): Promise<pg.QueryResult> {
  const c = new pg.Client({ connectionString: server });
  await c.connect();
  try {
    return await c.query(sql);
  } finally {
    await c.end();
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  mkdirSync(TEMPLATE_DIR, { recursive: true });
  const server = testDatabaseUrl();
  if (server) {
    // Databases left behind by interrupted runs; ones still in use by a concurrent run refuse to drop.
    // Templates carry their creation time, so only ones older than an hour (from killed runs) are dropped.
    const { rows } = await adminQuery(server, "SELECT datname FROM pg_database WHERE datname LIKE 'sentinel\\_test\\_%' OR datname LIKE 'sentinel\\_multi\\_%' OR datname LIKE 'sentinel\\_tpl\\_%'");
    const now = Math.floor(Date.now() / 1000);
    for (const { datname } of rows as { datname: string }[]) {
      const born = /^sentinel_tpl_(\d+)_/.exec(datname)?.[1];
      if (born && now - Number(born) < 3600) continue;
      await adminQuery(server, `DROP DATABASE IF EXISTS ${datname}`).catch(() => undefined);
    }
    const template = `sentinel_tpl_${now}_${randomBytes(4).toString('hex')}`;
    await adminQuery(server, `CREATE DATABASE ${template}`);
    const sys = await startSystem({ config: testConfig({ DATABASE_URL: databaseUrlFor(server, template), ROLE: 'worker' }) });
    await sys.stop();
    project.provide('pgTemplate', template);
    return async () => {
      await adminQuery(server, `DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
    };
  }
  const sys = await startSystem({ config: testConfig({ ROLE: 'worker' }), database: { dataDir: 'memory://' } });
  await sys.app.jobs.stop();
  const dump = await sys.database.pglite!.dumpDataDir('gzip');
  writeFileSync(PGLITE_TEMPLATE, Buffer.from(await dump.arrayBuffer()));
  await sys.database.close();
  return undefined;
}
