import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, type TestSystem } from './support/system.ts';

let sys: TestSystem;
let admin: string;
let started: string;

beforeAll(async () => {
  sys = await startTestSystem();
  started = new Date(Date.now() - 1000).toISOString();
  admin = await sys.adminToken();
  const cam = await sys.request('POST', '/api/v1/cameras', { token: admin, body: { id: 'AUD-CAM', name: 'Audited', streamType: 'RTSP', streamUrl: 'rtsp://u:topsecret@10.9.9.9/s' } });
  expect(cam.status).toBe(201);
  await sys.request('PUT', '/api/v1/cameras/AUD-CAM', { token: admin, body: { name: 'Audited 2' } });
  await sys.request('DELETE', '/api/v1/cameras/AUD-CAM', { token: admin });
  await sys.request('POST', '/api/v1/auth/login', { body: { username: 'admin', password: 'not-the-password' } });
});
afterAll(() => sys.stop());

describe('the audit trail', () => {
  it('records create, update and delete with actor, before/after, IP and request id, secrets redacted', async () => {
    const r = await sys.request('GET', '/api/v1/audit?resourceId=AUD-CAM&sortDir=asc', { token: admin });
    expect(r.body.data.map((e: { action: string }) => e.action)).toEqual(['camera.create', 'camera.update', 'camera.delete']);
    const [create, update] = r.body.data;
    expect(create).toMatchObject({ actor: 'Administrator', resourceType: 'camera', ip: '127.0.0.1', severity: 'info' });
    expect(create.requestId).toBeTruthy();
    expect(update.before.name).toBe('Audited');
    expect(update.after.name).toBe('Audited 2');
    expect(JSON.stringify(r.body.data)).not.toContain('topsecret');
  });

  it('filters by actor, action prefix, severity and time range, newest first', async () => {
    const byPrefix = await sys.request('GET', '/api/v1/audit?action=camera.*', { token: admin });
    expect(byPrefix.body.data.length).toBe(3);
    expect(byPrefix.body.data.every((e: { action: string }) => e.action.startsWith('camera.'))).toBe(true);
    const times = byPrefix.body.data.map((e: { timestamp: string }) => e.timestamp);
    expect([...times].sort().reverse()).toEqual(times);

    const warnings = await sys.request('GET', '/api/v1/audit?severity=warning', { token: admin });
    expect(warnings.body.data.map((e: { action: string }) => e.action)).toContain('auth.login_failed');
    expect(warnings.body.data.every((e: { severity: string }) => e.severity === 'warning')).toBe(true);

    const byActor = await sys.request('GET', '/api/v1/audit?actor=administrator&action=auth.login', { token: admin });
    expect(byActor.body.meta.total).toBeGreaterThanOrEqual(1);

    const future = await sys.request('GET', `/api/v1/audit?from=${encodeURIComponent(new Date(Date.now() + 3600_000).toISOString())}`, { token: admin });
    expect(future.body.meta.total).toBe(0);
    const window = await sys.request('GET', `/api/v1/audit?from=${encodeURIComponent(started)}&to=${encodeURIComponent(new Date().toISOString())}&pageSize=2`, { token: admin });
    expect(window.body.data).toHaveLength(2);
    expect(window.body.meta.total).toBeGreaterThanOrEqual(5);
  });

  it('GET /audit/{id} returns one entry, 404 for an unknown id', async () => {
    const list = await sys.request('GET', '/api/v1/audit?pageSize=1', { token: admin });
    const id = list.body.data[0].id;
    const one = await sys.request('GET', `/api/v1/audit/${id}`, { token: admin });
    expect(one.status).toBe(200);
    expect(one.body.data).toEqual(list.body.data[0]);
    expect((await sys.request('GET', '/api/v1/audit/AUD-99999999', { token: admin })).status).toBe(404);
  });

  it('rejects a malformed date filter with 422 and hides the trail from a Viewer', async () => {
    const bad = await sys.request('GET', '/api/v1/audit?from=yesterday', { token: admin });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details).toHaveProperty('from');
    const viewer = await sys.createUser('ROLE-VIEWER');
    expect((await sys.request('GET', '/api/v1/audit', { token: viewer.token })).status).toBe(403);
  });
});
