/**
 * /api/v1/system, /network and /maintenance as a REST client sees them: a summary counted from real rows,
 * resource samples taken by the job (directly and through pg-boss), real service checks, Admin commands
 * that do what they say, version, uptime and a log tail without secrets. Aliases answer like originals.
 */
import os from 'node:os';
import { existsSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_QUEUES } from '../packages/jobs/src/queues.ts';
import { collectMetricsSample } from '@sentinel/api/system/metrics';
import type { Envelope } from '@sentinel/api';
import type { TSystemServiceStatus } from '@sentinel/contracts';
import { ADMIN_PASSWORD } from './support/config.ts';
import { startTestSystem, type TestSystem } from './support/system.ts';

let sys: TestSystem;
let admin: string;
let operator: string;
let viewer: string;

beforeAll(async () => {
  // the log tail needs log lines: this file's system logs at info level
  sys = await startTestSystem({ LOG_LEVEL: 'info' });
  admin = await sys.adminToken();
  operator = (await sys.createUser('ROLE-OPERATOR')).token;
  viewer = (await sys.createUser('ROLE-VIEWER')).token;
});
afterAll(() => sys.stop());

const api = (method: string, path: string, token = admin, body?: unknown, headers?: Record<string, string>) =>
  sys.request(method, `/api/v1${path}`, { token, ...(body !== undefined ? { body } : {}), ...(headers ? { headers } : {}) });

async function until<T>(read: () => Promise<T>, done: (v: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (done(v)) return v;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms; last value ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const sampleCount = async () => Number((await sys.db.db.selectFrom('system_metric_samples').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

describe('GET /system/summary', () => {
  it('counts cameras online, registered people, people detected today, open unknown-face alerts, manual overrides and completion from the tables', async () => {
    const before = await api('GET', '/system/summary', viewer);
    expect(before.status).toBe(200);
    expect(before.body.data).toMatchObject({ lastSync: null });
    const b = before.body.data;

    const online = await api('POST', '/cameras', admin, { name: 'Online gate', streamType: 'RTSP', streamUrl: 'rtsp://10.1.0.1/live' });
    await api('PUT', `/cameras/${online.body.data.id}`, admin, { status: 'online' });
    const disabled = await api('POST', '/cameras', admin, { name: 'Disabled gate', streamType: 'RTSP', streamUrl: 'rtsp://10.1.0.2/live', enabled: false });
    await api('PUT', `/cameras/${disabled.body.data.id}`, admin, { status: 'online' });
    await api('POST', '/cameras', admin, { name: 'Offline gate', streamType: 'RTSP', streamUrl: 'rtsp://10.1.0.3/live' });

    const tag = randomUUID().slice(0, 8);
    const emp = (n: number) => `SUM-${tag}-${n}`;
    await sys.db.db
      .insertInto('face_profiles')
      .values([1, 2, 3, 4].map((n) => ({ id: `FP-${tag}-${n}`, employee_id: emp(n), name: `Person ${n}`, status: n === 4 ? 'inactive' : 'active' })))
      .execute();
    const now = new Date();
    const yesterday = new Date(now.getTime() - 36 * 3600_000);
    await sys.db.db
      .insertInto('detections')
      .values([
        { id: `D-${tag}-1`, employee_id: emp(1), status: 'known', occurred_at: now },
        { id: `D-${tag}-2`, employee_id: emp(1), status: 'known', occurred_at: now },
        { id: `D-${tag}-3`, employee_id: emp(2), status: 'known', occurred_at: now },
        { id: `D-${tag}-4`, employee_id: null, status: 'unknown', occurred_at: now },
        { id: `D-${tag}-5`, employee_id: emp(3), status: 'known', occurred_at: yesterday },
      ])
      .execute();
    const alert = (id: string, type: string, acknowledged: boolean) => ({
      id: `AL-${tag}-${id}`, level: 'warning', type, title: `Alert ${id}`, fingerprint: `${tag}-${id}`, acknowledged_at: acknowledged ? now : null,
    });
    await sys.db.db.insertInto('alerts').values([alert('a', 'unknown-face', false), alert('b', 'unknown-face', true), alert('c', 'camera-offline', false)]).execute();
    const today = now.toISOString().slice(0, 10); // the site zone is UTC here
    const log = (n: number, fields: Record<string, unknown>) => ({ id: `ATT-${tag}-${n}`, employee_id: emp(n), name: `Person ${n}`, date: today, status: 'present', ...fields });
    await sys.db.db
      .insertInto('attendance_logs')
      .values([
        log(1, { source: 'manual' }),
        log(2, { status: 'late' }),
        log(3, { source: 'manual', voided_at: now }),
        log(4, { status: 'present' }), // inactive profile: not a registered person
      ])
      .execute();

    const after = await api('GET', '/system/summary', viewer);
    const a = after.body.data;
    expect(a.activeCameras - b.activeCameras).toBe(1);
    expect(a.registeredPeople - b.registeredPeople).toBe(3);
    expect(a.peopleDetectedToday - b.peopleDetectedToday).toBe(2);
    expect(a.unknownFaceAlerts - b.unknownFaceAlerts).toBe(1);
    expect(a.manualOverrides - b.manualOverrides).toBe(1);
    const attended = await sys.db.db
      .selectFrom('attendance_logs as l')
      .innerJoin('face_profiles as f', 'f.employee_id', 'l.employee_id')
      .select((eb) => eb.fn.count('l.id').distinct().as('n'))
      .where('f.status', '=', 'active')
      .where('l.date', '=', today)
      .where('l.status', 'in', ['present', 'late'])
      .where('l.voided_at', 'is', null)
      .executeTakeFirstOrThrow();
    expect(a.attendanceCompletion).toBeCloseTo(Math.round((1000 * Number(attended.n)) / a.registeredPeople) / 10, 5);
    expect(a.attendanceCompletion).toBeGreaterThan(0);
    expect(a.lastSync).toBeNull();
  });

  it('needs a session', async () => {
    expect((await sys.request('GET', '/api/v1/system/summary')).status).toBe(401);
  });
});

describe('health metrics', () => {
  it('stores a sample per run with plausible values, publishes it live and serves the series oldest first', async () => {
    const received: Envelope[] = [];
    const off = sys.system.app.events.subscribe((e) => received.push(e));
    const first = await collectMetricsSample(sys.system.app);
    const second = await collectMetricsSample(sys.system.app);
    const res = await api('GET', '/system/health/metrics?limit=2', viewer);
    expect(res.status).toBe(200);
    expect(res.body.data).toHaveLength(2);
    const [older, latest] = res.body.data;
    expect(older.sampledAt).toBe(first.sampledAt);
    expect(latest.sampledAt).toBe(second.sampledAt);
    for (const m of [older, latest]) {
      expect(m.cpu.percent).toBeGreaterThanOrEqual(0);
      expect(m.cpu.percent).toBeLessThanOrEqual(100);
      expect(m.cpu.cores).toBe(os.availableParallelism());
      expect(m.memory.totalBytes).toBe(os.totalmem());
      expect(m.memory.percent).toBeGreaterThan(0);
      expect(m.memory.percent).toBeLessThanOrEqual(100);
      expect(m.disk.percent).toBeGreaterThan(0);
      expect(m.disk.percent).toBeLessThanOrEqual(100);
      expect(m.disk.totalBytes).toBeGreaterThan(m.disk.usedBytes);
      expect(m.dbLatencyMs).toBeGreaterThan(0);
      expect(m.host).toBe(os.hostname());
    }
    if (!existsSync('/usr/bin/nvidia-smi')) expect(latest.gpu).toEqual({ available: false, name: null, percent: null, memoryPercent: null });
    if (existsSync('/proc/net/dev')) {
      // the second sample has a previous one to take rates against
      expect(latest.network.rxBytesPerSecond).toBeGreaterThanOrEqual(0);
      expect(latest.network.txBytesPerSecond).toBeGreaterThanOrEqual(0);
    }
    await until(() => Promise.resolve(received), (r) => r.filter((e) => e.channel === 'system-metrics').length >= 2, 5000);
    off();
    const event = received.find((e) => e.event.type === 'system-metrics');
    expect(event?.event).toMatchObject({ type: 'system-metrics', metrics: { sampledAt: first.sampledAt } });
  });

  it('is sampled by the system.collect-metrics job through pg-boss', async () => {
    const before = await sampleCount();
    expect(await sys.system.app.jobs.send('system.collect-metrics', {})).toBeTruthy();
    await until(sampleCount, (n) => n > before);
    const res = await api('GET', '/system/health/metrics?limit=1', viewer);
    expect(res.body.data).toHaveLength(1);
    expect(res.body.data[0].memory.totalBytes).toBe(os.totalmem());
  });

  it('drops samples older than METRICS_RETENTION_HOURS when sampling', async () => {
    const old = new Date(Date.now() - (sys.system.app.config.METRICS_RETENTION_HOURS + 1) * 3600_000);
    await sys.db.db
      .insertInto('system_metric_samples')
      .values({ sampled_at: old, host: 'old-host', cpu_percent: 1, cpu_cores: 1, cpu_total_ms: 1, cpu_idle_ms: 1, memory_used_bytes: 1, memory_total_bytes: 2 })
      .execute();
    const res = await api('GET', `/system/health/metrics?to=${encodeURIComponent(new Date(old.getTime() + 1000).toISOString())}`, viewer);
    expect(res.body.data.map((m: { host: string }) => m.host)).toEqual(['old-host']);
    await collectMetricsSample(sys.system.app);
    const after = await api('GET', `/system/health/metrics?to=${encodeURIComponent(new Date(old.getTime() + 1000).toISOString())}`, viewer);
    expect(after.body.data).toEqual([]);
  });

  it('rejects a limit out of range with 422', async () => {
    expect((await api('GET', '/system/health/metrics?limit=0')).status).toBe(422);
    expect((await api('GET', '/system/health/metrics?limit=100000')).status).toBe(422);
  });

  it('derives network metrics from the last two samples and latency from samples and the HTTP histogram', async () => {
    await collectMetricsSample(sys.system.app);
    const net = await api('GET', '/system/network-metrics', viewer);
    expect(net.status).toBe(200);
    expect(net.body.data.map((m: { id: string }) => m.id)).toEqual(['NET-RX', 'NET-TX', 'DB-RTT']);
    const rtt = net.body.data.find((m: { id: string }) => m.id === 'DB-RTT');
    expect(rtt).toMatchObject({ unit: 'ms' });
    expect(rtt.value).toBeGreaterThan(0);
    expect(['up', 'down', 'flat']).toContain(rtt.trend);
    expect(typeof rtt.change).toBe('number');

    const latency = await api('GET', '/network/latency', viewer);
    expect(latency.status).toBe(200);
    const { database, http } = latency.body.data;
    expect(database.count).toBeGreaterThanOrEqual(2);
    expect(database.p50Ms).toBeGreaterThan(0);
    expect(database.p95Ms).toBeGreaterThanOrEqual(database.p50Ms);
    expect(database.windowMinutes).toBe(60);
    expect(http.count).toBeGreaterThan(5);
    expect(http.p50Ms).toBeGreaterThan(0);
    expect(http.p95Ms).toBeGreaterThanOrEqual(http.p50Ms);
  });
});

describe('service statuses', () => {
  it('reports the database from a real round trip, every job queue with its worker and counts, and the integrations as not configured', async () => {
    const res = await api('GET', '/system/health/services', viewer);
    expect(res.status).toBe(200);
    const byId = new Map<string, TSystemServiceStatus>(res.body.data.map((s: TSystemServiceStatus) => [s.id, s]));
    expect(byId.get('database')).toMatchObject({ kind: 'database', status: 'ok', restartable: false });
    expect(byId.get('database')!.latencyMs).toBeGreaterThan(0);
    expect(byId.get('database')!.version).toMatch(/^\d+/);
    expect(byId.get('event-bus')).toMatchObject({ status: 'ok', restartable: true });
    for (const q of ALL_QUEUES) expect(byId.get(q.name), q.name).toMatchObject({ kind: 'queue', queue: expect.objectContaining({ queued: expect.any(Number) }) });
    expect(byId.get('system.collect-metrics')).toMatchObject({ status: 'ok', restartable: true, queue: { worker: 'running' } });
    expect(byId.get('detection.capture')).toMatchObject({ status: 'not_configured', restartable: false, queue: { worker: 'not_running' } });
    expect(byId.get('detection-provider')).toMatchObject({ status: 'not_configured' });
    expect(byId.get('odoo')).toMatchObject({ status: 'not_configured' });
  });

  it('answers the same under GET /system/services', async () => {
    const stable = (list: Record<string, unknown>[]) => list.map(({ id, name, kind, status, restartable }) => ({ id, name, kind, status, restartable }));
    const [a, b] = await Promise.all([api('GET', '/system/health/services', viewer), api('GET', '/system/services', viewer)]);
    expect(b.status).toBe(200);
    expect(stable(b.body.data)).toEqual(stable(a.body.data));
  });
});

describe('commands', () => {
  const COMMANDS = [
    '/system/commands/restart-streams', '/system/commands/refresh-feeds', '/system/cache/refresh', '/maintenance/refresh-cache',
    '/system/services/system.collect-metrics/restart', '/maintenance/service/system.collect-metrics/restart',
  ];

  it('are refused to Operators and Viewers with 403', async () => {
    for (const path of COMMANDS) {
      for (const token of [operator, viewer]) {
        const res = await api('POST', path, token);
        expect(res.status, path).toBe(403);
        expect(res.body.error.code).toBe('AUTH_FORBIDDEN');
      }
    }
  });

  it('restart-streams and refresh-feeds re-probe every enabled camera, stamp lastChecked, name broken ones and are audited', async () => {
    // nothing listens on port 9: the probe fails fast with "connection refused"
    const enabled = (await api('POST', '/cameras', admin, { name: 'Probe me', streamType: 'RTSP', streamUrl: 'rtsp://127.0.0.1:9/live' })).body.data;
    const disabled = (await api('POST', '/cameras', admin, { name: 'Leave me', streamType: 'RTSP', streamUrl: 'rtsp://10.2.0.2/live', enabled: false })).body.data;
    const brokenId = `CAM-BROKEN-${randomUUID().slice(0, 6)}`;
    await sys.db.db.insertInto('cameras').values({ id: brokenId, name: 'Broken', location: '', stream_type: 'USB', enabled: true, status: 'offline', tags: [] }).execute();
    expect(enabled.lastChecked).toBeNull();

    const started = Date.now();
    const res = await api('POST', '/system/commands/restart-streams');
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ success: true, data: { accepted: true } });
    expect(res.body.data.message).toContain(`${brokenId} (The camera has no stream address)`);
    expect(res.body.data.message).toContain(`${enabled.id} (connection refused`);
    const checked = (await api('GET', `/cameras/${enabled.id}`)).body.data.lastChecked;
    expect(new Date(checked).getTime()).toBeGreaterThanOrEqual(started - 1000);
    expect((await api('GET', `/cameras/${disabled.id}`)).body.data.lastChecked).toBeNull();

    await new Promise((r) => setTimeout(r, 20));
    const feeds = await api('POST', '/system/commands/refresh-feeds');
    expect(feeds.status).toBe(202);
    expect(new Date((await api('GET', `/cameras/${enabled.id}`)).body.data.lastChecked).getTime()).toBeGreaterThan(new Date(checked).getTime());

    const audit = await sys.db.db.selectFrom('audit_logs').selectAll().where('action', 'in', ['system.restart-streams', 'system.refresh-feeds']).execute();
    expect(audit.map((e) => e.action).sort()).toEqual(['system.refresh-feeds', 'system.restart-streams']);
    for (const entry of audit) expect(entry.severity).toBe('warning');
  });

  it('cache refresh makes a role permission change visible at once', async () => {
    const roleId = `ROLE-CACHE-${randomUUID().slice(0, 6)}`;
    await sys.db.db.insertInto('roles').values({ id: roleId, name: roleId, description: '', permissions: ['cameras:read'] }).execute();
    const user = await sys.createUser(roleId);
    expect((await api('GET', '/cameras', user.token)).status).toBe(200);
    // as another instance would: change the role behind this process's back
    const changedAt = Date.now();
    await sys.db.db.updateTable('roles').set({ permissions: [] }).where('id', '=', roleId).execute();
    const stale = await api('GET', '/cameras', user.token);
    if (Date.now() - changedAt < 4000) expect(stale.status).toBe(200); // still the cached permissions
    const refreshed = await api('POST', '/system/cache/refresh');
    expect(refreshed.status).toBe(202);
    expect(refreshed.body.data.accepted).toBe(true);
    expect((await api('GET', '/cameras', user.token)).status).toBe(403);

    const alias = await api('POST', '/maintenance/refresh-cache');
    expect(alias.status).toBe(202);
    expect(alias.body.data).toEqual(refreshed.body.data);
    const audit = await sys.db.db.selectFrom('audit_logs').select(['severity']).where('action', '=', 'system.cache-refresh').execute();
    expect(audit.length).toBe(2);
    expect(audit.every((e) => e.severity === 'warning')).toBe(true);
  });

  it("restarting a queue's worker keeps it processing jobs", async () => {
    const res = await api('POST', '/system/services/system.collect-metrics/restart');
    expect(res.status).toBe(202);
    expect(res.body.data).toMatchObject({ accepted: true, message: expect.stringContaining('system.collect-metrics') });
    expect(sys.system.app.jobs.activeWorkers.has('system.collect-metrics')).toBe(true);
    const before = await sampleCount();
    await sys.system.app.jobs.send('system.collect-metrics', {});
    await until(sampleCount, (n) => n > before);

    const alias = await api('POST', '/maintenance/service/system.collect-metrics/restart');
    expect(alias.status).toBe(202);
    expect(alias.body.data).toEqual(res.body.data);
    const services = await api('GET', '/system/services', viewer);
    const status = services.body.data.find((s: { id: string }) => s.id === 'system.collect-metrics');
    expect(status.lastRestart).not.toBeNull();
    expect(status.queue.worker).toBe('running');
    const audit = await sys.db.db.selectFrom('audit_logs').selectAll().where('action', '=', 'system.service-restart').execute();
    expect(audit.filter((e) => e.resource_id === 'system.collect-metrics' && e.severity === 'warning')).toHaveLength(2);
  });

  it('reconnects the event bus, which keeps delivering events', async () => {
    const res = await api('POST', '/system/services/event-bus/restart');
    expect(res.status).toBe(202);
    const received: Envelope[] = [];
    const off = sys.system.app.events.subscribe((e) => received.push(e));
    const sample = await collectMetricsSample(sys.system.app);
    await until(() => Promise.resolve(received), (r) => r.some((e) => e.event.type === 'system-metrics' && e.event.metrics.sampledAt === sample.sampledAt), 5000);
    off();
  });

  it('answers 404 for an unknown service and 409 for one that cannot be restarted here', async () => {
    for (const path of ['/system/services/no-such-service/restart', '/maintenance/service/no-such-service/restart']) {
      const res = await api('POST', path);
      expect(res.status, path).toBe(404);
      expect(res.body.error.code).toBe('NOT_FOUND');
    }
    for (const id of ['database', 'odoo', 'detection.capture']) {
      const res = await api('POST', `/system/services/${id}/restart`);
      expect(res.status, id).toBe(409);
      expect(res.body.error.code).toBe('CONFLICT');
    }
  });
});

describe('uptime, version and logs', () => {
  it('reports uptime since this process started', async () => {
    const res = await api('GET', '/system/uptime', viewer);
    expect(res.status).toBe(200);
    expect(res.body.data.startedAt).toBe(sys.system.app.startedAt.toISOString());
    expect(res.body.data.uptimeSeconds).toBeGreaterThanOrEqual(0);
    expect(res.body.data.hostUptimeSeconds).toBeGreaterThan(0);
  });

  it('reports the version with the git commit, the same under /maintenance/version', async () => {
    const res = await api('GET', '/system/version', viewer);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ api: '1.0.0', buildDate: sys.system.app.startedAt.toISOString(), node: process.version });
    expect(res.body.data.commit).toMatch(/^[0-9a-f]{40}$/);
    const alias = await api('GET', '/maintenance/version', viewer);
    expect(alias.body).toEqual(res.body);
  });

  it('tails recent log lines with the request id of a request made, and no password or token values', async () => {
    const requestId = `test-${randomUUID()}`;
    const cmd = await api('POST', '/system/commands/restart-streams', admin, undefined, { 'x-request-id': requestId });
    expect(cmd.headers.get('x-request-id')).toBe(requestId);
    // a careless log line: the logger and the tail must keep these values out
    sys.system.app.logger.info({ password: 'hunter2-log-secret', token: 'tok-log-secret', nested: { apiKey: 'key-log-secret' }, url: 'rtsp://u:pw-log-secret@10.0.0.9/s' }, 'careless line');

    const res = await api('GET', `/system/logs?requestId=${requestId}`, viewer);
    expect(res.status).toBe(200);
    expect(res.body.data.length).toBeGreaterThanOrEqual(1);
    const entries = res.body.data as { message: string; context: Record<string, unknown> }[];
    expect(entries.find((e) => e.message === 'system command')).toMatchObject({ requestId, level: 'warn', context: { command: 'restart-streams' } });
    // the access log line of the same request
    expect(entries.find((e) => e.message === 'request')).toMatchObject({ requestId, level: 'info', context: { status: 202, route: '/api/v1/system/commands/restart-streams' } });
    expect(res.body.meta).toMatchObject({ page: 1, total: res.body.data.length });

    const all: unknown[] = [];
    for (let page = 1; ; page++) {
      const r = await api('GET', `/system/logs?pageSize=200&page=${page}`, viewer);
      all.push(...r.body.data);
      if (page >= r.body.meta.totalPages) break;
    }
    expect(all.some((e) => (e as { message: string }).message === 'careless line')).toBe(true);
    const text = JSON.stringify(all);
    for (const secret of ['hunter2-log-secret', 'tok-log-secret', 'key-log-secret', 'pw-log-secret', ADMIN_PASSWORD, admin, viewer]) expect(text).not.toContain(secret);
  });

  it('filters by level (that level and above) and paginates; /maintenance/logs answers alike', async () => {
    const warn = await api('GET', '/system/logs?level=warn&pageSize=50', viewer);
    expect(warn.status).toBe(200);
    expect(warn.body.data.length).toBeGreaterThan(0);
    for (const e of warn.body.data) expect(['warn', 'error', 'fatal']).toContain(e.level);
    const one = await api('GET', '/system/logs?pageSize=1&page=2', viewer);
    expect(one.body.data).toHaveLength(1);
    expect(one.body.meta.totalPages).toBe(one.body.meta.total);

    const requestId = `test-${randomUUID()}`;
    await api('POST', '/system/cache/refresh', admin, undefined, { 'x-request-id': requestId });
    const [a, b] = await Promise.all([api('GET', `/system/logs?requestId=${requestId}`, viewer), api('GET', `/maintenance/logs?requestId=${requestId}`, viewer)]);
    expect(b.status).toBe(200);
    expect(b.body).toEqual(a.body);
    expect(a.body.data.map((e: { message: string }) => e.message).sort()).toEqual(['request', 'system command']);
    expect((await api('GET', '/system/logs?level=loud')).status).toBe(422);
  });
});
