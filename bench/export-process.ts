/**
 * A process of the system for bench/export-attendance.ts: `startSystem` as `pnpm start` (role all) or as a
 * split deployment runs it (`pnpm start` with ROLE=server for HTTP, `pnpm worker` for the jobs), on the
 * bench database. Like server-process.ts, but the role and export settings are the bench's to choose.
 * Argument: a JSON ExportProcessOptions. Commands on stdin: `cpu`, `stop`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startSystem } from '../apps/server/src/system.ts';
import { cpuEvent, emit, serveCommands } from './protocol.ts';
import { benchConfig } from './run.ts';

export interface ExportProcessOptions {
  databaseUrl: string;
  adminUsername: string;
  adminPassword: string;
  role: 'all' | 'server' | 'worker';
  /** shared by the processes of one run: the worker writes files the server serves */
  dataDir: string;
  /** both processes of a split run must sign links with the same keys */
  secret: string;
  settings?: Record<string, string>;
}

const opts = JSON.parse(process.argv[2] ?? '{}') as ExportProcessOptions;
const scratch = mkdtempSync(path.join(tmpdir(), 'sentinel-bench-export-'));

const config = benchConfig({
  ROLE: opts.role,
  ADMIN_USERNAME: opts.adminUsername,
  ADMIN_PASSWORD: opts.adminPassword,
  JWT_SECRET: opts.secret,
  ENCRYPTION_KEY: opts.secret,
  DATA_DIR: opts.dataDir || scratch,
  DATABASE_URL: opts.databaseUrl,
  ...opts.settings,
});

try {
  const system = await startSystem({ config, web: 'off' });
  emit({ event: 'ready', url: system.url ?? '', pid: process.pid, poolMax: system.database.pool.options.max ?? config.DB_POOL_MAX, database: system.database.kind });
  serveCommands(
    (command) => {
      if (command === 'cpu') emit(cpuEvent());
      else throw new Error(`unknown command '${command}'`);
    },
    async () => {
      await system.stop();
      rmSync(scratch, { recursive: true, force: true });
    },
  );
} catch (err) {
  emit({ event: 'failed', message: err instanceof Error ? err.message : String(err) });
  rmSync(scratch, { recursive: true, force: true });
  process.exit(1);
}
