import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Envelope } from '@sentinel/api';
import { startTestSystem, type TestSystem } from './support/system.ts';
import { testDatabaseUrl } from './support/config.ts';

let sys: TestSystem;
beforeAll(async () => {
  sys = await startTestSystem();
});
afterAll(() => sys.stop());

function next(filter: (e: Envelope) => boolean): Promise<Envelope> {
  return new Promise((resolve) => {
    const off = sys.system.app.events.subscribe((e) => {
      if (filter(e)) {
        off();
        resolve(e);
      }
    });
  });
}

describe('the event bus (LISTEN/NOTIFY)', () => {
  it('delivers a published event with its channel, camera and audience', async () => {
    const got = next((e) => e.event.type === 'camera-status');
    await sys.system.app.events.publish({ type: 'camera-status', cameraId: 'CAM-9', status: 'online', lastSeen: '2026-01-01T00:00:00.000Z' });
    expect(await got).toEqual({ channel: 'camera-status', cameraId: 'CAM-9', event: { type: 'camera-status', cameraId: 'CAM-9', status: 'online', lastSeen: '2026-01-01T00:00:00.000Z' } });
  });

  it('carries events larger than a NOTIFY payload by reference', async () => {
    const big = 'x'.repeat(20_000);
    const got = next((e) => e.event.type === 'notification');
    await sys.system.app.events.publish({ type: 'notification', notification: { id: 'N-1', message: big } }, { userId: 'USR-1' });
    const e = await got;
    expect(e.userId).toBe('USR-1');
    expect((e.event as unknown as { notification: { message: string } }).notification.message).toHaveLength(20_000);
  });
});

describe.skipIf(!testDatabaseUrl())('when the listening connection is lost (PostgreSQL server)', () => {
  const bus = () => sys.system.app.events;
  const eventBusService = async () => {
    const res = await sys.request('GET', '/api/v1/system/services', { token: await sys.adminToken() });
    expect(res.status).toBe(200);
    return (res.body.data as { id: string; status: string; message: string }[]).find((s) => s.id === 'event-bus')!;
  };

  it('reconnects by itself, says so on the health screen, and delivers events again', async () => {
    const before = bus().state();
    expect(before).toMatchObject({ listening: true, reconnects: 0 });
    expect(before.backendPid).toEqual(expect.any(Number));

    // what a database restart or a proxy's idle timeout does to the connection
    await sys.db.query('SELECT pg_terminate_backend($1)', [before.backendPid]);
    await expect.poll(() => bus().state().listening, { timeout: 5_000 }).toBe(false);
    const down = await eventBusService();
    expect(down.status).toBe('down');
    expect(down.message).toMatch(/listening connection is lost .*terminat.*; reconnecting/);

    await expect.poll(() => bus().state().listening, { timeout: 10_000, interval: 100 }).toBe(true);
    const after = bus().state();
    expect(after.reconnects).toBe(1);
    expect(after.backendPid).not.toBe(before.backendPid);
    const up = await eventBusService();
    expect(up.status).toBe('ok');
    expect(up.message).toMatch(/reconnected 1 time\(s\), last loss: .*terminat/);

    const got = next((e) => e.event.type === 'camera-status' && e.cameraId === 'CAM-AFTER-LOSS');
    await bus().publish({ type: 'camera-status', cameraId: 'CAM-AFTER-LOSS', status: 'offline', lastSeen: null });
    expect((await got).event).toMatchObject({ status: 'offline' });
  });

  it('a restart from the API replaces the connection without counting a loss', async () => {
    const pid = bus().state().backendPid;
    const res = await sys.request('POST', '/api/v1/system/services/event-bus/restart', { token: await sys.adminToken() });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    const state = bus().state();
    expect(state).toMatchObject({ listening: true, reconnects: 1 });
    expect(state.backendPid).not.toBe(pid);
    const got = next((e) => e.cameraId === 'CAM-AFTER-RESTART');
    await bus().publish({ type: 'camera-status', cameraId: 'CAM-AFTER-RESTART', status: 'online', lastSeen: null });
    expect((await got).cameraId).toBe('CAM-AFTER-RESTART');
  });
});
