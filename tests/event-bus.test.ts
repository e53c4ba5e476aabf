import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Envelope } from '@sentinel/api';
import { startTestSystem, type TestSystem } from './support/system.ts';

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
