/**
 * WS /ws and /ws/live: JWT in the Authorization header or `?token=`; messages
 * `{action: subscribe|unsubscribe, channel, cameraId?}`; events exactly as the plan shapes them. The server
 * sends `{type:'ping'}` (and a protocol ping) every interval; a client that misses two in a row (no
 * `{type:'pong'}` and no protocol pong) is disconnected. A disabled or deleted user is disconnected too.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { AuthUser } from '../core/context.ts';
import type { SessionService } from '../auth/sessions.ts';
import { isChannel, mayRead, type LiveClient, type RealtimeHub, type Subscription } from './hub.ts';

export const WS_PATHS = ['/ws', '/ws/live'];

export interface WsOptions {
  pingIntervalMs: number;
  maxSubscriptions?: number;
}

export function bearerFrom(req: IncomingMessage, url: URL): string | undefined {
  const m = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
  return m?.[1] ?? url.searchParams.get('token') ?? undefined;
}

export function createWsGateway(hub: RealtimeHub, sessions: SessionService, opts: WsOptions) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const live = new Set<WebSocket>();

  async function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const token = bearerFrom(req, url);
    const auth = token ? await sessions.authenticate(token) : ({ kind: 'anonymous' } as const);
    if (auth.kind !== 'user') {
      const code = auth.kind === 'invalid' ? auth.code : 'AUTH_UNAUTHORIZED';
      socket.end(`HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n${JSON.stringify({ success: false, error: { code, message: 'Token missing/invalid' } })}`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => attach(ws, auth.user));
  }

  function attach(ws: WebSocket, user: AuthUser): void {
    live.add(ws);
    const client: LiveClient = {
      user,
      subscriptions: [],
      deliver(text) {
        if (ws.readyState === ws.OPEN) ws.send(text);
      },
    };
    const remove = hub.add(client);
    let missed = 0;
    const send = (msg: object) => ws.readyState === ws.OPEN && ws.send(JSON.stringify(msg));

    const timer = setInterval(() => {
      void (async () => {
        if (missed >= 2) {
          ws.terminate();
          return;
        }
        missed += 1;
        const current = await sessions.currentUser(user.id);
        if (!current) {
          ws.close(4401, 'session ended');
          return;
        }
        client.user = current;
        send({ type: 'ping', ts: new Date().toISOString() });
        ws.ping();
      })();
    }, opts.pingIntervalMs);
    ws.on('pong', () => (missed = 0));
    ws.on('close', () => {
      clearInterval(timer);
      remove();
      live.delete(ws);
    });
    ws.on('error', () => ws.terminate());
    ws.on('message', (raw: Buffer | ArrayBuffer | Buffer[]) => {
      if (Array.isArray(raw)) raw = Buffer.concat(raw);
      let msg: unknown;
      try {
        msg = JSON.parse(Buffer.isBuffer(raw) ? raw.toString('utf8') : Buffer.from(raw).toString('utf8'));
      } catch {
        send({ type: 'error', code: 'BAD_REQUEST', message: 'Messages must be JSON' });
        return;
      }
      const m = (msg ?? {}) as { type?: unknown; action?: unknown; channel?: unknown; cameraId?: unknown };
      if (m.type === 'pong') {
        missed = 0;
        return;
      }
      if (m.action !== 'subscribe' && m.action !== 'unsubscribe') {
        send({ type: 'error', code: 'VALIDATION_ERROR', message: 'action must be subscribe or unsubscribe', details: { action: 'subscribe | unsubscribe' } });
        return;
      }
      if (!isChannel(m.channel)) {
        send({ type: 'error', code: 'VALIDATION_ERROR', message: 'Unknown channel', details: { channel: 'detections | camera-status | alerts | notifications | system-metrics | attendance' } });
        return;
      }
      if (m.cameraId !== undefined && (typeof m.cameraId !== 'string' || m.cameraId.length > 64)) {
        send({ type: 'error', code: 'VALIDATION_ERROR', message: 'cameraId must be a camera id', details: { cameraId: 'string' } });
        return;
      }
      const sub: Subscription = { channel: m.channel, cameraId: m.cameraId };
      if (m.action === 'subscribe') {
        if (!mayRead(client.user, sub.channel)) {
          send({ type: 'error', code: 'AUTH_FORBIDDEN', message: `Your role may not read ${sub.channel}`, channel: sub.channel });
          return;
        }
        if (client.subscriptions.length >= (opts.maxSubscriptions ?? 50)) {
          send({ type: 'error', code: 'VALIDATION_ERROR', message: 'Too many subscriptions' });
          return;
        }
        if (!client.subscriptions.some((s) => s.channel === sub.channel && s.cameraId === sub.cameraId)) client.subscriptions.push(sub);
        send({ type: 'subscribed', channel: sub.channel, ...(sub.cameraId ? { cameraId: sub.cameraId } : {}) });
      } else {
        client.subscriptions = client.subscriptions.filter((s) => !(s.channel === sub.channel && s.cameraId === sub.cameraId));
        send({ type: 'unsubscribed', channel: sub.channel, ...(sub.cameraId ? { cameraId: sub.cameraId } : {}) });
      }
    });
    send({ type: 'welcome', userId: user.id, channels: ['detections', 'camera-status', 'alerts', 'notifications', 'system-metrics', 'attendance'].filter((c) => isChannel(c) && mayRead(user, c)) });
  }

  return {
    handleUpgrade,
    get connections() {
      return live.size;
    },
    close() {
      for (const ws of live) ws.close(1001, 'server shutting down');
      wss.close();
    },
  };
}

export type WsGateway = ReturnType<typeof createWsGateway>;
