/**
 * Camera media over real HTTP with a Local File camera (a clip ffmpeg makes in the test): connection test
 * and telemetry, stored snapshots and thumbnails, the shared live JPEG (one ffmpeg for many viewers), HLS
 * (pass-through and transcoded), live frames over WebSocket and as MJPEG, signed stream links, permissions
 * and bad input, idle sessions stopping, and no ffmpeg left once the server has stopped.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import WebSocket from 'ws';
import { hasFfmpeg, makeTestClip, ffprobeJson } from './support/media-sources.ts';
import { startTestSystem, type TestSystem } from './support/system.ts';

let sys: TestSystem;
let admin: string;
let dir: string;
let clip: string;
let mpeg4Clip: string;

const api = (method: string, url: string, body?: unknown, token = admin) => sys.request(method, `/api/v1${url}`, { token, ...(body !== undefined ? { body } : {}) });

async function fetchBytes(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(new URL(url, sys.baseUrl), { headers });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

async function fileCamera(file: string, extra: Record<string, unknown> = {}) {
  const res = await api('POST', '/cameras', { name: `File ${path.basename(file)}`, streamType: 'Local File', devicePath: file, ...extra });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.data as { id: string };
}

const framesOf = (cameraId: string) => sys.system.app.media.pool.list().filter((p) => p.cameraId === cameraId && p.purpose === 'frames');

describe.skipIf(!hasFfmpeg)('camera media (Local File)', () => {
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sentinel-media-'));
    clip = await makeTestClip(dir, { width: 640, height: 480, fps: 15, seconds: 4 });
    mpeg4Clip = await makeTestClip(dir, { width: 320, height: 240, fps: 10, seconds: 4, codec: 'mpeg4' });
    sys = await startTestSystem({ DATA_DIR: path.join(dir, 'data'), MEDIA_IDLE_SECONDS: '3', MEDIA_HLS_SEGMENT_SECONDS: '1' });
    admin = await sys.adminToken();
  });
  afterAll(async () => {
    await sys?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('test-connection measures the real stream and writes the telemetry', async () => {
    const camera = await fileCamera(clip);
    const res = await api('POST', `/cameras/${camera.id}/test-connection`);
    expect(res.status).toBe(200);
    const result = res.body.data;
    expect(result).toMatchObject({ success: true, resolution: '640x480', codec: 'h264' });
    expect(result.fps).toBeCloseTo(15, 0);
    expect(result.bitrate).toBeGreaterThan(0);
    expect(typeof result.latencyMs).toBe('number');
    expect(result.message).toMatch(/^OK/);

    const stored = (await api('GET', `/cameras/${camera.id}`)).body.data;
    expect(stored).toMatchObject({ status: 'online', resolution: '640x480', codec: 'h264' });
    expect(stored.fps).toBeCloseTo(15, 0);
    expect(stored.bitrate).toBe(result.bitrate);
    expect(Date.now() - new Date(stored.lastChecked).getTime()).toBeLessThan(30_000);
    expect(stored.lastSeen).not.toBeNull();
    const summary = (await api('GET', `/cameras/${camera.id}/summary`)).body.data;
    expect(summary.status).toBe('online');
  });

  it('a failed test answers 200 with a reason a person understands and marks the camera offline', async () => {
    const missing = await fileCamera(path.join(dir, 'gone.mp4'));
    const res = await api('POST', `/cameras/${missing.id}/test-connection`);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ success: false, fps: null, resolution: null });
    expect(res.body.data.message).toContain('file not found');

    const notVideo = path.join(dir, 'notes.mp4');
    await writeFile(notVideo, 'this is not a video');
    const junk = await fileCamera(notVideo);
    const junkRes = await api('POST', `/cameras/${junk.id}/test-connection`);
    expect(junkRes.body.data.success).toBe(false);
    expect(junkRes.body.data.message).toMatch(/no video stream/);

    const usb = (await api('POST', '/cameras', { name: 'USB absent', streamType: 'USB', devicePath: '/dev/video97' })).body.data;
    const usbRes = await api('POST', `/cameras/${usb.id}/test-connection`);
    expect(usbRes.body.data).toMatchObject({ success: false });
    expect(usbRes.body.data.message).toContain('/dev/video97 is not present');

    const refused = (await api('POST', '/cameras', { name: 'Nobody home', streamType: 'RTSP', streamUrl: 'rtsp://admin:secret@127.0.0.1:9/live' })).body.data;
    const refusedRes = await api('POST', `/cameras/${refused.id}/test-connection`);
    expect(refusedRes.body.data.success).toBe(false);
    expect(refusedRes.body.data.message).toContain('connection refused');
    expect(JSON.stringify(refusedRes.body)).not.toContain('secret');

    expect((await api('GET', `/cameras/${missing.id}`)).body.data.status).toBe('offline');
    expect((await api('POST', '/cameras/NO-SUCH-CAM/test-connection')).status).toBe(404);
  });

  it('a snapshot is a stored JPEG of the source size, the camera thumbnail, and audited', async () => {
    const camera = await fileCamera(clip);
    const res = await api('POST', `/cameras/${camera.id}/snapshot`);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const snap = res.body.data;
    expect(snap).toMatchObject({ cameraId: camera.id, width: 640, height: 480 });
    expect(snap.assetId).toMatch(/^SNAP-/);
    expect(Math.abs(Date.now() - new Date(snap.timestamp).getTime())).toBeLessThan(30_000);
    const file = await fetchBytes(snap.url);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/jpeg');
    expect(await sharp(file.bytes).metadata()).toMatchObject({ format: 'jpeg', width: 640, height: 480 });

    const again = await api('POST', '/media/snapshot', { cameraId: camera.id });
    expect(again.status).toBe(201);
    expect(again.body.data.assetId).not.toBe(snap.assetId);
    const stored = (await api('GET', `/cameras/${camera.id}`)).body.data;
    expect(stored.thumbnail).toContain(`/files/content/snapshots/${camera.id}/${again.body.data.assetId}.jpg`);
    const thumb = await fetchBytes(stored.thumbnail);
    expect((await sharp(thumb.bytes).metadata()).width).toBe(640);

    const audit = await sys.db.db.selectFrom('audit_logs').select(['action', 'resource_id']).where('action', '=', 'camera.snapshot').where('resource_id', '=', camera.id).execute();
    expect(audit).toHaveLength(2);

    const viewer = await sys.createUser('ROLE-VIEWER');
    expect((await api('POST', `/cameras/${camera.id}/snapshot`, undefined, viewer.token)).status).toBe(403);
    expect((await api('POST', '/media/snapshot', { cameraId: 'NOPE' })).status).toBe(404);
    const bad = await api('POST', '/media/snapshot', { cameraId: 'bad id!' });
    expect(bad.status).toBe(422);
    expect(bad.body.error.code).toBe('VALIDATION_ERROR');
  });

  it('a snapshot of a camera that gives no frame is a 502 with the reason, and nothing is stored', async () => {
    const missing = await fileCamera(path.join(dir, 'never.mp4'));
    const res = await api('POST', `/cameras/${missing.id}/snapshot`);
    expect(res.status).toBe(502);
    expect(res.body.error.code).toBe('MEDIA_SNAPSHOT_FAILED');
    expect(res.body.error.message).toContain('not found');
    const rows = await sys.db.db.selectFrom('camera_snapshots').select('id').where('camera_id', '=', missing.id).execute();
    expect(rows).toHaveLength(0);
  });

  it('GET /media/snapshot/{id}.jpg serves a fresh frame, and many viewers share one ffmpeg', async () => {
    const camera = await fileCamera(clip);
    const results = await Promise.all(Array.from({ length: 20 }, () => fetchBytes(`/api/v1/media/snapshot/${camera.id}.jpg`, { authorization: `Bearer ${admin}` })));
    for (const r of results) {
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toBe('image/jpeg');
    }
    expect(await sharp(results[0]!.bytes).metadata()).toMatchObject({ format: 'jpeg', width: 640, height: 480 });
    expect(framesOf(camera.id)).toHaveLength(1);

    await new Promise((r) => setTimeout(r, 600));
    const later = await fetchBytes(`/media/snapshot/${camera.id}.jpg?token=${admin}`);
    expect(later.status).toBe(200);
    expect(Date.now() - new Date(later.headers.get('x-frame-timestamp')!).getTime()).toBeLessThan(2500);
    expect(framesOf(camera.id)).toHaveLength(1);

    const anonymous = await fetchBytes(`/media/snapshot/${camera.id}.jpg`);
    expect(anonymous.status).toBe(401);
    expect(JSON.parse(anonymous.bytes.toString()).error.code).toBe('AUTH_UNAUTHORIZED');
    expect((await fetchBytes(`/media/snapshot/NOPE.jpg?token=${admin}`)).status).toBe(404);
  });

  it('a live view nobody watches stops after the idle period', async () => {
    const camera = await fileCamera(clip);
    expect((await fetchBytes(`/media/snapshot/${camera.id}.jpg?token=${admin}`)).status).toBe(200);
    expect(framesOf(camera.id)).toHaveLength(1);
    const deadline = Date.now() + 10_000;
    while (framesOf(camera.id).length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(framesOf(camera.id)).toHaveLength(0);
  });

  it('HLS: a playlist with segments ffprobe reads, H.264 passed through, other codecs transcoded', async () => {
    const camera = await fileCamera(clip);
    const playlist = await fetchBytes(`/media/hls/${camera.id}/index.m3u8?token=${admin}`);
    expect(playlist.status, playlist.bytes.toString()).toBe(200);
    expect(playlist.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
    const text = playlist.bytes.toString();
    expect(text).toContain('#EXTM3U');
    const segment = text.split('\n').find((l) => l.startsWith('seg_'))!;
    expect(segment).toMatch(/^seg_\d+\.ts\?exp=\d+&sig=[0-9a-f]{64}$/);

    // the segment link carries its own grant: no token needed
    const seg = await fetchBytes(`/stream/hls/${camera.id}/${segment}`);
    expect(seg.status).toBe(200);
    expect(seg.headers.get('content-type')).toBe('video/mp2t');
    const segFile = path.join(dir, `${camera.id}.ts`);
    await writeFile(segFile, seg.bytes);
    const probed = await ffprobeJson(['-show_streams', segFile]);
    expect(probed.streams?.[0]).toMatchObject({ codec_name: 'h264', width: 640, height: 480 });

    const transcoded = await fileCamera(mpeg4Clip);
    const list2 = await fetchBytes(`/api/v1/stream/hls/${transcoded.id}/index.m3u8`, { authorization: `Bearer ${admin}` });
    expect(list2.status, list2.bytes.toString()).toBe(200);
    const seg2 = list2.bytes.toString().split('\n').find((l) => l.startsWith('seg_'))!;
    const bytes2 = await fetchBytes(`/api/v1/stream/hls/${transcoded.id}/${seg2}`);
    await writeFile(segFile, bytes2.bytes);
    expect((await ffprobeJson(['-show_streams', segFile])).streams?.[0]).toMatchObject({ codec_name: 'h264', width: 320, height: 240 });

    expect((await fetchBytes(`/media/hls/${camera.id}/index.m3u8`)).status).toBe(401);
    expect((await fetchBytes(`/media/hls/${camera.id}/seg_1.ts?exp=9999999999&sig=${'0'.repeat(64)}`)).status).toBe(403);
    expect((await fetchBytes(`/media/hls/${camera.id}/passwd?token=${admin}`)).status).toBe(404);
  });

  it('signed stream links open one camera\'s media without a token, and only that camera\'s', async () => {
    const camera = await fileCamera(clip);
    const other = await fileCamera(clip);
    const links = (await api('GET', `/media/streams/${camera.id}`)).body.data;
    expect(links.cameraId).toBe(camera.id);
    const jpeg = await fetchBytes(links.snapshot);
    expect(jpeg.status).toBe(200);
    expect((await sharp(jpeg.bytes).metadata()).format).toBe('jpeg');
    const stolen = links.snapshot.replace(`/snapshot/${camera.id}.jpg`, `/snapshot/${other.id}.jpg`);
    expect((await fetchBytes(stolen)).status).toBe(403);
  });

  it('WS /media/ws/{id} sends live JPEG frames; a plain GET is the MJPEG fallback', async () => {
    const camera = await fileCamera(clip);
    const wsUrl = `${sys.baseUrl.replace('http', 'ws')}/media/ws/${camera.id}?token=${admin}`;
    const messages: (string | Buffer)[] = [];
    const ws = new WebSocket(wsUrl);
    await new Promise<void>((resolve, reject) => {
      ws.on('message', (data: Buffer, isBinary: boolean) => {
        messages.push(isBinary ? data : data.toString());
        if (messages.filter((m) => Buffer.isBuffer(m)).length >= 3) resolve();
      });
      ws.on('error', reject);
      setTimeout(() => reject(new Error(`only ${messages.length} messages`)), 15_000);
    });
    ws.close();
    expect(JSON.parse(messages[0] as string)).toMatchObject({ type: 'stream', cameraId: camera.id, format: 'jpeg' });
    const frame = messages.find((m) => Buffer.isBuffer(m)) as Buffer;
    expect(await sharp(frame).metadata()).toMatchObject({ format: 'jpeg', width: 640, height: 480 });

    const refused = new WebSocket(`${sys.baseUrl.replace('http', 'ws')}/stream/ws/${camera.id}`);
    const status = await new Promise<number>((resolve) => refused.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)));
    expect(status).toBe(401);

    const controller = new AbortController();
    const res = await fetch(`${sys.baseUrl}/media/ws/${camera.id}?token=${admin}`, { signal: controller.signal });
    expect(res.headers.get('content-type')).toMatch(/^multipart\/x-mixed-replace; boundary=/);
    const reader = res.body!.getReader();
    let received = Buffer.alloc(0);
    while ((received.toString('latin1').match(/Content-Type: image\/jpeg/g) ?? []).length < 2) {
      const { value, done } = await reader.read();
      if (done) break;
      received = Buffer.concat([received, Buffer.from(value)]);
    }
    controller.abort();
    const start = received.indexOf(Buffer.from([0xff, 0xd8]));
    const end = received.indexOf(Buffer.from([0xff, 0xd9]), start);
    expect((await sharp(received.subarray(start, end + 2)).metadata()).width).toBe(640);
  });

  it('a disabled camera cannot be watched; disabling stops its live view and closes its viewers', async () => {
    const camera = await fileCamera(clip);
    expect((await fetchBytes(`/media/snapshot/${camera.id}.jpg?token=${admin}`)).status).toBe(200);
    expect(framesOf(camera.id)).toHaveLength(1);
    const viewer = new WebSocket(`${sys.baseUrl.replace('http', 'ws')}/media/ws/${camera.id}?token=${admin}`);
    const closed = new Promise<number>((resolve) => viewer.on('close', (code) => resolve(code)));
    await new Promise((resolve) => viewer.once('message', resolve));
    await api('PATCH', `/cameras/${camera.id}/state`, { enabled: false });
    expect(framesOf(camera.id)).toHaveLength(0);
    expect(await closed).toBe(1001);
    const res = await fetchBytes(`/media/snapshot/${camera.id}.jpg?token=${admin}`);
    expect(res.status).toBe(409);
  });

  it('an import that moves a camera to another source closes its live view; one that changes only its name does not', async () => {
    const camera = await fileCamera(clip, { name: 'Import me' });
    const watch = async () => {
      const viewer = new WebSocket(`${sys.baseUrl.replace('http', 'ws')}/media/ws/${camera.id}?token=${admin}`);
      const closed = new Promise<number>((resolve) => viewer.on('close', (code) => resolve(code)));
      await new Promise((resolve) => viewer.once('message', resolve));
      return { viewer, closed };
    };
    const item = (extra: Record<string, unknown>) => ({ id: camera.id, name: 'Import me', streamType: 'Local File', devicePath: clip, ...extra });

    const first = await watch();
    let res = await api('POST', '/cameras/import', { mode: 'merge', cameras: [item({ name: 'Renamed by import' })] });
    expect(res.body.data).toMatchObject({ updated: 1 });
    expect(framesOf(camera.id)).toHaveLength(1);
    expect(first.viewer.readyState).toBe(WebSocket.OPEN);

    res = await api('POST', '/cameras/import', { mode: 'merge', cameras: [item({ devicePath: mpeg4Clip })] });
    expect(res.body.data).toMatchObject({ updated: 1 });
    expect(framesOf(camera.id)).toHaveLength(0);
    expect(await first.closed).toBe(1001);
    // a new viewer gets the new source
    const second = await watch();
    const [frames] = framesOf(camera.id);
    expect(readFileSync(`/proc/${frames!.pid}/cmdline`, 'utf8').split('\0')).toContain(mpeg4Clip);
    second.viewer.close();
  });

  it('deleting a camera, or leaving it out of a replace import, erases its snapshot files and stops its live view', async () => {
    const deleted = await fileCamera(clip, { name: 'Deleted' });
    const dropped = await fileCamera(clip, { name: 'Dropped by replace' });
    const snapshotOf = async (id: string) => {
      const res = await api('POST', `/cameras/${id}/snapshot`);
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect((await fetchBytes(res.body.data.url)).status).toBe(200);
      return res.body.data.url as string;
    };
    const deletedUrl = await snapshotOf(deleted.id);
    const droppedUrl = await snapshotOf(dropped.id);
    expect((await fetchBytes(`/media/snapshot/${dropped.id}.jpg?token=${admin}`)).status).toBe(200);
    expect(framesOf(dropped.id)).toHaveLength(1);

    expect((await api('DELETE', `/cameras/${deleted.id}`)).status).toBe(204);
    expect((await fetchBytes(deletedUrl)).status).toBe(404);

    // the backup as exported, less one camera, restored with replace
    const backup = (await api('GET', '/cameras/export')).body.data.cameras as { id: string }[];
    const kept = backup.filter((c) => c.id !== dropped.id);
    const res = await api('POST', '/cameras/import', { mode: 'replace', cameras: kept });
    expect(res.body.data).toMatchObject({ deleted: 1, skipped: 0 });
    expect((await api('GET', `/cameras/${dropped.id}`)).status).toBe(404);
    expect((await fetchBytes(droppedUrl)).status).toBe(404);
    expect(framesOf(dropped.id)).toHaveLength(0);
    // the cameras the file named are all still there
    expect((await api('GET', '/cameras?pageSize=100')).body.meta.total).toBe(kept.length);
  });

  it('/health/ready and /media/status report ffmpeg', async () => {
    const ready = await sys.request('GET', '/health/ready');
    expect(ready.body.data.checks.media).toMatchObject({ ok: true });
    expect(ready.body.data.checks.media.ffmpeg).toMatch(/^ffmpeg version/);
    const status = (await api('GET', '/media/status')).body.data;
    expect(status.ffmpeg.ok).toBe(true);
    expect(status.processes.max).toBe(sys.system.app.config.MEDIA_MAX_PROCESSES);
  });
});

describe.skipIf(!hasFfmpeg)('media without ffmpeg, and process cleanup', () => {
  it('a missing ffmpeg is reported at /health/ready and by every media endpoint', async () => {
    const data = await mkdtemp(path.join(tmpdir(), 'sentinel-noffmpeg-'));
    const local = await startTestSystem({ DATA_DIR: data, FFMPEG_PATH: '/nonexistent/ffmpeg', FFPROBE_PATH: '/nonexistent/ffprobe' });
    try {
      const token = await local.adminToken();
      const ready = await local.request('GET', '/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.body.error.details.media.error).toContain('ffmpeg');
      const camera = (await local.request('POST', '/api/v1/cameras', { token, body: { name: 'x', streamType: 'Local File', devicePath: '/tmp/x.mp4' } })).body.data;
      const test = await local.request('POST', `/api/v1/cameras/${camera.id}/test-connection`, { token });
      expect(test.status).toBe(200);
      expect(test.body.data).toMatchObject({ success: false });
      expect(test.body.data.message).toContain('apt-get install ffmpeg');
      const snap = await local.request('POST', `/api/v1/cameras/${camera.id}/snapshot`, { token });
      expect(snap.status).toBe(503);
    } finally {
      await local.stop();
      await rm(data, { recursive: true, force: true });
    }
  });

  it('no ffmpeg outlives the server', async () => {
    const data = await mkdtemp(path.join(tmpdir(), 'sentinel-reap-'));
    const file = await makeTestClip(data, { seconds: 2 });
    const local = await startTestSystem({ DATA_DIR: data });
    const token = await local.adminToken();
    const camera = (await local.request('POST', '/api/v1/cameras', { token, body: { name: 'x', streamType: 'Local File', devicePath: file } })).body.data;
    expect((await local.request('GET', `/media/snapshot/${camera.id}.jpg?token=${token}`)).status).toBe(200);
    expect((await local.request('GET', `/media/hls/${camera.id}/index.m3u8?token=${token}`)).status).toBe(200);
    const pids = local.system.app.media.pool.list().map((p) => p.pid!);
    expect(pids.length).toBeGreaterThanOrEqual(2);
    await local.stop();
    for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow();
    const children = spawnSync('ps', ['-o', 'pid=,comm=', '--ppid', String(process.pid)]).stdout.toString();
    expect(children).not.toMatch(/ffmpeg|ffprobe/);
    await rm(data, { recursive: true, force: true });
  });
});
