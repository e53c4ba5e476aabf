/**
 * `pnpm bench`: throughput and latency of GET /api/v1/cameras (100 cameras, page of 50) over REST and over
 * tRPC, next to a bare node:http + pg handler running the same SQL on the same data. The servers run in
 * child processes; autocannon runs here. See bench/README.md for what the figures mean.
 *
 *   pnpm bench [--database-url postgres://postgres@127.0.0.1:5432/postgres] [--embedded]
 *              [--connections 32] [--duration 10] [--warmup 2] [--targets bare,REST,tRPC] [--cpu-prof]
 *              [--server-flags=--max-semi-space-size=32]
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { startChild, type BenchChild } from './child.ts';
import { measure, waitForQuiet, type Target } from './load.ts';
import { printReport } from './report.ts';
import { CAMERA_COUNT, login, pageIds, seedCameras } from './seed.ts';

const DEADLINE_MS = 150_000;
/** how long to wait for other work on the machine to calm down before measuring */
const QUIET_PATIENCE_SECONDS = 20;
const ADMIN_USERNAME = 'admin';

const { values: args } = parseArgs({
  options: {
    'database-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
    embedded: { type: 'boolean', default: false },
    connections: { type: 'string', default: '32' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    targets: { type: 'string', default: 'bare,REST,tRPC' },
    'cpu-prof': { type: 'boolean', default: false },
    /** extra node flags for the system under test, for experiments (space-separated) */
    'server-flags': { type: 'string', default: '' },
  },
});
const settings = { connections: Number(args.connections), durationSeconds: Number(args.duration), warmupSeconds: Number(args.warmup) };

/** Undo steps, run last-in first-out whatever happens. */
const cleanups: (() => Promise<void>)[] = [];
async function cleanUp(): Promise<void> {
  for (const step of cleanups.splice(0).reverse()) await step().catch((err: unknown) => console.error('cleanup:', err));
}

async function createBenchDatabase(adminUrl: string): Promise<string> {
  const name = `sentinel_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  cleanups.push(async () => {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
  });
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function started(child: Promise<BenchChild>): Promise<BenchChild> {
  const c = await child;
  cleanups.push(() => c.stop());
  return c;
}

/** Runs the bench; answers whether REST met its targets (undefined when REST was not measured). */
async function main(): Promise<boolean | undefined> {
  const databaseUrl = args.embedded ? undefined : await createBenchDatabase(args['database-url']);
  const scratch = mkdtempSync(path.join(tmpdir(), 'sentinel-bench-'));
  cleanups.push(() => Promise.resolve(rmSync(scratch, { recursive: true, force: true })));
  const profileDir = path.join(tmpdir(), `sentinel-bench-profile-${Date.now()}`);
  const profile = (name: string) => (args['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', path.join(profileDir, name)] : []);

  const serverFlags = args['server-flags'].split(' ').filter(Boolean);
  const adminPassword = randomBytes(12).toString('hex');
  const server = await started(startChild('server', 'server-process.ts', { databaseUrl, adminUsername: ADMIN_USERNAME, adminPassword }, [...serverFlags, ...profile('server')]));
  const base = server.ready.url;
  const token = await login(base, ADMIN_USERNAME, adminPassword);
  await seedCameras(base, token);

  let dumpFile: string | undefined;
  if (!databaseUrl) dumpFile = (await server.request(`dump ${path.join(scratch, 'pglite.tgz')}`, 'dumped')).file;
  const bare = await started(startChild('bare', 'bare-server.ts', { databaseUrl, dumpFile, poolMax: server.ready.poolMax }, profile('bare')));

  const auth = { authorization: `Bearer ${token}` };
  const trpcInput = encodeURIComponent(JSON.stringify({ json: { page: 1, pageSize: 50 } }));
  const targets: Target[] = [
    { name: 'bare', url: `${bare.ready.url}/cameras?page=1&pageSize=50`, headers: {}, server: bare },
    { name: 'REST', url: `${base}/api/v1/cameras?page=1&pageSize=50`, headers: auth, server },
    { name: 'tRPC', url: `${base}/api/trpc/cameras.list?input=${trpcInput}`, headers: auth, server },
  ];
  const unwrap: Record<string, (body: unknown) => unknown> = {
    bare: (b) => b,
    REST: (b) => b,
    tRPC: (b) => (b as { result?: { data?: { json?: unknown } } }).result?.data?.json,
  };
  const ids = await Promise.all(targets.map((t) => pageIds(t.name, t.url, t.headers, unwrap[t.name]!)));
  if (new Set(ids.map((list) => list.join())).size !== 1) throw new Error('the targets return different pages');

  const mode = server.ready.database === 'pglite' ? 'embedded PGlite (in memory, pool of 1)' : `PostgreSQL (pool of ${server.ready.poolMax})`;
  console.log(`${CAMERA_COUNT} cameras, page of 50, ${mode}; ${settings.connections} connections, ${settings.warmupSeconds} s warm-up + ${settings.durationSeconds} s per target; ${cpus().length} CPUs`);
  if (serverFlags.length) console.log(`server node flags: ${serverFlags.join(' ')}`);
  if (args['cpu-prof']) console.log(`profiling the servers (slower than normal): profiles go to ${profileDir}/{server,bare}`);
  const idle = await waitForQuiet(QUIET_PATIENCE_SECONDS);
  console.log(`background load before the runs: ${idle.cores.toFixed(2)} cores busy${idle.quiet ? '' : ' (WARNING: other work is running; figures will be low and noisy)'}`);
  const results = [];
  const wanted = new Set(args.targets.split(','));
  for (const target of targets.filter((t) => wanted.has(t.name))) results.push(await measure(target, settings));
  return printReport(`${mode}, ${settings.connections} connections`, results);
}

const deadline = setTimeout(() => {
  console.error(`the bench did not finish within ${DEADLINE_MS / 1000} s; stopping`);
  void cleanUp().finally(() => process.exit(1));
}, DEADLINE_MS);
deadline.unref();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void cleanUp().finally(() => process.exit(130)));
}

try {
  const met = await main();
  if (met !== undefined) console.log(met ? '\nREST meets the targets.' : '\nREST misses a target (see above).');
} catch (err) {
  console.error(err);
  process.exitCode = 1;
} finally {
  await cleanUp();
}
