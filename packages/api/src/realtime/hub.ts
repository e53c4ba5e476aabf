/**
 * Fans live events out to this process's connected clients (WebSocket, SSE, tRPC subscriptions). Each
 * event is serialised once; a client receives it only when it subscribed to the channel (and camera) and
 * its role may read the channel. Notifications go only to their own user.
 */
import type { AuthUser } from '../core/context.ts';
import type { EventBus } from './bus.ts';
import { CHANNEL_PERMISSION, CHANNELS, type Channel, type Envelope } from './events.ts';

export interface Subscription {
  channel: Channel;
  /** only events about this camera, when set */
  cameraId?: string | undefined;
}

export interface LiveClient {
  user: AuthUser;
  subscriptions: Subscription[];
  /** receives the event's JSON text, and the event itself */
  deliver(text: string, envelope: Envelope): void;
}

export function mayRead(user: AuthUser, channel: Channel): boolean {
  const permission = CHANNEL_PERMISSION[channel];
  return permission === null || user.permissions.includes(permission as AuthUser['permissions'][number]);
}

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && (CHANNELS as readonly string[]).includes(value);
}

export interface RealtimeHub {
  add(client: LiveClient): () => void;
  readonly size: number;
  stop(): void;
}

export function createRealtimeHub(bus: EventBus): RealtimeHub {
  const clients = new Set<LiveClient>();
  const off = bus.subscribe((envelope) => {
    if (clients.size === 0) return;
    const text = JSON.stringify(envelope.event);
    for (const client of clients) {
      if (envelope.channel === 'notifications' && envelope.userId !== client.user.id) continue;
      if (!mayRead(client.user, envelope.channel)) continue;
      const wanted = client.subscriptions.some((s) => s.channel === envelope.channel && (!s.cameraId || s.cameraId === envelope.cameraId));
      if (wanted) client.deliver(text, envelope);
    }
  });
  return {
    add(client) {
      clients.add(client);
      return () => clients.delete(client);
    },
    get size() {
      return clients.size;
    },
    stop() {
      off();
      clients.clear();
    },
  };
}
