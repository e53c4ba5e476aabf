/**
 * One Node HTTP server on one port: REST (/api/v1), tRPC (/api/trpc), the OpenAPI document and its
 * reference (/openapi.json, /docs), health and metrics, and everything else to Next.js.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '@sentinel/platform';
import {
  buildOpenApiDocument, createRestHandler, createTrpcHandler, readiness, REST_PREFIX, sendError, sendJson, serveDocs,
  setRequestId, TRPC_PREFIX, type AppRouter, type AppServices,
} from '@sentinel/api';
import type { WebMode } from './system.ts';

export interface HttpServer {
  url: string;
  server: http.Server;
  close(timeoutMs: number): Promise<void>;
}

const VERSION = '1.0.0';
const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

type NextHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

async function loadNext(mode: WebMode): Promise<{ handle: NextHandler; upgrade: (req: IncomingMessage, socket: Duplex, head: Buffer) => Promise<void>; close(): Promise<void> } | undefined> {
  if (mode === 'off') return undefined;
  const { default: next } = await import('next');
  const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const nextApp = next({ dev: mode === 'dev', dir, quiet: true });
  await nextApp.prepare();
  const handle = nextApp.getRequestHandler();
  const upgrade = nextApp.getUpgradeHandler();
  return { handle: (req, res) => handle(req, res), upgrade: (req, socket, head) => upgrade(req, socket, head), close: () => nextApp.close() };
}

export async function startHttpServer(app: AppServices, router: AppRouter, opts: { web: WebMode }): Promise<HttpServer> {
  const rest = createRestHandler(app, router);
  const trpc = createTrpcHandler(app, router);
  const openapi = JSON.stringify(buildOpenApiDocument(router, VERSION));
  const web = await loadNext(opts.web);

  const server = http.createServer((req, res) => {
    const started = performance.now();
    const incoming = req.headers['x-request-id'];
    const requestId = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    setRequestId(req, requestId);
    res.setHeader('X-Request-Id', requestId);
    let route = 'web';
    res.on('finish', () => app.metrics.observeRequest(req.method ?? 'GET', route, res.statusCode, (performance.now() - started) / 1000));
    const pathname = (req.url ?? '/').split('?')[0] ?? '/';

    const dispatch = async (): Promise<void> => {
      if (pathname === '/openapi.json' || pathname === `${REST_PREFIX}/openapi.json`) {
        route = pathname;
        res.setHeader('Content-Type', 'application/json; charset=utf-8');
        res.end(openapi);
        return;
      }
      if (pathname === REST_PREFIX || pathname.startsWith(`${REST_PREFIX}/`)) {
        await rest(req, res, requestId);
        route = rest.routeOf(req);
        return;
      }
      if (pathname.startsWith(`${TRPC_PREFIX}/`)) {
        route = TRPC_PREFIX;
        await trpc(req, res);
        return;
      }
      if (pathname === '/health/live') {
        route = pathname;
        sendJson(res, 200, { success: true, data: { status: 'alive', uptimeSeconds: Math.round(process.uptime()) } });
        return;
      }
      if (pathname === '/health/ready') {
        route = pathname;
        const r = await readiness(app);
        if (r.status === 'ready') sendJson(res, 200, { success: true, data: r });
        else sendError(res, new AppError('SERVICE_UNAVAILABLE', 'Not ready', { details: r.checks }), requestId);
        return;
      }
      if (pathname === '/metrics') {
        route = pathname;
        res.setHeader('Content-Type', app.metrics.registry.contentType);
        res.end(await app.metrics.registry.metrics());
        return;
      }
      if (pathname === '/docs' || pathname.startsWith('/docs/')) {
        route = '/docs';
        if (serveDocs(pathname, res)) return;
      }
      if (web) {
        await web.handle(req, res);
        return;
      }
      route = 'unmatched';
      sendError(res, new AppError('NOT_FOUND', `No route for ${req.method} ${pathname}`), requestId);
    };
    dispatch().catch((err: unknown) => {
      app.logger.error({ err, requestId }, 'unhandled request error');
      if (!res.headersSent) sendError(res, new AppError('INTERNAL_ERROR', 'Internal server error'), requestId);
      else res.destroy();
    });
  });
  server.on('upgrade', (req, socket, head) => {
    if (web) void web.upgrade(req, socket, head);
    else socket.destroy();
  });
  server.keepAliveTimeout = 65_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(app.config.PORT, app.config.HOST, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = app.config.HOST === '0.0.0.0' || app.config.HOST === '::' ? '127.0.0.1' : app.config.HOST;
  const url = app.config.PUBLIC_URL ?? `http://${host}:${address.port}`;

  return {
    url,
    server,
    async close(timeoutMs) {
      // Stop accepting; let in-flight requests finish; drop idle keep-alive sockets.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const timer = setTimeout(() => server.closeAllConnections(), timeoutMs);
      await closed;
      clearTimeout(timer);
      await web?.close();
    },
  };
}
