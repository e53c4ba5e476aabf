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
import { API_VERSION } from '@sentinel/contracts';
import {
  buildOpenApiDocument, createRestHandler, createSseGateway, createTrpcHandler, createWsGateway, readiness, REST_PREFIX, sendError,
  sendJson, serveDocs, setRequestId, SSE_PATHS, TRPC_PREFIX, WS_PATHS, type AppRouter, type AppServices,
} from '@sentinel/api';
import { createDownloadHandler, FILES_CONTENT_PREFIX } from '@sentinel/api/http/downloads';
import { createUploadHandler, FILES_UPLOAD_PREFIX } from '@sentinel/api/files/upload-route';
import { createRestApi } from '@sentinel/api/developer/rest-api';
import { createMediaHandler, createMediaWsGateway, matchMediaRoute } from '@sentinel/api/media/http';
import type { WebMode } from './system.ts';

export interface HttpServer {
  url: string;
  server: http.Server;
  close(timeoutMs: number): Promise<void>;
}

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
  const openapiDocument = buildOpenApiDocument(router, API_VERSION);
  const openapi = JSON.stringify(openapiDocument);
  const web = await loadNext(opts.web);
  const downloads = createDownloadHandler(app);
  const uploads = createUploadHandler(app);
  const ws = createWsGateway(app.realtime, app.sessions, { pingIntervalMs: app.config.WS_PING_INTERVAL_MS });
  const sse = createSseGateway(app.realtime, app.sessions, { keepAliveMs: app.config.SSE_KEEPALIVE_MS });
  const media = createMediaHandler(app);
  const mediaWs = createMediaWsGateway(app, { pingIntervalMs: Math.min(app.config.WS_PING_INTERVAL_MS, 10_000) });
  // live endpoints answer under /api/v1 (the plan's base) and at the root
  const wsPaths = new Set([...WS_PATHS, ...WS_PATHS.map((p) => `${REST_PREFIX}${p}`)]);
  const ssePaths = new Set([...SSE_PATHS, ...SSE_PATHS.map((p) => `${REST_PREFIX}${p}`)]);

  const server = http.createServer((req, res) => {
    const started = performance.now();
    const incoming = req.headers['x-request-id'];
    const requestId = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    setRequestId(req, requestId);
    res.setHeader('X-Request-Id', requestId);
    let route = 'web';
    res.on('finish', () => {
      const seconds = (performance.now() - started) / 1000;
      app.metrics.observeRequest(req.method ?? 'GET', route, res.statusCode, seconds);
      app.logger.info({ requestId, method: req.method, route, status: res.statusCode, ms: Math.round(seconds * 10000) / 10 }, 'request');
    });
    const pathname = (req.url ?? '/').split('?')[0] ?? '/';

    const dispatch = async (): Promise<void> => {
      if (pathname === '/openapi.json' || pathname === `${REST_PREFIX}/openapi.json`) {
        route = pathname;
        res.setHeader('Content-Type', 'application/json; charset=utf-8');
        res.end(openapi);
        return;
      }
      if (ssePaths.has(pathname) && req.method === 'GET') {
        route = pathname;
        await sse.handle(req, res, requestId);
        return;
      }
      const mediaRoute = req.method === 'GET' || req.method === 'HEAD' ? matchMediaRoute(pathname) : null;
      if (mediaRoute) {
        route = `/media/${mediaRoute.kind}`;
        await media.handle(req, res, mediaRoute, requestId);
        return;
      }
      if (pathname === REST_PREFIX || pathname.startsWith(`${REST_PREFIX}/`)) {
        await rest(req, res, requestId);
        route = rest.routeOf(req);
        return;
      }
      if (pathname.startsWith(FILES_CONTENT_PREFIX)) {
        route = FILES_CONTENT_PREFIX;
        await downloads(req, res, requestId);
        return;
      }
      if (pathname.startsWith(FILES_UPLOAD_PREFIX)) {
        route = FILES_UPLOAD_PREFIX;
        await uploads(req, res, requestId);
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
    const pathname = (req.url ?? '/').split('?')[0] ?? '/';
    const mediaRoute = matchMediaRoute(pathname);
    if (wsPaths.has(pathname)) {
      ws.handleUpgrade(req, socket, head).catch((err: unknown) => {
        app.logger.error({ err }, 'websocket upgrade failed');
        socket.destroy();
      });
    } else if (mediaRoute?.kind === 'ws') {
      mediaWs.handleUpgrade(req, socket, head, mediaRoute.cameraId).catch((err: unknown) => {
        app.logger.error({ err }, 'media websocket upgrade failed');
        socket.destroy();
      });
    } else if (web) void web.upgrade(req, socket, head);
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
  // the developer console invokes endpoints in-process and proxies to this server's own API
  app.restApi = createRestApi(app, router, { baseUrl: `http://${host}:${address.port}`, document: openapiDocument });

  return {
    url,
    server,
    async close(timeoutMs) {
      // Stop accepting; end live streams; let in-flight requests finish; drop idle keep-alive sockets.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      ws.close();
      sse.close();
      mediaWs.close();
      media.close();
      server.closeIdleConnections();
      const timer = setTimeout(() => server.closeAllConnections(), timeoutMs);
      await closed;
      clearTimeout(timer);
      await web?.close();
    },
  };
}
