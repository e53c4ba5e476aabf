/** Configuration shared by the test harness: every test file gets the same keys and admin password. */
import { loadConfig, type AppConfig } from '@sentinel/platform';

export const ADMIN_USERNAME = 'admin';
export const ADMIN_PASSWORD = 'test-admin-password';
export const TEMPLATE_DIR = '.test-data';
export const PGLITE_TEMPLATE = `${TEMPLATE_DIR}/pglite-template.tgz`;

/** TEST_DATABASE_URL selects a PostgreSQL server for the tests; without it they use embedded PGlite. */
export function testDatabaseUrl(): string | undefined {
  return loadConfig().TEST_DATABASE_URL;
}

export function databaseUrlFor(base: string, database: string): string {
  const u = new URL(base);
  u.pathname = `/${database}`;
  return u.toString();
}

export function testConfig(overrides: Record<string, string> = {}): AppConfig {
  return loadConfig({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'silent',
    SEED_DEMO: 'false',
    ADMIN_USERNAME,
    ADMIN_PASSWORD,
    JWT_SECRET: 'test-jwt-secret-that-is-long-enough-0123456789',
    ENCRYPTION_KEY: 'test-encryption-key-that-is-long-enough-0123456789',
    DATA_DIR: `${TEMPLATE_DIR}/data-${process.pid}`,
    SHUTDOWN_TIMEOUT_MS: '2000',
    // the watchdog would probe every test's made-up camera addresses; the media tests turn it on
    CAMERA_WATCHDOG_INTERVAL_SECONDS: '0',
    ...overrides,
  });
}
