/**
 * Service statuses from real checks: the database (a round trip), each job queue (its worker in the
 * process that answers, and its job counts), the event bus (the NOTIFY queue), and the outside systems
 * that are not built yet (detection provider, Odoo), reported as not configured.
 */
import { ALL_QUEUES } from '@sentinel/jobs';
import type { TSystemServiceStatus } from '@sentinel/contracts';
import type { AppServices } from '../core/services.ts';

export type StatusDeps = Pick<AppServices, 'database' | 'events' | 'jobs' | 'realtime' | 'role' | 'startedAt'>;

/** Services that are not job queues, by id. */
export const FIXED_SERVICES = {
  database: { name: 'Database', kind: 'database' },
  'event-bus': { name: 'Event bus', kind: 'event-bus' },
  'detection-provider': { name: 'Detection provider', kind: 'provider' },
  odoo: { name: 'Odoo', kind: 'integration' },
} as const satisfies Record<string, { name: string; kind: TSystemServiceStatus['kind'] }>;

export type FixedServiceId = keyof typeof FIXED_SERVICES;

// Restarts through the API, per process: a restart is a local act.
const lastRestarts = new Map<string, Date>();

export function noteRestart(id: string, at = new Date()): void {
  lastRestarts.set(id, at);
}

const round2 = (v: number) => Math.round(v * 100) / 100;

function sinceSeconds(from: Date, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - from.getTime()) / 1000));
}

function status(id: string, fields: Partial<TSystemServiceStatus> & Pick<TSystemServiceStatus, 'name' | 'kind' | 'status' | 'message'>): TSystemServiceStatus {
  return { id, latencyMs: null, uptimeSeconds: null, version: null, lastRestart: lastRestarts.get(id)?.toISOString() ?? null, restartable: false, queue: null, ...fields };
}

async function databaseStatus(deps: StatusDeps, now: Date): Promise<TSystemServiceStatus> {
  const base = FIXED_SERVICES.database;
  const started = performance.now();
  try {
    await deps.database.query('SELECT 1');
  } catch (err) {
    return status('database', { ...base, status: 'down', message: err instanceof Error ? err.message : 'unreachable' });
  }
  const latencyMs = round2(performance.now() - started);
  let version: string | null = null;
  let uptimeSeconds: number | null = null;
  try {
    const { rows } = await deps.database.query("SELECT current_setting('server_version') AS version, pg_postmaster_start_time() AS started");
    version = typeof rows[0]?.version === 'string' ? rows[0].version : null;
    const startedAt = rows[0]?.started instanceof Date ? rows[0].started : null;
    uptimeSeconds = startedAt ? sinceSeconds(startedAt, now) : null;
  } catch {
    // version and uptime are extras; the round trip is the check
  }
  const where = deps.database.kind === 'pglite' ? 'embedded PGlite' : 'PostgreSQL server';
  return status('database', { ...base, status: 'ok', message: `${where} answered SELECT 1 in ${latencyMs} ms`, latencyMs, version, uptimeSeconds });
}

async function eventBusStatus(deps: StatusDeps, now: Date): Promise<TSystemServiceStatus> {
  const base = FIXED_SERVICES['event-bus'];
  const since = lastRestarts.get('event-bus') ?? deps.startedAt;
  const listener = deps.events.state();
  if (!listener.listening) {
    const message = `not receiving events from other processes: the listening connection is lost (${listener.lastError ?? 'not started'}); reconnecting`;
    return status('event-bus', { ...base, status: 'down', message, restartable: true });
  }
  const losses = listener.reconnects ? `; reconnected ${listener.reconnects} time(s), last loss: ${listener.lastError ?? 'unknown'}` : '';
  try {
    const { rows } = await deps.database.query('SELECT pg_notification_queue_usage() AS usage');
    const usage = Number(rows[0]?.usage ?? 0);
    const message = `LISTEN/NOTIFY; notification queue ${round2(usage * 100)}% full; ${deps.realtime.size} live clients on this process${losses}`;
    return status('event-bus', { ...base, status: usage < 0.5 ? 'ok' : 'degraded', message, uptimeSeconds: sinceSeconds(since, now), restartable: true });
  } catch (err) {
    return status('event-bus', { ...base, status: 'down', message: err instanceof Error ? err.message : 'unreachable', restartable: true });
  }
}

async function queueStatuses(deps: StatusDeps, now: Date): Promise<TSystemServiceStatus[]> {
  const counts = await deps.jobs.counts().catch(() => undefined);
  return ALL_QUEUES.map((spec) => {
    const running = deps.jobs.activeWorkers.has(spec.name);
    const c = counts?.[spec.name];
    const queue = { worker: running ? ('running' as const) : ('not_running' as const), queued: c?.queued ?? 0, active: c?.active ?? 0, failed: c?.failed ?? 0, completed: c?.completed ?? 0 };
    const tally = c ? `${queue.queued} queued, ${queue.active} active, ${queue.failed} failed` : 'job counts unavailable';
    const base = { name: spec.description, kind: 'queue' as const, queue, restartable: running };
    if (running) {
      const since = lastRestarts.get(spec.name) ?? deps.startedAt;
      return status(spec.name, { ...base, status: c ? 'ok' : 'degraded', message: `worker running; ${tally}`, uptimeSeconds: sinceSeconds(since, now) });
    }
    if (deps.role === 'server') return status(spec.name, { ...base, status: 'unknown', message: `workers run in worker processes, not this HTTP-only one; ${tally}` });
    return status(spec.name, { ...base, status: 'not_configured', message: `no worker handles this queue yet; ${tally}` });
  });
}

export async function serviceStatuses(deps: StatusDeps, now = new Date()): Promise<TSystemServiceStatus[]> {
  const [database, bus, queues] = await Promise.all([databaseStatus(deps, now), eventBusStatus(deps, now), queueStatuses(deps, now)]);
  return [
    database,
    bus,
    ...queues,
    status('detection-provider', { ...FIXED_SERVICES['detection-provider'], status: 'not_configured', message: 'no detection provider integration yet' }),
    status('odoo', { ...FIXED_SERVICES.odoo, status: 'not_configured', message: 'no Odoo integration yet' }),
  ];
}
