/**
 * The composition root: opens the database, migrates, seeds, starts pg-boss, builds the services and,
 * depending on the role, serves HTTP and/or runs workers. `stop()` shuts down gracefully.
 */
import path from 'node:path';
import { createLogger, createSecretBox, maskUrlCredentials, type AppConfig, type Logger } from '@sentinel/platform';
import { migrateToLatest, openDatabase, withStartupLock, type DatabaseHandle } from '@sentinel/db';
import { createJobs } from '@sentinel/jobs';
import { createUrlSigner, openStorage } from '@sentinel/storage';
import { ensureTestPattern, MediaManager } from '@sentinel/media';
import {
  appRouter, createEventBus, createMetrics, createRealtimeHub, createOutboxMailer, createTokenSigner, DEMO_ADMIN_PASSWORD, ensureAdmin, ensureBuiltInRoles,
  hashPassword, registerWorkers, SessionService, type AppServices,
} from '@sentinel/api';
import { demoClipPathIn, seedDemo } from '../../../db/seeds/demo.ts';
import { resolveKeys } from './keys.ts';
import { startHttpServer, type HttpServer } from './http-server.ts';

export type WebMode = 'dev' | 'prod' | 'off';

export interface SystemOptions {
  config: AppConfig;
  /** serve the Next.js pages too ('off' serves only the API) */
  web?: WebMode;
  logger?: Logger;
  /** tests: start the embedded database from a prepared data directory, or a server schema */
  database?: { loadDataDir?: Blob; schema?: string; dataDir?: string };
}

export interface RunningSystem {
  app: AppServices;
  database: DatabaseHandle;
  /** base URL of the HTTP server, when this role serves HTTP */
  url: string | undefined;
  stop(): Promise<void>;
}

export async function startSystem(opts: SystemOptions): Promise<RunningSystem> {
  const { config } = opts;
  const logger = opts.logger ?? createLogger(config.LOG_LEVEL);
  const keys = resolveKeys(config);
  const demoClipPath = demoClipPathIn(config.DATA_DIR);
  const database = await openDatabase({
    url: config.DATABASE_URL,
    dataDir: opts.database?.dataDir ?? path.join(config.DATA_DIR, 'pg'),
    poolMax: config.DB_POOL_MAX,
    ...(opts.database?.loadDataDir ? { loadDataDir: opts.database.loadDataDir } : {}),
    ...(opts.database?.schema ? { schema: opts.database.schema } : {}),
  });
  try {
    const secrets = createSecretBox(keys.encryptionKey);
    const jobs = createJobs(database, logger, opts.database?.schema ? { schema: `${opts.database.schema}_pgboss` } : {});
    await withStartupLock(database, async () => {
      await migrateToLatest(database.db as never);
      await ensureBuiltInRoles(database.db);
      const createdAdmin = await ensureAdmin(database.db, config);
      if (createdAdmin) logger.info({ username: createdAdmin }, 'created the first Admin account');
      if (config.seedDemo) {
        const seeded = await seedDemo(database.db, { seal: (plain) => secrets.seal(plain), mask: maskUrlCredentials, hashPassword, demoPassword: DEMO_ADMIN_PASSWORD, demoClipPath });
        if (seeded) logger.info('demo data seeded');
      }
      await jobs.start();
    });
    const sessions = new SessionService(database.db, createTokenSigner(keys.jwtSecret, config.ACCESS_TOKEN_TTL_SECONDS), createOutboxMailer(config.MAIL_OUTBOX_DIR ?? path.join(config.DATA_DIR, 'outbox'), config.MAIL_FROM), {
      accessTtlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
      refreshTtlSeconds: config.REFRESH_TOKEN_TTL_SECONDS,
      resetTtlSeconds: config.RESET_TOKEN_TTL_SECONDS,
      loginMaxFailures: config.LOGIN_MAX_FAILURES,
      loginWindowSeconds: config.LOGIN_WINDOW_SECONDS,
    });
    const events = createEventBus(database, logger);
    await events.start();
    const media = new MediaManager({
      ffmpegPath: config.FFMPEG_PATH,
      ffprobePath: config.FFPROBE_PATH,
      maxProcesses: config.MEDIA_MAX_PROCESSES,
      probeTimeoutMs: config.MEDIA_PROBE_TIMEOUT_MS,
      probeSeconds: 2,
      frameFps: config.MEDIA_FRAME_FPS,
      jpegQuality: config.MEDIA_JPEG_QUALITY,
      idleMs: config.MEDIA_IDLE_SECONDS * 1000,
      hlsDir: path.join(config.DATA_DIR, 'hls'),
      hlsSegmentSeconds: config.MEDIA_HLS_SEGMENT_SECONDS,
      hlsListSize: config.MEDIA_HLS_LIST_SIZE,
      logger,
    });
    const tools = await media.checkTools();
    if (tools.ok) logger.info({ ffmpeg: tools.ffmpeg }, 'ffmpeg found');
    else logger.error({ error: tools.error }, 'ffmpeg is missing: camera tests, snapshots and live streams will fail until it is installed');
    const orphans = await media.sweepLeftovers();
    if (orphans.length) logger.warn({ pids: orphans }, 'killed media processes left running by a server that died');
    const demoSeeded = await database.db.selectFrom('app_settings').select('key').where('key', '=', 'seed.demo').executeTakeFirst();
    if (demoSeeded && tools.ok) {
      await ensureTestPattern(config.FFMPEG_PATH, demoClipPath).catch((err: unknown) => logger.warn({ err }, 'demo clip not written'));
    }
    const app: AppServices = {
      config,
      logger,
      database,
      db: database.db,
      jobs,
      secrets,
      sessions,
      metrics: createMetrics(database, jobs),
      events,
      realtime: createRealtimeHub(events),
      storage: openStorage(config),
      urls: createUrlSigner({ secret: config.FILE_URL_SECRET ?? keys.encryptionKey, ttlSeconds: config.FILE_URL_TTL_SECONDS, baseUrl: config.PUBLIC_URL }),
      media,
      role: config.ROLE,
      startedAt: new Date(),
    };
    let stopWorkerTimers = () => undefined as void;
    if (config.ROLE !== 'server') stopWorkerTimers = await registerWorkers(app);
    let http: HttpServer | undefined;
    if (config.ROLE !== 'worker') http = await startHttpServer(app, appRouter, { web: opts.web ?? 'off' });
    logger.info({ role: config.ROLE, url: http?.url, database: database.kind }, 'system started');

    let stopping: Promise<void> | undefined;
    const stop = () =>
      (stopping ??= (async () => {
        logger.info('shutting down');
        stopWorkerTimers();
        await http?.close(config.SHUTDOWN_TIMEOUT_MS);
        await jobs.stop();
        await media.close();
        app.realtime.stop();
        await events.stop();
        await database.close();
        logger.info('stopped');
      })());
    return { app, database, url: http?.url, stop };
  } catch (err) {
    await database.close().catch(() => undefined);
    throw err;
  }
}
