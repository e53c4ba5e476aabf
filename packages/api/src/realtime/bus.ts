/**
 * The event bus between processes: PostgreSQL LISTEN/NOTIFY on one channel. Every process listens, so a
 * client connected to any server receives every event. Payloads over NOTIFY's 8000-byte limit travel
 * through the realtime_events table and only their id is notified.
 */
import type pg from 'pg';
import type { DatabaseHandle } from '@sentinel/db';
import type { Logger } from '@sentinel/platform';
import { cameraOf, channelOf, type Envelope, type LiveEvent } from './events.ts';

export const NOTIFY_CHANNEL = 'sentinel_events';
const INLINE_LIMIT = 7000;

export type EnvelopeListener = (envelope: Envelope) => void;

export interface EventBus {
  /** publishes to every process (after the caller's transaction, if any, has committed) */
  publish(event: LiveEvent, opts?: { userId?: string }): Promise<void>;
  subscribe(listener: EnvelopeListener): () => void;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createEventBus(database: DatabaseHandle, logger: Logger): EventBus {
  const listeners = new Set<EnvelopeListener>();
  let client: pg.PoolClient | undefined;
  let unlisten: (() => Promise<void>) | undefined;

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
      if (database.kind === 'pglite') {
        unlisten = await database.pglite!.listen(NOTIFY_CHANNEL, onPayload);
        return;
      }
      client = await database.pool.connect();
      client.on('notification', (msg) => {
        if (msg.channel === NOTIFY_CHANNEL && msg.payload) onPayload(msg.payload);
      });
      client.on('error', (err) => logger.error({ err }, 'event listener connection failed'));
      await client.query(`LISTEN ${NOTIFY_CHANNEL}`);
    },
    async stop() {
      await unlisten?.();
      if (client) {
        await client.query(`UNLISTEN ${NOTIFY_CHANNEL}`).catch(() => undefined);
        client.release();
        client = undefined;
      }
    },
  };
}
