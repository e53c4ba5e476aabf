/**
 * Every stream type against a real source made in the test: RTSP (TCP, UDP, auto, Basic credentials),
 * HTTP (MJPEG and HLS), Socket (MPEG-TS over TCP and UDP). Each is tested, snapshotted (a JPEG of the
 * source's size) and, for one of each kind of codec, streamed as HLS. Then the watchdog's cycle: a source
 * that stops makes the camera go offline with a camera-offline alert and a camera-status event; started
 * again, the camera comes back online, the alert resolves, and the uptime comes from that history.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import {
  ffprobeJson, freeUdpPort, hasFfmpeg, startHlsHttpSource, startMjpegHttpSource, startRtspSource, startTcpTsSource, startUdpTsSender,
  stopAllMediaSources, type MediaSource, type RtspSource,
} from './support/media-sources.ts';
import { openSocket } from './support/live.ts';
import { startTestSystem, type TestSystem } from './support/system.ts';

const SIZE = { width: 320, height: 240, fps: 10 };
const RESOLUTION = `${SIZE.width}x${SIZE.height}`;

let sys: TestSystem;
let admin: string;
let dir: string;

const api = (method: string, url: string, body?: unknown) => sys.request(method, `/api/v1${url}`, { token: admin, ...(body !== undefined ? { body } : {}) });

async function addCamera(body: Record<string, unknown>): Promise<string> {
  const res = await api('POST', '/cameras', { name: `Camera ${String(body.streamType)}`, ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.data.id as string;
}

async function expectWorking(cameraId: string, codec: string) {
  const test = await api('POST', `/cameras/${cameraId}/test-connection`);
  expect(test.status).toBe(200);
  expect(test.body.data, JSON.stringify(test.body.data)).toMatchObject({ success: true, resolution: RESOLUTION, codec });
  expect(test.body.data.fps).toBeGreaterThan(5);
  expect(test.body.data.bitrate).toBeGreaterThan(0);
  const snap = await api('POST', `/cameras/${cameraId}/snapshot`);
  expect(snap.status, JSON.stringify(snap.body)).toBe(201);
  const jpeg = Buffer.from(await (await fetch(new URL(snap.body.data.url, sys.baseUrl))).arrayBuffer());
  expect(await sharp(jpeg).metadata()).toMatchObject({ format: 'jpeg', width: SIZE.width, height: SIZE.height });
  return test.body.data;
}

async function expectHls(cameraId: string) {
  const list = await fetch(`${sys.baseUrl}/media/hls/${cameraId}/index.m3u8?token=${admin}`);
  const text = await list.text();
  expect(list.status, text).toBe(200);
  const segment = text.split('\n').find((l) => l.startsWith('seg_'))!;
  const bytes = Buffer.from(await (await fetch(`${sys.baseUrl}/media/hls/${cameraId}/${segment}`)).arrayBuffer());
  const file = path.join(dir, `${cameraId}.ts`);
  await writeFile(file, bytes);
  expect((await ffprobeJson(['-show_streams', file])).streams?.[0]).toMatchObject({ codec_name: 'h264', width: SIZE.width, height: SIZE.height });
}

describe.skipIf(!hasFfmpeg)('every stream type with a real source', () => {
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sentinel-sources-'));
    sys = await startTestSystem({ DATA_DIR: path.join(dir, 'data'), MEDIA_HLS_SEGMENT_SECONDS: '1', MEDIA_IDLE_SECONDS: '5' });
    admin = await sys.adminToken();
  });
  afterAll(async () => {
    await sys?.stop();
    await stopAllMediaSources();
    await rm(dir, { recursive: true, force: true });
  });

  describe('RTSP', () => {
    let rtsp: RtspSource;
    let secured: RtspSource;
    beforeAll(async () => {
      [rtsp, secured] = await Promise.all([startRtspSource(SIZE), startRtspSource({ ...SIZE, username: 'viewer', password: 's3cret:pass' })]);
    });

    it('over TCP, over UDP and auto', async () => {
      for (const rtspTransport of ['tcp', 'udp', 'auto']) {
        const id = await addCamera({ streamType: 'RTSP', streamUrl: rtsp.url, rtspTransport });
        expect((await api('GET', `/cameras/${id}`)).body.data.rtspTransport).toBe(rtspTransport);
        await expectWorking(id, 'h264');
      }
    });

    it('names a 401 when the credentials are missing or wrong, works with them, and never shows them', async () => {
      const bare = await addCamera({ streamType: 'RTSP', streamUrl: secured.url });
      const refused = await api('POST', `/cameras/${bare}/test-connection`);
      expect(refused.body.data.success).toBe(false);
      expect(refused.body.data.message).toContain('401');

      const wrong = await addCamera({ streamType: 'RTSP', streamUrl: secured.url.replace('rtsp://', 'rtsp://viewer:nope@') });
      expect((await api('POST', `/cameras/${wrong}/test-connection`)).body.data.message).toContain('401');

      const good = await addCamera({ streamType: 'RTSP', streamUrl: secured.urlWithCredentials });
      const camera = (await api('GET', `/cameras/${good}`)).body.data;
      expect(camera.hasCredentials).toBe(true);
      expect(camera.streamUrl).not.toContain('s3cret');
      const result = await expectWorking(good, 'h264');
      expect(JSON.stringify(result)).not.toContain('s3cret');
    });

    it('H.264 from RTSP is passed through to HLS', async () => {
      await expectHls(await addCamera({ streamType: 'RTSP', streamUrl: rtsp.url }));
    });
  });

  describe('HTTP', () => {
    let mjpeg: MediaSource;
    let hls: MediaSource;
    beforeAll(async () => {
      [mjpeg, hls] = await Promise.all([startMjpegHttpSource(SIZE), startHlsHttpSource(SIZE)]);
    });

    it('an MJPEG stream: tested, snapshotted, and transcoded to H.264 for HLS', async () => {
      const id = await addCamera({ streamType: 'HTTP', streamUrl: mjpeg.url });
      await expectWorking(id, 'mjpeg');
      await expectHls(id);
    });

    it('an HLS source', async () => {
      await expectWorking(await addCamera({ streamType: 'HTTP', streamUrl: hls.url }), 'h264');
    });

    it('a 404 from the camera is named', async () => {
      const id = await addCamera({ streamType: 'HTTP', streamUrl: mjpeg.url.replace('video.mjpg', 'nothing-here.mjpg') });
      const res = await api('POST', `/cameras/${id}/test-connection`);
      expect(res.body.data).toMatchObject({ success: false });
      expect(res.body.data.message).toContain('404');
    });
  });

  describe('Socket (MPEG-TS)', () => {
    it('over TCP', async () => {
      const tcp = await startTcpTsSource(SIZE);
      await expectWorking(await addCamera({ streamType: 'Socket', streamUrl: tcp.url }), 'h264');
    });

    it('over UDP, where snapshot, live view and probe share one receiving socket', async () => {
      const port = await freeUdpPort();
      await startUdpTsSender(port, SIZE);
      const id = await addCamera({ streamType: 'Socket', streamUrl: `udp://127.0.0.1:${port}` });
      // the live view holds the port while the test probes it again
      const live = await fetch(`${sys.baseUrl}/media/snapshot/${id}.jpg?token=${admin}`);
      expect(live.status).toBe(200);
      await expectWorking(id, 'h264');
    });
  });
});

describe.skipIf(!hasFfmpeg)('the watchdog', () => {
  let watched: TestSystem;
  let token: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sentinel-watchdog-'));
    watched = await startTestSystem({ DATA_DIR: path.join(dir, 'data'), CAMERA_WATCHDOG_INTERVAL_SECONDS: '1', CAMERA_OFFLINE_AFTER_FAILURES: '2', MEDIA_PROBE_TIMEOUT_MS: '3000' });
    token = await watched.adminToken();
  });
  afterAll(async () => {
    await watched?.stop();
    await stopAllMediaSources();
    await rm(dir, { recursive: true, force: true });
  });

  const call = (method: string, url: string, body?: unknown) => watched.request(method, `/api/v1${url}`, { token, ...(body !== undefined ? { body } : {}) });

  async function waitForStatus(id: string, status: string, timeoutMs = 40_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const camera = (await call('GET', `/cameras/${id}`)).body.data;
      if (camera.status === status) return camera;
      if (Date.now() > deadline) throw new Error(`camera ${id} still ${camera.status}, wanted ${status}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  it('a stopped source goes offline with an alert; restarted, it comes back online and the alert resolves', async () => {
    const source = await startRtspSource(SIZE);
    const id = (await call('POST', '/cameras', { name: 'Gate', streamType: 'RTSP', streamUrl: source.url })).body.data.id as string;
    const socket = await openSocket(`${watched.baseUrl.replace('http', 'ws')}/ws`, { token });
    socket.send({ action: 'subscribe', channel: 'camera-status', cameraId: id });
    socket.send({ action: 'subscribe', channel: 'alerts' });

    const online = await waitForStatus(id, 'online');
    expect(online.resolution).toBe(RESOLUTION);
    await socket.next((m) => m.type === 'camera-status' && m.cameraId === id && m.status === 'online', 10_000);

    await source.stop();
    const offline = await waitForStatus(id, 'offline');
    expect(offline.lastSeen).not.toBeNull();
    await socket.next((m) => m.type === 'camera-status' && m.cameraId === id && m.status === 'offline', 10_000);
    const alerts = (await call('GET', `/alerts?type=camera-offline&cameraId=${id}`)).body.data;
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ type: 'camera-offline', level: 'critical', cameraId: id, resolvedAt: null });
    expect(alerts[0].message).toContain('connection refused');

    await source.start();
    await waitForStatus(id, 'online');
    await socket.next((m) => m.type === 'camera-status' && m.cameraId === id && m.status === 'online' && socket.messages.indexOf(m) > socket.messages.findIndex((x) => x.status === 'offline'), 10_000);
    const after = (await call('GET', `/alerts/${alerts[0].id}`)).body.data;
    expect(after.resolvedAt).not.toBeNull();

    const history = await watched.db.db.selectFrom('camera_status_history').select(['status', 'reason']).where('camera_id', '=', id).orderBy('id').execute();
    expect(history.map((h) => h.status)).toEqual(['offline', 'online', 'offline', 'online']);
    expect(history[2]!.reason).toMatch(/^watchdog: /);
    const summary = (await call('GET', `/cameras/${id}/summary`)).body.data;
    expect(summary.uptimePercent).toBeGreaterThan(0);
    expect(summary.uptimePercent).toBeLessThan(100);
    socket.ws.close();
  }, 120_000);
});
