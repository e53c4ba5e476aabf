import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSocket, openSse } from './support/live.ts';
import { startTestSystem, type TestSystem } from './support/system.ts';

let sys: TestSystem;
let admin: string;
let wsUrl: string;

beforeAll(async () => {
  sys = await startTestSystem({ WS_PING_INTERVAL_MS: '250', SSE_KEEPALIVE_MS: '250' });
  admin = await sys.adminToken();
  wsUrl = sys.baseUrl.replace('http', 'ws');
  for (const id of ['RT-1', 'RT-2']) {
    expect((await sys.request('POST', '/api/v1/cameras', { token: admin, body: { id, name: id, streamType: 'RTSP', streamUrl: 'rtsp://10.0.0.1/s' } })).status).toBe(201);
  }
});
afterAll(() => sys.stop());

const setStatus = (id: string, status: string) => sys.request('PUT', `/api/v1/cameras/${id}`, { token: admin, body: { status } });

describe('WS /ws', () => {
  it('refuses a connection without a valid token (401)', async () => {
    await expect(openSocket(`${wsUrl}/ws`)).rejects.toThrow('HTTP 401');
    await expect(openSocket(`${wsUrl}/ws`, { token: 'not-a-token' })).rejects.toThrow('HTTP 401');
  });

  it('accepts the token in the Authorization header or the query, on /ws, /ws/live and /api/v1/ws', async () => {
    for (const path of ['/ws', '/ws/live', '/api/v1/ws', '/api/v1/ws/live']) {
      const s = await openSocket(`${wsUrl}${path}`, { headers: { authorization: `Bearer ${admin}` } });
      await s.next((m) => m.type === 'welcome');
      s.ws.close();
    }
    const q = await openSocket(`${wsUrl}/ws`, { token: admin });
    expect((await q.next((m) => m.type === 'welcome')).channels).toEqual(expect.arrayContaining(['alerts', 'camera-status', 'notifications']));
    q.ws.close();
  });

  it('delivers camera-status events as the plan shapes them, honouring the cameraId filter', async () => {
    const all = await openSocket(`${wsUrl}/ws`, { token: admin });
    const one = await openSocket(`${wsUrl}/ws/live`, { token: admin });
    all.send({ action: 'subscribe', channel: 'camera-status' });
    one.send({ action: 'subscribe', channel: 'camera-status', cameraId: 'RT-2' });
    await all.next((m) => m.type === 'subscribed');
    expect(await one.next((m) => m.type === 'subscribed')).toEqual({ type: 'subscribed', channel: 'camera-status', cameraId: 'RT-2' });

    await setStatus('RT-1', 'maintenance');
    expect(await all.next((m) => m.type === 'camera-status' && m.cameraId === 'RT-1')).toEqual({ type: 'camera-status', cameraId: 'RT-1', status: 'maintenance', lastSeen: null });
    await setStatus('RT-2', 'maintenance');
    await one.next((m) => m.type === 'camera-status' && m.cameraId === 'RT-2');
    expect(one.messages.some((m) => m.cameraId === 'RT-1')).toBe(false);

    one.send({ action: 'unsubscribe', channel: 'camera-status', cameraId: 'RT-2' });
    await one.next((m) => m.type === 'unsubscribed');
    await setStatus('RT-2', 'offline');
    await all.next((m) => m.type === 'camera-status' && m.cameraId === 'RT-2' && m.status === 'offline');
    expect(one.messages.filter((m) => m.type === 'camera-status')).toHaveLength(1);
    all.ws.close();
    one.ws.close();
  });

  it('answers bad messages with an error and keeps the connection', async () => {
    const s = await openSocket(`${wsUrl}/ws`, { token: admin });
    s.ws.send('not json');
    expect((await s.next((m) => m.type === 'error')).code).toBe('BAD_REQUEST');
    s.send({ action: 'subscribe', channel: 'weather' });
    expect(await s.next((m) => m.type === 'error' && m.code === 'VALIDATION_ERROR')).toMatchObject({ details: { channel: expect.any(String) } });
    s.send({ action: 'dance', channel: 'alerts' });
    await s.next((m) => m.type === 'error' && (m.details as Record<string, unknown> | undefined)?.action !== undefined);
    s.send({ action: 'subscribe', channel: 'alerts' });
    await s.next((m) => m.type === 'subscribed');
    s.ws.close();
  });

  it('refuses channels the role may not read', async () => {
    await sys.request('POST', '/api/v1/roles', { token: admin, body: { id: 'ROLE-CAMS-ONLY', name: 'Cameras only', permissions: ['cameras:read'] } });
    const user = await sys.createUser('ROLE-CAMS-ONLY');
    const s = await openSocket(`${wsUrl}/ws`, { token: user.token });
    s.send({ action: 'subscribe', channel: 'alerts' });
    expect(await s.next((m) => m.type === 'error')).toMatchObject({ code: 'AUTH_FORBIDDEN', channel: 'alerts' });
    s.send({ action: 'subscribe', channel: 'camera-status' });
    await s.next((m) => m.type === 'subscribed');
    s.ws.close();
  });

  it('delivers a notification only to its own user', async () => {
    const a = await sys.createUser('ROLE-OPERATOR');
    const b = await sys.createUser('ROLE-OPERATOR');
    const sa = await openSocket(`${wsUrl}/ws`, { token: a.token });
    const sb = await openSocket(`${wsUrl}/ws`, { token: b.token });
    sa.send({ action: 'subscribe', channel: 'notifications' });
    sb.send({ action: 'subscribe', channel: 'notifications' });
    await sa.next((m) => m.type === 'subscribed');
    await sb.next((m) => m.type === 'subscribed');
    await sys.system.app.events.publish({ type: 'notification', notification: { id: 'NTF-A', title: 'for a' } }, { userId: a.id });
    await sys.system.app.events.publish({ type: 'notification', notification: { id: 'NTF-B', title: 'for b' } }, { userId: b.id });
    expect(await sa.next((m) => m.type === 'notification')).toEqual({ type: 'notification', notification: { id: 'NTF-A', title: 'for a' } });
    await sb.next((m) => m.type === 'notification');
    expect(sa.messages.filter((m) => m.type === 'notification')).toHaveLength(1);
    expect(sb.messages.filter((m) => m.type === 'notification').map((m) => (m.notification as { id: string }).id)).toEqual(['NTF-B']);
    sa.ws.close();
    sb.ws.close();
  });

  it('pings every interval and closes a client after two missed pongs; a JSON pong keeps it open', async () => {
    const silent = await openSocket(`${wsUrl}/ws`, { token: admin, autoPong: false });
    const polite = await openSocket(`${wsUrl}/ws`, { token: admin, autoPong: false });
    polite.ws.on('message', (raw) => {
      if ((JSON.parse((raw as Buffer).toString()) as { type?: string }).type === 'ping') polite.send({ type: 'pong' });
    });
    const started = Date.now();
    await silent.closed;
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(500);
    expect(silent.messages.filter((m) => m.type === 'ping').length).toBeGreaterThanOrEqual(2);
    await new Promise((r) => setTimeout(r, 1000));
    expect(polite.ws.readyState).toBe(polite.ws.OPEN);
    polite.ws.close();
  });

  it('disconnects a user who is deleted', async () => {
    const u = await sys.createUser('ROLE-VIEWER');
    const s = await openSocket(`${wsUrl}/ws`, { token: u.token });
    await s.next((m) => m.type === 'welcome');
    expect((await sys.request('DELETE', `/api/v1/users/${u.id}`, { token: admin })).status).toBe(204);
    expect((await s.closed).code).toBe(4401);
  });
});

describe('SSE /sse/events', () => {
  it('streams the same events, filtered by channel and camera', async () => {
    const all = await openSse(`${sys.baseUrl}/sse/events?token=${admin}`);
    const cam = await openSse(`${sys.baseUrl}/stream/events?token=${admin}&channels=camera-status&cameraId=RT-1`);
    expect(all.status).toBe(200);
    await new Promise((r) => setTimeout(r, 100));
    await setStatus('RT-2', 'maintenance');
    await setStatus('RT-1', 'online');
    expect((await all.reader!.next((e) => e.data.cameraId === 'RT-2')).data).toEqual({ type: 'camera-status', cameraId: 'RT-2', status: 'maintenance', lastSeen: null });
    const got = await cam.reader!.next((e) => e.event === 'camera-status');
    expect(got.data.cameraId).toBe('RT-1');
    await all.reader!.next((e) => e.data.cameraId === 'RT-1');
    expect(cam.reader!.events.some((e) => e.data.cameraId === 'RT-2')).toBe(false);
    all.reader!.close();
    cam.reader!.close();
  });

  it('refuses a missing token (401), an unknown channel (422) and a forbidden one (403)', async () => {
    expect((await openSse(`${sys.baseUrl}/sse/events`)).status).toBe(401);
    const bad = await openSse(`${sys.baseUrl}/sse/events?token=${admin}&channels=weather`);
    expect(bad.status).toBe(422);
    expect(bad.body).toMatchObject({ success: false, error: { code: 'VALIDATION_ERROR' } });
    const user = await sys.createUser('ROLE-CAMS-ONLY');
    expect((await openSse(`${sys.baseUrl}/api/v1/sse/events?token=${user.token}&channels=alerts`)).status).toBe(403);
  });
});

describe('tRPC subscription', () => {
  it('streams live events to the typed client over SSE with the token in connection params', async () => {
    const input = encodeURIComponent(JSON.stringify({ json: { channels: ['camera-status'] } }));
    const params = encodeURIComponent(JSON.stringify({ token: admin }));
    const sub = await openSse(`${sys.baseUrl}/api/trpc/realtime.events?input=${input}&connectionParams=${params}`);
    expect(sub.status).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    await setStatus('RT-1', 'offline');
    const deadline = Date.now() + 5000;
    let text = '';
    while (Date.now() < deadline && !text.includes('RT-1')) {
      await new Promise((r) => setTimeout(r, 50));
      text = JSON.stringify(sub.reader!.events);
    }
    sub.reader!.close();
    expect(text).toContain('"cameraId":"RT-1"');
  });
});
