/**
 * SSE /sse/events and /stream/events: the same events as the WebSocket for clients without one.
 * Token in the Authorization header or `?token=` (EventSource cannot send headers); `?channels=a,b` picks
 * channels (default: every channel the role may read), `?cameraId=` narrows to one camera. A comment line
 * keeps proxies from closing an idle stream.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError } from '@sentinel/platform';
import type { SessionService } from '../auth/sessions.ts';
import { sendError } from '../http/envelope.ts';
import { CHANNELS } from './events.ts';
import { isChannel, mayRead, type LiveClient, type RealtimeHub } from './hub.ts';
import { bearerFrom } from './ws.ts';

export const SSE_PATHS = ['/sse/events', '/stream/events'];

export function createSseGateway(hub: RealtimeHub, sessions: SessionService, opts: { keepAliveMs: number }) {
  const open = new Set<ServerResponse>();

  async function handle(req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const token = bearerFrom(req, url);
    const auth = token ? await sessions.authenticate(token) : ({ kind: 'anonymous' } as const);
    if (auth.kind !== 'user') {
      sendError(res, new AppError(auth.kind === 'invalid' ? auth.code : 'AUTH_UNAUTHORIZED', 'Token missing/invalid'), requestId);
      return;
    }
    const asked = url.searchParams.get('channels')?.split(',').map((c) => c.trim()).filter(Boolean);
    const unknown = asked?.filter((c) => !isChannel(c)) ?? [];
    if (unknown.length) {
      sendError(res, new AppError('VALIDATION_ERROR', 'Invalid payload', { details: { channels: `unknown: ${unknown.join(', ')}` } }), requestId);
      return;
    }
    const user = auth.user;
    const channels = (asked ?? [...CHANNELS]).filter(isChannel);
    const forbidden = asked ? channels.filter((c) => !mayRead(user, c)) : [];
    if (forbidden.length) {
      sendError(res, new AppError('AUTH_FORBIDDEN', `Your role may not read ${forbidden.join(', ')}`), requestId);
      return;
    }
    const cameraId = url.searchParams.get('cameraId') ?? undefined;
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache, no-transform', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
    res.write(`retry: 3000\n: connected\n\n`);
    open.add(res);
    let seq = 0;
    const client: LiveClient = {
      user,
      subscriptions: channels.filter((c) => mayRead(user, c)).map((channel) => ({ channel, cameraId })),
      deliver(text, envelope) {
        seq += 1;
        res.write(`id: ${seq}\nevent: ${envelope.event.type}\ndata: ${text}\n\n`);
      },
    };
    const remove = hub.add(client);
    const keepAlive = setInterval(() => {
      void sessions.currentUser(user.id).then((current) => {
        if (!current) res.end();
        else client.user = current;
      });
      res.write(`: keep-alive ${new Date().toISOString()}\n\n`);
    }, opts.keepAliveMs);
    const close = () => {
      clearInterval(keepAlive);
      remove();
      open.delete(res);
    };
    req.on('close', close);
    res.on('close', close);
  }

  return {
    handle,
    close() {
      for (const res of open) res.end();
    },
  };
}

export type SseGateway = ReturnType<typeof createSseGateway>;
