/** /api/v1/alerts and raiseAlert as clients and other domains see them: folding, muting, acknowledge, clear, filters, events, permissions. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '@sentinel/db';
import type { Envelope } from '@sentinel/api';
import { raiseAlert, resolveAlerts, type RaiseAlertInput } from '../packages/api/src/alerts/service.ts';
import { startTestSystem, type TestSystem } from './support/system.ts';

const FOLD_WINDOW_SECONDS = 120;

let sys: TestSystem;
let admin: string;
let adminId: string;
let viewer: string;
let operator: string;
const events: Envelope[] = [];

beforeAll(async () => {
  sys = await startTestSystem({ ALERT_FOLD_WINDOW_SECONDS: String(FOLD_WINDOW_SECONDS) });
  admin = await sys.adminToken();
  adminId = (await sys.request('GET', '/api/v1/auth/me', { token: admin })).body.data.user.id;
  viewer = (await sys.createUser('ROLE-VIEWER')).token;
  operator = (await sys.createUser('ROLE-OPERATOR')).token;
  sys.system.app.events.subscribe((e) => events.push(e));
});
afterAll(() => sys.stop());

const api = (method: string, path: string, body?: unknown, token = admin) =>
  sys.request(method, `/api/v1${path}`, { token, ...(body !== undefined ? { body } : {}) });

let seq = 0;
/** A fresh alert of its own fingerprint (a unique title), raised the way other domains raise them. */
function input(fields: Partial<RaiseAlertInput> = {}): RaiseAlertInput {
  seq += 1;
  return { level: 'warning', type: 'unknown-face', title: `Unknown face #${seq}`, message: 'seen at the gate', ...fields };
}

const raise = (i: RaiseAlertInput) => raiseAlert(sys.system.app, i);

async function rowsTitled(title: string) {
  return sys.db.db.selectFrom('alerts').selectAll().where('title', '=', title).orderBy('created_at').execute();
}

async function createCamera(id: string) {
  const r = await api('POST', '/cameras', { id, name: id, streamType: 'RTSP', streamUrl: 'rtsp://10.0.0.9/live' });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
}

/** Waits until an alert event matching `pred` has arrived. */
async function alertEvent(pred: (alert: Record<string, unknown>) => boolean, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const hit = events.find((e) => e.event.type === 'alert' && pred(e.event.alert));
    if (hit) return hit;
    if (Date.now() > deadline) throw new Error('no matching alert event');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('folding identical alerts', () => {
  it('folds the same alert raised twice within the window into one row with count 2', async () => {
    const i = input({ cameraId: null, employeeId: 'EMP-1' });
    const first = await raise(i);
    const second = await raise({ ...i, message: 'seen again' });
    expect(first.folded).toBe(false);
    expect(second.folded).toBe(true);
    expect(second.alert.id).toBe(first.alert.id);
    expect(second.alert).toMatchObject({ count: 2, message: 'seen again', employeeId: 'EMP-1', acknowledged: false });
    expect(new Date(second.alert.lastSeenAt).getTime()).toBeGreaterThanOrEqual(new Date(first.alert.lastSeenAt).getTime());
    const rows = await rowsTitled(i.title);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.count).toBe(2);
  });

  it('does not fold alerts that differ in level, camera or person', async () => {
    await createCamera('CAM-FOLD');
    const i = input();
    await raise(i);
    await raise({ ...i, level: 'critical' });
    await raise({ ...i, cameraId: 'CAM-FOLD' });
    await raise({ ...i, employeeId: 'EMP-2' });
    expect(await rowsTitled(i.title)).toHaveLength(4);
  });

  it('starts a new alert once the fold window has passed', async () => {
    const i = input();
    const first = await raise(i);
    await sys.db.db
      .updateTable('alerts')
      .set({ last_seen_at: sql<Date>`now() - make_interval(secs => ${FOLD_WINDOW_SECONDS + 5})` })
      .where('id', '=', first.alert.id)
      .execute();
    const second = await raise(i);
    expect(second.folded).toBe(false);
    expect(second.alert.id).not.toBe(first.alert.id);
    expect((await rowsTitled(i.title)).map((r) => r.count)).toEqual([1, 1]);
  });

  it('starts a new alert after the previous one was acknowledged', async () => {
    const i = input();
    const first = await raise(i);
    expect((await api('POST', `/alerts/${first.alert.id}/acknowledge`)).status).toBe(200);
    const second = await raise(i);
    expect(second.folded).toBe(false);
    expect(second.alert.id).not.toBe(first.alert.id);
  });

  it('publishes the new alert and every fold as {type:"alert", alert}', async () => {
    const i = input();
    const first = await raise(i);
    await alertEvent((a) => a.id === first.alert.id && a.count === 1);
    await raise(i);
    const folded = await alertEvent((a) => a.id === first.alert.id && a.count === 2);
    expect(folded.channel).toBe('alerts');
    expect(folded.event).toMatchObject({ type: 'alert', alert: { id: first.alert.id, title: i.title, level: 'warning' } });
  });
});

describe('muting', () => {
  it('mutes for 60 minutes by default, or for durationMinutes', async () => {
    const { alert } = await raise(input());
    const byDefault = await api('POST', `/alerts/${alert.id}/mute`);
    expect(byDefault.status).toBe(200);
    expect(Math.abs(new Date(byDefault.body.data.mutedUntil).getTime() - (Date.now() + 60 * 60_000))).toBeLessThan(30_000);
    const five = await api('POST', `/alerts/${alert.id}/mute`, { durationMinutes: 5 });
    expect(five.status).toBe(200);
    expect(Math.abs(new Date(five.body.data.mutedUntil).getTime() - (Date.now() + 5 * 60_000))).toBeLessThan(30_000);
  });

  it('records repeats of a muted alert without publishing them, and new rows inherit the mute', async () => {
    const i = input();
    const { alert } = await raise(i);
    await api('POST', `/alerts/${alert.id}/mute`, { durationMinutes: 30 });
    const repeat = await raise(i);
    expect(repeat).toMatchObject({ folded: true, muted: true });
    expect(repeat.alert.count).toBe(2);
    // acknowledged, the next occurrence is a new row, still muted
    await api('POST', `/alerts/${alert.id}/acknowledge`);
    const fresh = await raise(i);
    expect(fresh).toMatchObject({ folded: false, muted: true });
    expect(fresh.alert.mutedUntil).toBe(repeat.alert.mutedUntil);
    // events travel in order: once a later, unmuted alert's event is here, the muted ones would have been too
    const marker = await raise(input());
    await alertEvent((a) => a.id === marker.alert.id);
    expect(events.some((e) => e.event.type === 'alert' && e.event.alert.id === fresh.alert.id)).toBe(false);
    expect(events.some((e) => e.event.type === 'alert' && e.event.alert.id === alert.id && e.event.alert.count === 2 && !e.event.alert.acknowledged)).toBe(false);
  });

  it('refuses a negative, zero, fractional, huge or non-numeric duration with 422', async () => {
    const { alert } = await raise(input());
    for (const durationMinutes of [-5, 0, 1.5, 10_000_000, '60']) {
      const r = await api('POST', `/alerts/${alert.id}/mute`, { durationMinutes });
      expect(r.status, String(durationMinutes)).toBe(422);
      expect(r.body.error.code).toBe('VALIDATION_ERROR');
      expect(r.body.error.details).toHaveProperty('durationMinutes');
    }
  });
});

describe('acknowledge and clear', () => {
  it('acknowledges an alert, records who did it, audits it, and stays idempotent', async () => {
    const { alert } = await raise(input());
    const r = await api('POST', `/alerts/${alert.id}/acknowledge`);
    expect(r.status).toBe(200);
    expect(r.body.data).toMatchObject({ id: alert.id, acknowledged: true, acknowledgedBy: adminId });
    expect(r.body.data.acknowledgedAt).toMatch(/Z$/);
    const again = await api('POST', `/alerts/${alert.id}/acknowledge`);
    expect(again.status).toBe(200);
    expect(again.body.data.acknowledgedAt).toBe(r.body.data.acknowledgedAt);
    const audits = await sys.db.db.selectFrom('audit_logs').selectAll().where('resource_id', '=', alert.id).orderBy('at').execute();
    expect(audits.map((a) => a.action)).toEqual(['alert.raise', 'alert.acknowledge']);
    expect(audits[1]!.actor_id).toBe(adminId);
    await alertEvent((a) => a.id === alert.id && a.acknowledged === true);
  });

  it('clears an alert with 204: it disappears from the list and from GET, and a second clear is 404', async () => {
    const { alert } = await raise(input({ type: 'clear-me' }));
    const del = await api('DELETE', `/alerts/${alert.id}`);
    expect(del.status).toBe(204);
    expect(del.body).toBe('');
    const list = await api('GET', '/alerts?type=clear-me');
    expect(list.body.data).toEqual([]);
    expect((await api('GET', `/alerts/${alert.id}`)).status).toBe(404);
    expect((await api('DELETE', `/alerts/${alert.id}`)).status).toBe(404);
    expect((await api('POST', `/alerts/${alert.id}/acknowledge`)).status).toBe(404);
    const cleared = await alertEvent((a) => a.id === alert.id && a.clearedAt !== null);
    expect(cleared.event.type).toBe('alert');
    const [row] = await sys.db.db.selectFrom('alerts').select('cleared_at').where('id', '=', alert.id).execute();
    expect(row!.cleared_at).toBeInstanceOf(Date);
  });

  it('answers 404 (never 500) for unknown ids', async () => {
    for (const [method, path] of [['GET', '/alerts/ALR-NOPE'], ['POST', '/alerts/ALR-NOPE/acknowledge'], ['POST', '/alerts/ALR-NOPE/mute'], ['DELETE', '/alerts/ALR-NOPE']] as const) {
      const r = await api(method, path);
      expect(r.status, `${method} ${path}`).toBe(404);
      expect(r.body.error.code).toBe('NOT_FOUND');
    }
  });
});

describe('generate-test', () => {
  it('raises a test alert with 201 and publishes it', async () => {
    const r = await api('POST', '/alerts/generate-test', { level: 'critical', title: 'Sandbox check' });
    expect(r.status).toBe(201);
    expect(r.body.data).toMatchObject({ type: 'test', level: 'critical', title: 'Sandbox check', count: 1, acknowledged: false, cameraId: null });
    await alertEvent((a) => a.id === r.body.data.id);
  });

  it('works without a body (info level) and folds like any other alert', async () => {
    const first = await sys.request('POST', '/api/v1/alerts/generate-test', { token: operator });
    expect(first.status).toBe(201);
    expect(first.body.data).toMatchObject({ type: 'test', level: 'info' });
    const second = await api('POST', '/alerts/generate-test', {}, operator);
    expect(second.body.data).toMatchObject({ id: first.body.data.id, count: 2 });
  });

  it('refuses a bad level or an unknown camera with 422', async () => {
    const bad = await api('POST', '/alerts/generate-test', { level: 'catastrophic' });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details).toHaveProperty('level');
    const camera = await api('POST', '/alerts/generate-test', { cameraId: 'CAM-NOPE' });
    expect(camera.status).toBe(422);
    expect(camera.body.error.details).toHaveProperty('cameraId');
  });
});

describe('GET /alerts', () => {
  it('filters by level, acknowledged, cameraId, type, employeeId and time, with pagination', async () => {
    await createCamera('CAM-LIST');
    const type = 'list-test';
    const a = await raise(input({ type, level: 'critical', cameraId: 'CAM-LIST' }));
    const b = await raise(input({ type, level: 'info', employeeId: 'EMP-LIST' }));
    const c = await raise(input({ type, level: 'info' }));
    await api('POST', `/alerts/${c.alert.id}/acknowledge`);
    const ids = async (query: string) => {
      const r = await api('GET', `/alerts?type=${type}&${query}`);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return (r.body.data as { id: string }[]).map((x) => x.id).sort();
    };
    expect(await ids('')).toEqual([a, b, c].map((x) => x.alert.id).sort());
    expect(await ids('level=critical')).toEqual([a.alert.id]);
    expect(await ids('acknowledged=true')).toEqual([c.alert.id]);
    expect(await ids('acknowledged=false')).toEqual([a, b].map((x) => x.alert.id).sort());
    expect(await ids('cameraId=CAM-LIST')).toEqual([a.alert.id]);
    expect(await ids('employeeId=EMP-LIST')).toEqual([b.alert.id]);
    const future = new Date(Date.now() + 3600_000).toISOString();
    const past = new Date(Date.now() - 3600_000).toISOString();
    expect(await ids(`from=${encodeURIComponent(future)}`)).toEqual([]);
    expect(await ids(`to=${encodeURIComponent(past)}`)).toEqual([]);
    expect(await ids(`from=${encodeURIComponent(past)}&to=${encodeURIComponent(future)}`)).toHaveLength(3);

    const page = await api('GET', `/alerts?type=${type}&page=2&pageSize=2&sortBy=createdAt&sortDir=asc`);
    expect(page.body.meta).toEqual({ page: 2, pageSize: 2, total: 3, totalPages: 2 });
    expect(page.body.data.map((x: { id: string }) => x.id)).toEqual([c.alert.id]);
    const byLevel = await api('GET', `/alerts?type=${type}&sortBy=level`);
    expect(byLevel.body.data[0].id).toBe(a.alert.id);
  });

  it('refuses bad filters with 422', async () => {
    for (const query of ['level=bogus', 'acknowledged=maybe', 'pageSize=1000', 'page=0', 'from=yesterday', 'sortBy=nope']) {
      const r = await api('GET', `/alerts?${query}`);
      expect(r.status, query).toBe(422);
      expect(r.body.error.code).toBe('VALIDATION_ERROR');
    }
  });
});

describe('permissions', () => {
  it('lets a Viewer read alerts but not acknowledge, mute, clear or generate them', async () => {
    const { alert } = await raise(input());
    expect((await api('GET', '/alerts', undefined, viewer)).status).toBe(200);
    expect((await api('GET', `/alerts/${alert.id}`, undefined, viewer)).status).toBe(200);
    for (const [method, path] of [['POST', `/alerts/${alert.id}/acknowledge`], ['POST', `/alerts/${alert.id}/mute`], ['DELETE', `/alerts/${alert.id}`], ['POST', '/alerts/generate-test']] as const) {
      const r = await api(method, path, undefined, viewer);
      expect(r.status, `${method} ${path}`).toBe(403);
      expect(r.body.error.code).toBe('AUTH_FORBIDDEN');
    }
    expect((await api('GET', `/alerts/${alert.id}`)).body.data.acknowledged).toBe(false);
  });

  it('lets an Operator acknowledge, and answers 401 without a token', async () => {
    const { alert } = await raise(input());
    expect((await api('POST', `/alerts/${alert.id}/acknowledge`, undefined, operator)).status).toBe(200);
    expect((await sys.request('GET', '/api/v1/alerts')).status).toBe(401);
  });
});

describe('resolveAlerts (for other domains)', () => {
  it('resolves the open alerts of a camera, and a later occurrence opens a new alert', async () => {
    await createCamera('CAM-RES');
    const i = input({ type: 'camera-offline', level: 'critical', cameraId: 'CAM-RES' });
    const open = await raise(i);
    const other = await raise(input({ type: 'camera-offline', level: 'critical' }));
    const resolved = await resolveAlerts(sys.system.app, { type: 'camera-offline', cameraId: 'CAM-RES' });
    expect(resolved.map((a) => a.id)).toEqual([open.alert.id]);
    expect(resolved[0]!.resolvedAt).toMatch(/Z$/);
    expect((await api('GET', `/alerts/${other.alert.id}`)).body.data.resolvedAt).toBeNull();
    await alertEvent((a) => a.id === open.alert.id && a.resolvedAt !== null);
    const again = await raise(i);
    expect(again.folded).toBe(false);
    expect(await resolveAlerts(sys.system.app, { type: 'camera-offline', cameraId: 'CAM-NONE' })).toEqual([]);
  });
});
