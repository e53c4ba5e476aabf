/**
 * The event bus between processes: PostgreSQL LISTEN/NOTIFY on one channel. Every process listens, so a
 * client connected to any server receives every event. Payloads over NOTIFY's 8000-byte limit travel
 * through the realtime_events table and only their id is notified.
 *
 * On a PostgreSQL server the listening connection can drop (a server restart, a failover, an idle
 * timeout in a proxy). The bus then reconnects by itself, backing off from half a second to 30 s, and
 * reports its state to the system health screen; events published while it was away are not replayed.
 */
import type pg from 'pg';
import type { DatabaseHandle } from '@sentinel/db';
import type { Logger } from '@sentinel/platform';
import { cameraOf, channelOf, type Envelope, type LiveEvent } from './events.ts';

export const NOTIFY_CHANNEL = 'sentinel_events';
const INLINE_LIMIT = 7000;

const RECONNECT_FIRST_MS = 500;
const RECONNECT_MAX_MS = 30_000;

export type EnvelopeListener = (envelope: Envelope) => void;

export interface EventBusState {
  /** this process receives events from every process */
  listening: boolean;
  /** times the listening connection was re-established after a loss */
  reconnects: number;
  /** why the connection was last lost or could not be made (null when it never was) */
  lastError: string | null;
  /** the PostgreSQL backend serving the LISTEN (null on PGlite and while disconnected) */
  backendPid: number | null;
}

export interface EventBus {
  /** publishes to every process (after the caller's transaction, if any, has committed) */
  publish(event: LiveEvent, opts?: { userId?: string }): Promise<void>;
  subscribe(listener: EnvelopeListener): () => void;
  start(): Promise<void>;
  stop(): Promise<void>;
  state(): EventBusState;
}

export function createEventBus(database: DatabaseHandle, logger: Logger): EventBus {
  const listeners = new Set<EnvelopeListener>();
  /** the PostgreSQL connection listening, with the detaching of its handlers */
  let connection: { client: pg.PoolClient; detach(): void } | undefined;
  let unlisten: (() => Promise<void>) | undefined;
  let stopped = false;
  let reconnects = 0;
  let lastError: string | null = null;
  let retryTimer: NodeJS.Timeout | undefined;

  const deliver = (envelope: Envelope) => {
    for (const l of listeners) {
      try {
        l(envelope);
      } catch (err) {
        logger.error({ err }, 'event listener failed');
      }
    }
  };

  const onPayload = (payload: string) => {
    void (async () => {
      try {
        if (payload.startsWith('ref:')) {
          const { rows } = await database.query('SELECT body FROM realtime_events WHERE id = $1', [payload.slice(4)]);
          const body = rows[0]?.body;
          if (body) deliver((typeof body === 'string' ? JSON.parse(body) : body) as Envelope);
          return;
        }
        deliver(JSON.parse(payload) as Envelope);
      } catch (err) {
        logger.error({ err }, 'bad event payload');
      }
    })();
  };

  /** Takes a connection of its own from the pool and listens on it; a lost connection is replaced. */
  async function connect(): Promise<void> {
    const next = await database.pool.connect();
    const onNotification = (msg: pg.Notification) => {
      if (msg.channel === NOTIFY_CHANNEL && msg.payload) onPayload(msg.payload);
    };
    const onLost = (err?: Error) => {
      detach();
      next.on('error', () => undefined); // a dying connection may report more errors; nobody else is listening
      if (connection?.client === next) connection = undefined;
      next.release(err ?? new Error('connection ended')); // a broken connection is dropped, not pooled
      if (stopped) return;
      lastError = err?.message ?? 'connection ended';
      logger.warn({ err }, 'event listener connection lost; reconnecting (events published meanwhile are not received)');
      scheduleReconnect(RECONNECT_FIRST_MS);
    };
    const onEnd = () => onLost();
    const detach = () => {
      next.off('notification', onNotification);
      next.off('error', onLost);
      next.off('end', onEnd);
    };
    next.on('notification', onNotification);
    next.on('error', onLost);
    next.on('end', onEnd);
    try {
      await next.query(`LISTEN ${NOTIFY_CHANNEL}`);
    } catch (err) {
      detach();
      next.release(err instanceof Error ? err : true);
      throw err;
    }
    connection = { client: next, detach };
  }

  function scheduleReconnect(delayMs: number): void {
    if (retryTimer || stopped) return;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      if (stopped) return;
      connect().then(
        () => {
          reconnects += 1;
          logger.info({ reconnects }, 'event listener reconnected');
        },
        (err: unknown) => {
          lastError = err instanceof Error ? err.message : String(err);
          scheduleReconnect(Math.min(delayMs * 2, RECONNECT_MAX_MS));
        },
      );
    }, delayMs);
    retryTimer.unref();
  }

  return {
    async publish(event, opts = {}) {
      const envelope: Envelope = { channel: channelOf(event), event, cameraId: cameraOf(event), ...(opts.userId ? { userId: opts.userId } : {}) };
      const text = JSON.stringify(envelope);
      if (Buffer.byteLength(text) <= INLINE_LIMIT) {
        await database.query('SELECT pg_notify($1, $2)', [NOTIFY_CHANNEL, text]);
        return;
      }
      const { rows } = await database.query('INSERT INTO realtime_events (body) VALUES ($1::jsonb) RETURNING id', [text]);
      await database.query('SELECT pg_notify($1, $2)', [NOTIFY_CHANNEL, `ref:${String(rows[0]!.id)}`]);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async start() {
      stopped = false;
      if (database.kind === 'pglite') {
        unlisten = await database.pglite!.listen(NOTIFY_CHANNEL, onPayload);
        return;
      }
      await connect();
    },
    async stop() {
      stopped = true;
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = undefined;
      await unlisten?.();
      unlisten = undefined;
      const current = connection;
      connection = undefined;
      if (current) {
        current.detach();
        current.client.on('error', () => undefined);
        current.client.release(true); // closed, not pooled: a restart gets a fresh connection, and no pooled one keeps a LISTEN
      }
    },
    state() {
      const backendPid = (connection?.client as { processID?: number } | undefined)?.processID ?? null;
      return { listening: connection !== undefined || unlisten !== undefined, reconnects, lastError, backendPid };
    },
  };

}
