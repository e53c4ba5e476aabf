/**
 * The composition root's product: every long-lived service, built once per process and handed to
 * procedures through the context.
 */
import type { AppConfig, Logger, SecretBox } from '@sentinel/platform';
import type { Database, DatabaseHandle, Kysely } from '@sentinel/db';
import type { JobsHandle } from '@sentinel/jobs';
import type { FileStorage, UrlSigner } from '@sentinel/storage';
import type { MediaManager } from '@sentinel/media';
import type { SessionService } from '../auth/sessions.ts';
import type { Metrics } from '../http/metrics.ts';
import type { EventBus } from '../realtime/bus.ts';
import type { RealtimeHub } from '../realtime/hub.ts';
import type { RestApi } from '../developer/rest-api.ts';

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
  /** this process's live clients (WebSocket, SSE, tRPC subscriptions) */
  realtime: RealtimeHub;
  /** uploaded files (face images, thumbnails): local disk or S3-compatible, per STORAGE_DRIVER */
  storage: FileStorage;
  /** signs and checks the expiring /files/content/ download links */
  urls: UrlSigner;
  /** this process's ffmpeg work: probes, live frame and HLS sessions, bounded by MEDIA_MAX_PROCESSES */
  media: MediaManager;
  /** 'all' runs HTTP and workers; 'server' only HTTP; 'worker' only workers */
  role: 'all' | 'server' | 'worker';
  startedAt: Date;
  /** the REST API seen from inside (developer console): set by the HTTP server once it listens */
  restApi?: RestApi;
}
