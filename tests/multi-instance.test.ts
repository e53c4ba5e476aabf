/**
 * Several instances on one PostgreSQL database (the embedded database is single-process by nature, so
 * these run when TEST_DATABASE_URL names a server).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { startSystem } from '../apps/server/src/system.ts';
import { databaseUrlFor, testConfig, testDatabaseUrl } from './support/config.ts';

const server = testDatabaseUrl();

async function freshDatabase(base: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `sentinel_multi_${randomBytes(5).toString('hex')}`;
  const c = new pg.Client({ connectionString: base });
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  return {
    url: databaseUrlFor(base, name),
    async drop() {
      const d = new pg.Client({ connectionString: base });
      await d.connect();
      await d.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await d.end();
    },
  };
}

describe.skipIf(!server)('several instances on one PostgreSQL database', () => {
  it('three instances starting at once on an empty database migrate and seed exactly once', async () => {
    const db = await freshDatabase(server!);
    const started = await Promise.allSettled([0, 1, 2].map(() => startSystem({ config: testConfig({ DATABASE_URL: db.url }) })));
    const systems = started.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    try {
      expect(started.filter((r) => r.status === 'rejected')).toEqual([]);
      const { rows: migrations } = await systems[0]!.database.query('SELECT name FROM kysely_migration');
      const { rows: files } = await systems[0]!.database.query('SELECT count(*)::int AS n FROM kysely_migration');
      expect(new Set(migrations.map((r) => r.name)).size).toBe(migrations.length);
      expect(files[0]!.n).toBeGreaterThan(0);
      const { rows: admins } = await systems[0]!.database.query("SELECT count(*)::int AS n FROM users WHERE role_id = 'ROLE-ADMIN'");
      expect(admins[0]!.n).toBe(1);
      for (const s of systems) expect((await fetch(`${s.url}/health/ready`)).status).toBe(200);
    } finally {
      await Promise.all(systems.map((s) => s.stop()));
      await db.drop();
    }
  });

  it('a server-only process and a worker-only process share the work', async () => {
    const db = await freshDatabase(server!);
    const api = await startSystem({ config: testConfig({ DATABASE_URL: db.url, ROLE: 'server' }) });
    const worker = await startSystem({ config: testConfig({ DATABASE_URL: db.url, ROLE: 'worker' }) }).catch(async (err: unknown) => {
      await api.stop();
      await db.drop();
      throw err;
    });
    try {
      expect(worker.url).toBeUndefined();
      expect(api.app.jobs.activeWorkers.size).toBe(0);
      const ready = (await (await fetch(`${api.url}/health/ready`)).json()) as { data: { checks: { jobs: unknown } } };
      expect(ready.data.checks.jobs).toEqual({ ok: true, workers: [], role: 'server' });

      const { rows } = await api.database.query("SELECT id FROM users WHERE role_id = 'ROLE-ADMIN' LIMIT 1");
      await api.database.query(
        "INSERT INTO refresh_tokens (id, user_id, family_id, token_hash, expires_at) VALUES ('RT-OLD', $1, 'FAM-OLD', $2, now() - interval '1 minute')",
        [rows[0]!.id, 'e'.repeat(64)],
      );
      await api.app.jobs.send('maintenance.cleanup', {});
      const deadline = Date.now() + 20_000;
      let left = 1;
      while (left > 0 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 300));
        left = (await api.database.query("SELECT 1 FROM refresh_tokens WHERE id = 'RT-OLD'")).rows.length;
      }
      expect(left).toBe(0);
    } finally {
      await api.stop();
      await worker.stop();
      await db.drop();
    }
  });
});
