/**
 * The baseline: node:http + a pg Pool of the app's size, running the SQL the cameras repository sends for
 * page 1, 50 per page, sorted by name (the count query, then the page), and JSON-serialising the rows. No
 * auth, validation, routing framework, row mapping or envelope logic: what is left is the floor for this
 * query on this database. Argument: a JSON BareServerOptions. Commands on stdin: `cpu`, `stop`.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { openDatabase } from '@sentinel/db';
import { cpuEvent, emit, serveCommands } from './protocol.ts';

export interface BareServerOptions {
  /** the bench database; absent means PGlite loaded from dumpFile */
  databaseUrl?: string;
  dumpFile?: string;
  poolMax: number;
}

// The statements `listCameras` sends for { page, pageSize, sortBy: 'name' }, as Kysely compiles them.
const COUNT_SQL = 'select count(*) as "total" from "cameras"';
const PAGE_SQL =
  'select "id", "name", "location", "stream_type", "stream_url_sealed", "stream_url_masked", "device_path", "enabled", "status", "fps", ' +
  '"latency", "bitrate", "resolution", "last_seen", "last_checked", "ip_address", "tags", "thumbnail", "created_at", "updated_at" ' +
  'from "cameras" order by "name" asc, "id" limit $1 offset $2';

const opts = JSON.parse(process.argv[2] ?? '{}') as BareServerOptions;

// Embedded: the same engine (PGlite behind a pool of one) in this process, loaded with the server's rows.
// Importing @sentinel/db also installs its type parsers (int8 -> number), so `total` is a number here too.
const database = opts.databaseUrl
  ? undefined
  : await openDatabase({ dataDir: 'memory://', loadDataDir: new Blob([readFileSync(opts.dumpFile ?? '')]), poolMax: 1 });
const pool = database?.pool ?? new pg.Pool({ connectionString: opts.databaseUrl, max: opts.poolMax });

const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://bare');
  if (url.pathname !== '/cameras') {
    res.writeHead(404).end();
    return;
  }
  const page = Number(url.searchParams.get('page') ?? 1);
  const pageSize = Number(url.searchParams.get('pageSize') ?? 20);
  void (async () => {
    const count = await pool.query<{ total: number }>(COUNT_SQL);
    const rows = await pool.query(PAGE_SQL, [pageSize, (page - 1) * pageSize]);
    const total = count.rows[0]?.total ?? 0;
    const body = JSON.stringify({ success: true, data: rows.rows, meta: { page, pageSize, total, totalPages: Math.max(1, Math.ceil(total / pageSize)) } });
    res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body) }).end(body);
  })().catch((err: unknown) => {
    res.writeHead(500).end(String(err));
  });
});
server.keepAliveTimeout = 65_000;
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address() as AddressInfo;
emit({ event: 'ready', url: `http://127.0.0.1:${port}`, pid: process.pid, poolMax: pool.options.max ?? opts.poolMax, database: database ? 'pglite' : 'postgres' });

serveCommands(
  (command) => {
    if (command === 'cpu') emit(cpuEvent());
    else throw new Error(`unknown command '${command}'`);
  },
  async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    if (database) await database.close();
    else await pool.end();
  },
);
