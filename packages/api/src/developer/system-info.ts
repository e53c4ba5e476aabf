/**
 * Sanitized system information for the developer console: versions, platform, uptime, memory, the
 * database, the queues and a configuration summary in which every secret shows only as set or not set
 * and URLs lose their credentials. As a last guard, configured secret values are scrubbed from it all.
 */
import os from 'node:os';
import { maskUrlCredentials } from '@sentinel/platform';
import { sql } from '@sentinel/db';
import { ALL_QUEUES, deadLetterOf } from '@sentinel/jobs';
import type { TDeveloperSystemInfo } from '@sentinel/contracts';
import type { AppServices } from '../core/services.ts';
import { configuredSecrets, createRedactor } from './redact.ts';

// names that hold a secret (ACCESS_TOKEN_TTL_SECONDS does not; S3_SECRET_KEY does)
const SECRET_SETTING = /SECRET|PASSWORD|CREDENTIAL|_PASS$|_KEY$|_TOKEN$/i;

type ConfigValue = TDeveloperSystemInfo['config'][string];

function summariseConfig(config: AppServices['config']): Record<string, ConfigValue> {
  const out: Record<string, ConfigValue> = {};
  for (const [key, value] of Object.entries(config).sort(([a], [b]) => a.localeCompare(b))) {
    if (SECRET_SETTING.test(key)) out[key] = value === undefined || value === '' ? '[not set]' : '[set]';
    else if (value === undefined || value === null) out[key] = null;
    else if (typeof value === 'string') out[key] = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? maskUrlCredentials(value) : value;
    else if (typeof value === 'number' || typeof value === 'boolean') out[key] = value;
    else if (Array.isArray(value)) out[key] = value.map((v) => maskUrlCredentials(String(v)));
    else out[key] = '[complex]';
  }
  return out;
}

async function databaseVersion(app: AppServices): Promise<string> {
  try {
    const { rows } = await sql<{ version: string }>`SELECT version() AS version`.execute(app.db);
    return rows[0]?.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

export async function systemInfo(app: AppServices, appVersion: string): Promise<TDeveloperSystemInfo> {
  const mem = process.memoryUsage();
  const info: TDeveloperSystemInfo = {
    app: {
      name: 'sentinel',
      version: appVersion,
      role: app.role,
      nodeEnv: app.config.NODE_ENV,
      startedAt: app.startedAt.toISOString(),
      uptimeSeconds: Math.round(process.uptime()),
    },
    runtime: { node: process.version, platform: process.platform, arch: process.arch, osRelease: os.release(), cpus: os.cpus().length, loadAverage: os.loadavg().map((n) => Math.round(n * 100) / 100) },
    memory: { rssBytes: mem.rss, heapUsedBytes: mem.heapUsed, heapTotalBytes: mem.heapTotal, systemTotalBytes: os.totalmem(), systemFreeBytes: os.freemem() },
    database: { kind: app.database.kind, version: await databaseVersion(app) },
    queues: ALL_QUEUES.flatMap((q) => [q.name, deadLetterOf(q.name)]),
    config: summariseConfig(app.config),
  };
  return createRedactor(configuredSecrets(app.config)).strings(info) as TDeveloperSystemInfo;
}
