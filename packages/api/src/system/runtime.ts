/**
 * Uptime and version. The commit comes from BUILD_COMMIT (images have no .git), else from
 * `git rev-parse HEAD` run once when this module loads, i.e. at process start, so it names the code
 * that is running even if the tree is checked out elsewhere later.
 */
import { execFile } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { API_VERSION, type TUptime, type TVersion } from '@sentinel/contracts';
import type { AppServices } from '../core/services.ts';

const run = promisify(execFile);
const HERE = path.dirname(fileURLToPath(import.meta.url));

const gitHead: Promise<string | null> = run('git', ['rev-parse', 'HEAD'], { cwd: HERE, timeout: 5000 }).then(
  ({ stdout }) => (/^[0-9a-f]{40,64}$/.test(stdout.trim()) ? stdout.trim() : null),
  () => null,
);

export function uptime(app: Pick<AppServices, 'startedAt'>, now = new Date()): TUptime {
  return {
    uptimeSeconds: Math.max(0, Math.floor((now.getTime() - app.startedAt.getTime()) / 1000)),
    startedAt: app.startedAt.toISOString(),
    hostUptimeSeconds: Math.floor(os.uptime()),
  };
}

export async function version(app: Pick<AppServices, 'config' | 'startedAt'>): Promise<TVersion> {
  const commit = app.config.BUILD_COMMIT ?? (await gitHead) ?? 'unknown';
  const buildDate = app.config.BUILD_DATE ? new Date(app.config.BUILD_DATE) : app.startedAt;
  return { api: API_VERSION, commit, buildDate: buildDate.toISOString(), node: process.version };
}
