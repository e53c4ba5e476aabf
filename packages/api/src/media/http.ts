/**
 * The media routes that are not JSON, at the root and under /api/v1:
 * - GET /media/snapshot/{cameraId}.jpg: the latest frame (at most MEDIA_SNAPSHOT_MAX_AGE_MS old), served
 *   from the camera's shared live session, so a hundred viewers cost one ffmpeg.
 * - GET /media/hls/{cameraId}/index.m3u8 (and /stream/hls/...): HLS, started on the first request; the
 *   playlist's segment links carry a short grant, so players need no headers after the first request.
 * - GET /media/ws/{cameraId} (and /stream/ws/...): upgraded, live JPEG frames as binary WebSocket
 *   messages; not upgraded, the same frames as an MJPEG (multipart/x-mixed-replace) stream.
 * Authorised by authorizeMedia (bearer header, ?token= or a signed grant), permission cameras:read.
 */
import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { WebSocketServer, type WebSocket } from 'ws';
import { AppError, notFound } from '@sentinel/platform';
import { MediaBusyError, type Frame } from '@sentinel/media';
import type { AppServices } from '../core/services.ts';
import { toAppError } from '../core/errors.ts';
import { errorBody, sendError } from '../http/envelope.ts';
import * as repo from '../cameras/repository.ts';
import { authorizeMedia, mediaScope } from './access.ts';
import { liveFrame, mediaReady } from './service.ts';
import { mediaSourceOf } from './source.ts';

const ROUTE = /^(?:\/api\/v1)?\/(media|stream)\/(snapshot|hls|ws)\/([^/]+?)(?:\/([^/]+))?$/;
const CAMERA_ID = /^[A-Za-z0-9_-]{1,64}$/;
const WS_BUFFER_LIMIT = 2 * 1024 * 1024;
const MJPEG_BOUNDARY = 'sentinelframe';

type Route = { kind: 'snapshot' | 'hls' | 'ws'; cameraId: string; file: string | null };

/** The media route a path names, or null (aliases: /stream/hls and /stream/ws; /stream/snapshot is not one). */
export function matchMediaRoute(pathname: string): Route | null {
  const m = ROUTE.exec(pathname);
  if (!m) return null;
  const [, root, kind, rawId, file] = m as unknown as [string, string, Route['kind'], string, string | undefined];
  if (root === 'stream' && kind === 'snapshot') return null;
  let cameraId: string;
  try {
    cameraId = decodeURIComponent(rawId);
  } catch {
    return null;
  }
  if (kind === 'snapshot') {
    if (file || !cameraId.endsWith('.jpg')) return null;
    return { kind, cameraId: cameraId.slice(0, -4), file: null };
  }
  if (kind === 'ws' && file) return null;
  return { kind, cameraId, file: file ?? null };
}

type MediaApp = Pick<AppServices, 'db' | 'media' | 'secrets' | 'storage' | 'urls' | 'events' | 'logger' | 'config' | 'sessions'>;

async function openCamera(app: MediaApp, req: IncomingMessage, url: URL, cameraId: string): Promise<repo.CameraRecord> {
  if (!CAMERA_ID.test(cameraId)) throw notFound('Camera', cameraId.slice(0, 64));
  await authorizeMedia(app, req, url, cameraId);
  const camera = await repo.findCamera(app.db, cameraId);
  if (!camera) throw notFound('Camera', cameraId);
  if (!camera.enabled) throw new AppError('CONFLICT', `Camera '${cameraId}' is disabled; enable it to watch it`);
  return camera;
}

export function createMediaHandler(app: MediaApp) {
  const mjpegClients = new Set<ServerResponse>();

  async function handle(req: IncomingMessage, res: ServerResponse, route: Route, requestId: string): Promise<void> {
    const method = req.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD') throw new AppError('METHOD_NOT_ALLOWED', 'Method not allowed', { headers: { Allow: 'GET, HEAD' } });
    const url = new URL(req.url ?? '/', 'http://local');
    const camera = await openCamera(app, req, url, route.cameraId);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    if (route.kind === 'snapshot') {
      const frame = await liveFrame(app, camera);
      res.statusCode = 200;
      res.setHeader('Content-Type', 'image/jpeg');
      res.setHeader('Content-Length', frame.jpeg.length);
      res.setHeader('Cache-Control', 'private, no-store');
      res.setHeader('Last-Modified', new Date(frame.at).toUTCString());
      res.setHeader('X-Frame-Timestamp', new Date(frame.at).toISOString());
      res.end(method === 'HEAD' ? undefined : frame.jpeg);
      return;
    }
    if (route.kind === 'hls') {
      await serveHls(res, camera, route.file ?? 'index.m3u8', method === 'HEAD');
      return;
    }
    serveMjpeg(req, res, camera, requestId);
  }

  async function serveHls(res: ServerResponse, camera: repo.CameraRecord, file: string, head: boolean): Promise<void> {
    if (file === 'index.m3u8') {
      await mediaReady(app);
      let session;
      try {
        session = await app.media.hls(camera.id, mediaSourceOf(app.secrets, camera), Math.max(15_000, app.config.MEDIA_PROBE_TIMEOUT_MS + app.config.MEDIA_HLS_SEGMENT_SECONDS * 3000));
      } catch (err) {
        if (err instanceof MediaBusyError) throw new AppError('SERVICE_UNAVAILABLE', err.message, { headers: { 'Retry-After': '2' } });
        throw new AppError('MEDIA_STREAM_FAILED', `No video from camera '${camera.id}': ${(err as Error).message}`, { cause: err });
      }
      const { exp, sig } = app.urls.grant(mediaScope(camera.id), { ttlSeconds: Math.max(60, app.config.FILE_URL_TTL_SECONDS) });
      const playlist = (await session.playlist()).replace(/^(seg_\d+\.ts)$/gm, `$1?exp=${exp}&sig=${sig}`);
      res.statusCode = 200;
      res.setHeader('Content-Type', 'application/vnd.apple.mpegurl');
      res.setHeader('Cache-Control', 'no-cache, no-store');
      res.end(head ? undefined : playlist);
      return;
    }
    const session = app.media.hlsSession(camera.id);
    const segment = session ? await session.segment(file) : null;
    if (!segment) throw new AppError('NOT_FOUND', `No segment '${file.slice(0, 40)}' in this camera's live stream (it may have rolled off; reload the playlist)`);
    res.statusCode = 200;
    res.setHeader('Content-Type', 'video/mp2t');
    res.setHeader('Content-Length', segment.size);
    res.setHeader('Cache-Control', 'private, max-age=60');
    if (head) {
      res.end();
      return;
    }
    await pipeline(createReadStream(segment.path), res).catch(() => res.destroy());
  }

  function serveMjpeg(req: IncomingMessage, res: ServerResponse, camera: repo.CameraRecord, requestId: string): void {
    const session = app.media.frames(camera.id, mediaSourceOf(app.secrets, camera));
    res.statusCode = 200;
    res.setHeader('Content-Type', `multipart/x-mixed-replace; boundary=${MJPEG_BOUNDARY}`);
    res.setHeader('Cache-Control', 'no-cache, no-store');
    res.setHeader('Connection', 'close');
    res.flushHeaders();
    mjpegClients.add(res);
    const write = (frame: Frame) => {
      if (res.writableLength > WS_BUFFER_LIMIT) return; // a slow viewer skips frames
      res.write(`--${MJPEG_BOUNDARY}\r\nContent-Type: image/jpeg\r\nContent-Length: ${frame.jpeg.length}\r\n\r\n`);
      res.write(frame.jpeg);
      res.write('\r\n');
    };
    if (session.latest) write(session.latest);
    // the camera was disabled, deleted or changed its address: the stream ends
    const unsubscribe = session.subscribe(write, () => res.end());
    const end = () => {
      unsubscribe();
      mjpegClients.delete(res);
    };
    req.once('close', end);
    res.once('close', end);
    app.logger.debug({ requestId, cameraId: camera.id }, 'mjpeg viewer attached');
  }

  return {
    match: matchMediaRoute,
    async handle(req: IncomingMessage, res: ServerResponse, route: Route, requestId: string): Promise<void> {
      // players on another origin (the control room's dev server, a video wall page) may read the media;
      // access rides on the token or grant in the URL, never on cookies, so any origin is safe
      res.setHeader('Access-Control-Allow-Origin', '*');
      try {
        await handle(req, res, route, requestId);
      } catch (err) {
        const appErr = toAppError(err);
        if (appErr.status >= 500 && appErr.code === 'INTERNAL_ERROR') app.logger.error({ err, requestId }, 'media request failed');
        if (!res.headersSent) sendError(res, appErr, requestId);
        else res.destroy();
      }
    },
    close(): void {
      for (const res of mjpegClients) res.end();
      mjpegClients.clear();
    },
  };
}

/** WS /media/ws/{cameraId}: a first text message describes the stream, then each JPEG is one binary message. */
export function createMediaWsGateway(app: MediaApp, opts: { pingIntervalMs: number }) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4 * 1024 });
  const live = new Set<WebSocket>();

  async function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, cameraId: string): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://local');
    let camera: repo.CameraRecord;
    try {
      camera = await openCamera(app, req, url, cameraId);
    } catch (err) {
      const appErr = toAppError(err);
      const reason = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict' }[appErr.status] ?? 'Error';
      socket.end(`HTTP/1.1 ${appErr.status} ${reason}\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n${JSON.stringify(errorBody(appErr, ''))}`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => attach(ws, camera));
  }

  function attach(ws: WebSocket, camera: repo.CameraRecord): void {
    live.add(ws);
    const session = app.media.frames(camera.id, mediaSourceOf(app.secrets, camera));
    ws.send(JSON.stringify({ type: 'stream', cameraId: camera.id, format: 'jpeg', fps: app.config.MEDIA_FRAME_FPS }));
    let lastError: string | null = null;
    const send = (frame: Frame) => {
      if (ws.readyState !== ws.OPEN || ws.bufferedAmount > WS_BUFFER_LIMIT) return;
      ws.send(frame.jpeg, { binary: true });
    };
    const unsubscribe = session.subscribe(send, () => ws.close(1001, 'the camera stream was stopped'));
    let alive = true;
    const timer = setInterval(() => {
      if (!alive) {
        ws.terminate();
        return;
      }
      alive = false;
      ws.ping();
      // tell the viewer why frames stopped, once per distinct reason
      if (session.lastError && session.lastError !== lastError && ws.readyState === ws.OPEN) ws.send(JSON.stringify({ type: 'error', message: session.lastError }));
      lastError = session.lastError;
    }, opts.pingIntervalMs);
    ws.on('pong', () => (alive = true));
    ws.on('error', () => ws.terminate());
    ws.on('close', () => {
      clearInterval(timer);
      unsubscribe();
      live.delete(ws);
    });
  }

  return {
    handleUpgrade,
    close(): void {
      for (const ws of live) ws.close(1001, 'server shutting down');
      live.clear();
    },
  };
}
