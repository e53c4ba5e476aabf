/**
 * The system under test, in its own process: `startSystem` exactly as `pnpm start` runs it (role 'all':
 * HTTP + pg-boss + workers, API only), on the bench database or on in-memory PGlite. Argument: a JSON
 * ServerProcessOptions. Commands on stdin: `cpu`, `dump <file>` (PGlite only: write the data directory so
 * the bare handler can load the same rows), `stop`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startSystem } from '../apps/server/src/system.ts';
import { cpuEvent, emit, serveCommands } from './protocol.ts';
import { benchConfig } from './run.ts';

export interface ServerProcessOptions {
  /** the bench database; absent means embedded PGlite in memory */
  databaseUrl?: string;
  adminUsername: string;
  adminPassword: string;
}

const opts = JSON.parse(process.argv[2] ?? '{}') as ServerProcessOptions;
const dataDir = mkdtempSync(path.join(tmpdir(), 'sentinel-bench-'));

const config = benchConfig({
  ADMIN_USERNAME: opts.adminUsername,
  ADMIN_PASSWORD: opts.adminPassword,
  JWT_SECRET: randomBytes(32).toString('hex'),
  ENCRYPTION_KEY: randomBytes(32).toString('hex'),
  DATA_DIR: dataDir,
  DATABASE_URL: opts.databaseUrl,
});

try {
  const system = await startSystem({ config, web: 'off', ...(config.embedded ? { database: { dataDir: 'memory://' } } : {}) });
  emit({ event: 'ready', url: system.url!, pid: process.pid, poolMax: system.database.pool.options.max ?? config.DB_POOL_MAX, database: system.database.kind });
  serveCommands(
    async (command, arg) => {
      if (command === 'cpu') emit(cpuEvent());
      else if (command === 'dump') {
        const pglite = system.database.pglite;
        if (!pglite) throw new Error('dump needs the embedded database');
        const dump = await pglite.dumpDataDir('gzip');
        writeFileSync(arg, Buffer.from(await dump.arrayBuffer()));
        emit({ event: 'dumped', file: arg });
      } else throw new Error(`unknown command '${command}'`);
    },
    async () => {
      await system.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  );
} catch (err) {
  emit({ event: 'failed', message: err instanceof Error ? err.message : String(err) });
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(1);
}
