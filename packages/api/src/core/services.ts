/**
 * The composition root's product: every long-lived service, built once per process and handed to
 * procedures through the context.
 */
import type { AppConfig, Logger, SecretBox } from '@sentinel/platform';
import type { Database, DatabaseHandle, Kysely } from '@sentinel/db';
import type { JobsHandle } from '@sentinel/jobs';
import type { SessionService } from '../auth/sessions.ts';
import type { Metrics } from '../http/metrics.ts';
import type { EventBus } from '../realtime/bus.ts';

export interface AppServices {
  config: AppConfig;
  logger: Logger;
  database: DatabaseHandle;
  db: Kysely<Database>;
  jobs: JobsHandle;
  secrets: SecretBox;
  sessions: SessionService;
  metrics: Metrics;
  /** live events to every process (WebSocket, SSE, tRPC subscriptions); publish after commit */
  events: EventBus;
  /** 'all' runs HTTP and workers; 'server' only HTTP; 'worker' only workers */
  role: 'all' | 'server' | 'worker';
  startedAt: Date;
}
