/**
 * The one validated configuration module: nothing else reads process.env.
 * Every variable is documented in .env.example; defaults suit the embedded demo.
 */
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const ZEnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  PUBLIC_URL: z.string().url().optional(),
  ROLE: z.enum(['all', 'server', 'worker']).default('all'),
  DATABASE_URL: z.string().url().optional(),
  DATA_DIR: z.string().default('./.data'),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  SEED_DEMO: bool.optional(),
  JWT_SECRET: z.string().min(32).optional(),
  ENCRYPTION_KEY: z.string().min(32).optional(),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(5).default(900),
  REFRESH_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).default(14 * 24 * 3600),
  RESET_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).default(3600),
  ADMIN_USERNAME: z.string().min(3).default('admin'),
  ADMIN_EMAIL: z.string().email().default('admin@example.com'),
  ADMIN_PASSWORD: z.string().min(8).optional(),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
  LOGIN_WINDOW_SECONDS: z.coerce.number().int().min(1).default(900),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1024 * 1024),
  UPLOAD_MAX_FILE_BYTES: z.coerce.number().int().min(1024).default(10 * 1024 * 1024),
  UPLOAD_MAX_FILES: z.coerce.number().int().min(1).max(100).default(10),
  WS_PING_INTERVAL_MS: z.coerce.number().int().min(50).default(30_000),
  SSE_KEEPALIVE_MS: z.coerce.number().int().min(50).default(15_000),
  IDEMPOTENCY_TTL_SECONDS: z.coerce.number().int().min(60).default(24 * 3600),
  MAIL_OUTBOX_DIR: z.string().optional(),
  MAIL_FROM: z.string().default('sentinel@localhost'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** identical alerts last seen within this many seconds fold into one row with a count */
  ALERT_FOLD_WINDOW_SECONDS: z.coerce.number().int().min(1).max(7 * 24 * 3600).default(300),
  /** a critical alert left unacknowledged this long is escalated to every Admin as a notification */
  ALERT_ESCALATE_AFTER_MINUTES: z.coerce.number().int().min(1).max(7 * 24 * 60).default(10),
  /** system metric samples (job system.collect-metrics, every minute) older than this are deleted */
  METRICS_RETENTION_HOURS: z.coerce.number().int().min(1).max(24 * 366).default(168),
  /** reported by GET /system/version; when absent, the git commit of the source tree at start */
  BUILD_COMMIT: z.string().regex(/^[0-9a-f]{7,64}$/i, 'a git commit hash').optional(),
  /** reported by GET /system/version; when absent, the time the process started */
  BUILD_DATE: z.string().refine((v) => !Number.isNaN(Date.parse(v)), 'an ISO 8601 date or date-time').optional(),
  /** tests only: run the test suite against this PostgreSQL server instead of embedded PGlite */
  TEST_DATABASE_URL: z.string().url().optional(),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(15000),
  /** where uploaded files (face images, thumbnails, exports) are kept: DATA_DIR/files, or an S3-compatible bucket */
  STORAGE_DRIVER: z.enum(['local', 's3']).default('local'),
  S3_ENDPOINT: z.string().url().optional(),
  S3_BUCKET: z.string().min(3).max(63).optional(),
  S3_ACCESS_KEY: z.string().optional(),
  S3_SECRET_KEY: z.string().optional(),
  S3_REGION: z.string().min(1).default('us-east-1'),
  /** signs download links; derived from ENCRYPTION_KEY when absent */
  FILE_URL_SECRET: z.string().min(32).optional(),
  FILE_URL_TTL_SECONDS: z.coerce.number().int().min(10).max(7 * 24 * 3600).default(3600),
  /** completed exports (file and job) are deleted this long after completion; failed ones after it from creation */
  EXPORT_RETENTION_HOURS: z.coerce.number().int().min(1).max(24 * 366).default(72),
  /** a CSV export matching more rows than this fails with a message asking for narrower filters */
  EXPORT_MAX_ROWS: z.coerce.number().int().min(1).default(5_000_000),
  /** a PDF export stops after this many rows and says so (CSV has every row) */
  EXPORT_MAX_PDF_ROWS: z.coerce.number().int().min(1).max(200_000).default(10_000),
  /** rows read per keyset batch while writing an export */
  EXPORT_BATCH_ROWS: z.coerce.number().int().min(100).max(50_000).default(5000),
  /** largest file accepted by the signed upload URL of POST /files */
  FILE_UPLOAD_MAX_BYTES: z.coerce.number().int().min(1024).default(20 * 1024 * 1024),
  /** how long the upload URL of POST /files stays valid */
  FILE_UPLOAD_URL_TTL_SECONDS: z.coerce.number().int().min(10).max(7 * 24 * 3600).default(900),
  /** developer console calls per Admin per minute */
  DEVELOPER_RATE_LIMIT: z.coerce.number().int().min(1).max(10_000).default(30),
  /** comma-separated URL prefixes POST /developer/proxy may call; `self` is this server's own /api/v1 */
  DEVELOPER_PROXY_ALLOWLIST: z
    .string()
    .default('self')
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .refine((list) => list.every((e) => e === 'self' || /^https?:\/\/[^\s@]+$/i.test(e)), 'each entry must be `self` or an http(s) URL prefix without credentials'),
  /** ffmpeg and ffprobe executables (Debian's ffmpeg package puts both on PATH) */
  FFMPEG_PATH: z.string().min(1).default('ffmpeg'),
  FFPROBE_PATH: z.string().min(1).default('ffprobe'),
  /** at most this many ffmpeg/ffprobe processes run at once in one process (probes, frame and HLS sessions) */
  MEDIA_MAX_PROCESSES: z.coerce.number().int().min(1).max(512).default(40),
  /** how long a probe or snapshot waits for a camera to answer */
  MEDIA_PROBE_TIMEOUT_MS: z.coerce.number().int().min(500).max(120_000).default(10_000),
  /** JPEG frames per second of a live view (GET /media/snapshot, WS /media/ws) */
  MEDIA_FRAME_FPS: z.coerce.number().min(0.2).max(30).default(5),
  /** ffmpeg MJPEG quality scale: 2 (best, largest) to 31 */
  MEDIA_JPEG_QUALITY: z.coerce.number().int().min(2).max(31).default(5),
  /** a snapshot served from the live view is at most this old */
  MEDIA_SNAPSHOT_MAX_AGE_MS: z.coerce.number().int().min(100).max(60_000).default(2000),
  /** a live view or HLS stream nobody asked anything of for this long stops its ffmpeg */
  MEDIA_IDLE_SECONDS: z.coerce.number().min(1).max(3600).default(30),
  MEDIA_HLS_SEGMENT_SECONDS: z.coerce.number().int().min(1).max(10).default(2),
  MEDIA_HLS_LIST_SIZE: z.coerce.number().int().min(3).max(30).default(6),
  /** stored snapshots (POST /cameras/{id}/snapshot) older than this are deleted, except each camera's thumbnail */
  SNAPSHOT_RETENTION_HOURS: z.coerce.number().int().min(1).max(24 * 366).default(72),
  /** how often the watchdog probes every enabled camera; 0 turns it off */
  CAMERA_WATCHDOG_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
  /** probes failed in a row before a camera is marked offline and alerted */
  CAMERA_OFFLINE_AFTER_FAILURES: z.coerce.number().int().min(1).max(100).default(3),
  DEVELOPER_PROXY_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  DEVELOPER_PROXY_MAX_BYTES: z.coerce.number().int().min(1024).default(1024 * 1024),
});

export type TEnv = z.infer<typeof ZEnvSchema>;

export interface AppConfig extends TEnv {
  /** true when no DATABASE_URL is given: the embedded PGlite database in DATA_DIR is used */
  embedded: boolean;
  /** seed demo data on first start (defaults to true for the embedded database) */
  seedDemo: boolean;
}

export class ConfigError extends Error {}

/** Parses and validates configuration; throws a readable ConfigError listing every bad variable. */
export function loadConfig(overrides: Record<string, string | undefined> = {}, source: Record<string, string | undefined> = process.env): AppConfig {
  const cleaned = Object.fromEntries(Object.entries({ ...source, ...overrides }).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = ZEnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const env = parsed.data;
  const embedded = env.DATABASE_URL === undefined;
  if (env.NODE_ENV === 'production' && (!env.JWT_SECRET || !env.ENCRYPTION_KEY)) {
    throw new ConfigError('Invalid configuration:\n  JWT_SECRET and ENCRYPTION_KEY are required in production');
  }
  if (env.STORAGE_DRIVER === 's3' && !env.S3_BUCKET) throw new ConfigError('Invalid configuration:\n  S3_BUCKET is required when STORAGE_DRIVER=s3');
  if (Boolean(env.S3_ACCESS_KEY) !== Boolean(env.S3_SECRET_KEY)) throw new ConfigError('Invalid configuration:\n  S3_ACCESS_KEY and S3_SECRET_KEY go together');
  return { ...env, embedded, seedDemo: env.SEED_DEMO ?? embedded };
}
