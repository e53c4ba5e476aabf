/**
 * The baseline: node:http + a pg Pool of the app's size, running the statement the cameras repository sends for
 * page 1, 50 per page, sorted by name (compiled once, at start, from `cameraPageQuery` itself, so the two never
 * drift apart), and JSON-serialising the rows. No auth, validation, routing framework, row mapping or envelope
 * logic: what is left is the floor for this query on this database. Argument: a JSON BareServerOptions.
 * Commands on stdin: `cpu`, `stop`.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { ZListCamerasRequestSchema } from '@sentinel/contracts';
import { openDatabase } from '@sentinel/db';
import { cameraPageQuery } from '@sentinel/api/cameras/repository';
import { cpuEvent, emit, serveCommands } from './protocol.ts';

export interface BareServerOptions {
  /** the bench database; absent means PGlite loaded from dumpFile */
  databaseUrl?: string;
  dumpFile?: string;
  poolMax: number;
}

/** The one request the bench sends; anything else answers 400 (the statement is compiled for this page only). */
const PAGE = 1;
const PAGE_SIZE = 50;

const opts = JSON.parse(process.argv[2] ?? '{}') as BareServerOptions;

// Embedded: the same engine (PGlite behind a pool of one) in this process, loaded with the server's rows.
// Importing @sentinel/db also installs its type parsers (int8 -> number), so `total` is a number here too.
const database = opts.databaseUrl
  ? await openDatabase({ url: opts.databaseUrl, poolMax: opts.poolMax })
  : await openDatabase({ dataDir: 'memory://', loadDataDir: new Blob([readFileSync(opts.dumpFile ?? '')]), poolMax: 1 });
const { pool } = database;
const statement = cameraPageQuery(database.db, ZListCamerasRequestSchema.parse({ page: PAGE, pageSize: PAGE_SIZE, sortBy: 'name' })).compile();
const parameters = [...statement.parameters];

const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://bare');
  if (url.pathname !== '/cameras') {
    res.writeHead(404).end();
    return;
  }
  if (Number(url.searchParams.get('page')) !== PAGE || Number(url.searchParams.get('pageSize')) !== PAGE_SIZE) {
    res.writeHead(400).end(`only page=${PAGE}&pageSize=${PAGE_SIZE}`);
    return;
  }
  void (async () => {
    const { rows } = await pool.query<{ total: number }>(statement.sql, parameters);
    const total = rows[0]?.total ?? 0;
    const body = JSON.stringify({ success: true, data: rows, meta: { page: PAGE, pageSize: PAGE_SIZE, total, totalPages: Math.max(1, Math.ceil(total / PAGE_SIZE)) } });
    res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body) }).end(body);
  })().catch((err: unknown) => {
    res.writeHead(500).end(String(err));
  });
});
server.keepAliveTimeout = 65_000;
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address() as AddressInfo;
emit({ event: 'ready', url: `http://127.0.0.1:${port}`, pid: process.pid, poolMax: pool.options.max ?? opts.poolMax, database: database.kind });

serveCommands(
  (command) => {
    if (command === 'cpu') emit(cpuEvent());
    else throw new Error(`unknown command '${command}'`);
  },
  async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await database.close();
  },
);
