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
  IDEMPOTENCY_TTL_SECONDS: z.coerce.number().int().min(60).default(24 * 3600),
  MAIL_OUTBOX_DIR: z.string().optional(),
  MAIL_FROM: z.string().default('sentinel@localhost'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** tests only: run the test suite against this PostgreSQL server instead of embedded PGlite */
  TEST_DATABASE_URL: z.string().url().optional(),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(15000),
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
  return { ...env, embedded, seedDemo: env.SEED_DEMO ?? embedded };
}
