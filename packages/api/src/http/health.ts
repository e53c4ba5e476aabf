/** Liveness and readiness: the database answers, every migration is applied, job workers run. */
import { pendingMigrations } from '@sentinel/db';
import type { AppServices } from '../core/services.ts';

export async function readiness(app: AppServices) {
  const started = performance.now();
  let database: { ok: boolean; latencyMs: number | null; error?: string } = { ok: false, latencyMs: null };
  let migrations = { ok: false, pending: [] as string[] };
  try {
    await app.database.query('SELECT 1');
    database = { ok: true, latencyMs: Math.round((performance.now() - started) * 10) / 10 };
    const pending = await pendingMigrations(app.db as never);
    migrations = { ok: pending.length === 0, pending };
  } catch (err) {
    database = { ok: false, latencyMs: null, error: err instanceof Error ? err.message : String(err) };
  }
  const workers = [...app.jobs.activeWorkers];
  const jobsOk = app.role === 'server' ? true : workers.length > 0;
  const tools = await app.media.checkTools();
  const media = { ok: tools.ok, ffmpeg: tools.ffmpeg, error: tools.error, processes: app.media.pool.running, maxProcesses: app.media.pool.max };
  const ready = database.ok && migrations.ok && jobsOk && media.ok;
  return { status: ready ? ('ready' as const) : ('not_ready' as const), checks: { database, migrations, jobs: { ok: jobsOk, workers, role: app.role }, media } };
}
