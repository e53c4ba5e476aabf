/**
 * The media layer's parts on their own: the process pool's limit (a request beyond waits, then fails
 * clearly; nothing survives stopAll), the JPEG splitter on arbitrary chunk boundaries, the probe's packet
 * arithmetic, ffmpeg errors turned into words, and the media route matcher. Then the limit seen through
 * the API: with MEDIA_MAX_PROCESSES=2, a third camera's live view is refused with 503 and Retry-After.
 * And the children a SIGKILLed server leaves behind, killed when the next server of its installation starts.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { explainFailure, HlsSession, JpegSplitter, jpegSize, killOrphans, MediaBusyError, measurePackets, ProcessPool, scrubCredentials } from '@sentinel/media';
import { matchMediaRoute } from '../packages/api/src/media/http.ts';
import { hasFfmpeg, makeTestClip } from './support/media-sources.ts';
import { startTestSystem, type TestSystem } from './support/system.ts';

const alive = (pid: number | undefined) => {
  try {
    process.kill(pid!, 0);
    return true;
  } catch {
    return false;
  }
};

describe('ProcessPool', () => {
  it('runs at most max children; the next waits for a slot, or fails after its wait', async () => {
    const pool = new ProcessPool(2);
    const a = await pool.spawn('sleep', ['30'], { purpose: 'test' });
    const b = await pool.spawn('sleep', ['0.3'], { purpose: 'test' });
    expect(pool.running).toBe(2);
    await expect(pool.spawn('sleep', ['30'], { purpose: 'test', waitMs: 100 })).rejects.toBeInstanceOf(MediaBusyError);
    // b exits on its own: the waiting request gets its slot
    const c = await pool.spawn('sleep', ['30'], { purpose: 'test', waitMs: 5000 });
    expect(b.exitCode).toBe(0);
    expect(pool.running).toBe(2);
    await pool.stopAll();
    expect(pool.running).toBe(0);
    expect(alive(a.pid) || alive(c.pid)).toBe(false);
    await expect(pool.spawn('sleep', ['1'], { purpose: 'test' })).rejects.toThrow('shutting down');
  });

  it('kills a child that ignores SIGTERM', async () => {
    const pool = new ProcessPool(1);
    const stubborn = await pool.spawn('sh', ['-c', 'trap "" TERM; exec sleep 30'], { purpose: 'test' });
    await new Promise((r) => setTimeout(r, 100));
    const started = Date.now();
    await pool.terminate(stubborn, 300);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(stubborn.signalCode).toBe('SIGKILL');
    expect(pool.running).toBe(0);
  });

  it('frees the slot of a command that does not exist', async () => {
    const pool = new ProcessPool(1);
    const child = await pool.spawn('/nonexistent/ffmpeg', [], { purpose: 'test' });
    await new Promise((resolve) => child.once('error', resolve));
    const next = await pool.spawn('true', [], { purpose: 'test', waitMs: 2000 });
    await new Promise((resolve) => next.once('close', resolve));
    expect(pool.running).toBe(0);
  });
});

/** Running, and not a zombie waiting to be reaped. */
const running = (pid: number) => {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};

/** Starts a stand-in server whose pool runs `sleep 300` under `scope`, SIGKILLs it, and returns the orphan's pid. */
async function orphanOf(scope: string): Promise<number> {
  const owner = spawn(process.execPath, ['--import', 'tsx', 'tests/support/media-owner.ts', scope, 'sleep', '300'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = (await once(owner.stdout, 'data')) as [Buffer];
  const pid = Number(line.toString().trim());
  const exited = once(owner, 'exit');
  owner.kill('SIGKILL');
  await exited;
  return pid;
}

describe.skipIf(process.platform !== 'linux')('children of a server that was SIGKILLed', () => {
  it('outlive it, and are killed when a server of the same installation starts; other installations\' are left alone', async () => {
    const data = await mkdtemp(path.join(tmpdir(), 'sentinel-orphans-'));
    const elsewhere = await mkdtemp(path.join(tmpdir(), 'sentinel-orphans-other-'));
    const ours = await orphanOf(path.resolve(data, 'hls'));
    const theirs = await orphanOf(path.resolve(elsewhere, 'hls'));
    try {
      expect(running(ours)).toBe(true); // no exit hook ran: the child survived its server
      const local = await startTestSystem({ DATA_DIR: data });
      await local.stop();
      await expect.poll(() => running(ours), { timeout: 5_000 }).toBe(false);
      expect(running(theirs)).toBe(true);
      expect(await killOrphans(path.resolve(elsewhere, 'hls'))).toEqual([theirs]);
      await expect.poll(() => running(theirs), { timeout: 5_000 }).toBe(false);
    } finally {
      for (const pid of [ours, theirs]) if (running(pid)) process.kill(pid, 'SIGKILL');
      await rm(data, { recursive: true, force: true });
      await rm(elsewhere, { recursive: true, force: true });
    }
  });

  it('a child whose server still runs is not an orphan', async () => {
    const scope = path.resolve(tmpdir(), 'sentinel-live-owner', 'hls');
    const pool = new ProcessPool(1, { scope });
    const child = await pool.spawn('sleep', ['300'], { purpose: 'test' });
    try {
      expect(await killOrphans(scope)).toEqual([]);
      expect(running(child.pid!)).toBe(true);
    } finally {
      await pool.stopAll();
    }
  });
});

describe('HlsSession', () => {
  it('a player waiting for the first segments keeps the stream alive past the idle period', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sentinel-hls-unit-'));
    await mkdir(dir, { recursive: true });
    const pool = new ProcessPool(1);
    // stands in for a slow source: the playlist gets its two segments after 1.5 s, three idle periods
    const script = `sleep 1.5; printf '#EXTM3U\\n#EXTINF:1,\\nseg_0.ts\\n#EXTINF:1,\\nseg_1.ts\\n' > index.m3u8; sleep 30`;
    let stopped = false;
    const session = new HlsSession({
      cameraId: 'CAM-SLOW',
      dir,
      idleMs: 500,
      start: () => pool.spawn('sh', ['-c', script], { purpose: 'test', spawn: { cwd: dir } }),
      terminate: (child) => pool.terminate(child),
      explain: (stderr) => stderr,
      onStopped: () => (stopped = true),
    });
    await session.ready(10_000);
    expect(stopped).toBe(false);
    expect(await session.playlist()).toContain('seg_1.ts');
    await session.stop();
    expect(pool.running).toBe(0);
    await rm(dir, { recursive: true, force: true });
  });
});

describe('JpegSplitter', () => {
  it('finds every image whatever the chunk boundaries', async () => {
    const images = await Promise.all(
      [['#c33', 16, 8], ['#3c3', 32, 24], ['#33c', 8, 8]].map(([bg, w, h]) =>
        sharp({ create: { width: w as number, height: h as number, channels: 3, background: bg as string } }).jpeg().toBuffer(),
      ),
    );
    const stream = Buffer.concat([Buffer.from('junk'), ...images]);
    for (const size of [1, 2, 7, 100, stream.length]) {
      const found: Buffer[] = [];
      const splitter = new JpegSplitter((jpeg) => found.push(jpeg));
      for (let i = 0; i < stream.length; i += size) splitter.push(stream.subarray(i, i + size));
      expect(found.map((f) => f.equals(images[found.indexOf(f)]!))).toEqual([true, true, true]);
    }
    expect(jpegSize(images[1]!)).toEqual({ width: 32, height: 24 });
  });
});

describe('probe arithmetic and messages', () => {
  it('measures frame rate and bitrate from packet times and sizes', () => {
    const packets = Array.from({ length: 31 }, (_, i) => ({ pts_time: String(10 + i / 15), size: '12500' }));
    const { fps, bitrate } = measurePackets(packets);
    expect(fps).toBeCloseTo(15, 5);
    // 31 packets of 100 kbit over 31/15 s
    expect(bitrate).toBeCloseTo((31 * 12500 * 8) / (31 / 15) / 1e6, 2);
    expect(measurePackets([{ pts_time: '1', size: '10' }])).toEqual({ fps: null, bitrate: null });
  });

  it('turns ffmpeg errors into words and never repeats credentials', () => {
    const rtsp = { kind: 'rtsp', url: 'rtsp://u:p@h/x', transport: 'tcp' } as const;
    expect(explainFailure('[rtsp @ 0x1] method DESCRIBE failed: 401 Unauthorized', rtsp)).toContain('401 from the camera');
    expect(explainFailure('Server returned 404 Not Found', { kind: 'http', url: 'http://h/x' })).toContain('404');
    expect(explainFailure('rtsp://admin:hunter2@10.0.0.1/x: Something odd happened', rtsp)).not.toContain('hunter2');
    expect(scrubCredentials('open rtsp://admin:hunter2@10.0.0.1:554/x failed')).toBe('open rtsp://****@10.0.0.1:554/x failed');
  });

  it('matches media routes and only those', () => {
    expect(matchMediaRoute('/media/snapshot/CAM-1.jpg')).toEqual({ kind: 'snapshot', cameraId: 'CAM-1', file: null });
    expect(matchMediaRoute('/api/v1/stream/hls/CAM-1/index.m3u8')).toEqual({ kind: 'hls', cameraId: 'CAM-1', file: 'index.m3u8' });
    expect(matchMediaRoute('/media/ws/CAM-1')).toEqual({ kind: 'ws', cameraId: 'CAM-1', file: null });
    expect(matchMediaRoute('/media/snapshot')).toBeNull();
    expect(matchMediaRoute('/media/snapshot/CAM-1.png')).toBeNull();
    expect(matchMediaRoute('/stream/snapshot/CAM-1.jpg')).toBeNull();
    expect(matchMediaRoute('/media/ws/CAM-1/extra')).toBeNull();
  });
});

describe.skipIf(!hasFfmpeg)('the process limit through the API', () => {
  let sys: TestSystem;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sentinel-limit-'));
    sys = await startTestSystem({ DATA_DIR: path.join(dir, 'data'), MEDIA_MAX_PROCESSES: '2', MEDIA_IDLE_SECONDS: '60' });
  });
  afterAll(async () => {
    await sys?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('a third live view waits for a slot, then answers 503 with Retry-After; never more than two ffmpeg', async () => {
    const token = await sys.adminToken();
    const clip = await makeTestClip(dir, { width: 160, height: 120, seconds: 2 });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push((await sys.request('POST', '/api/v1/cameras', { token, body: { name: `Cam ${i}`, streamType: 'Local File', devicePath: clip } })).body.data.id);
    }
    let peak = 0;
    const watch = setInterval(() => (peak = Math.max(peak, sys.system.app.media.pool.running)), 20);
    const answers = await Promise.all(ids.map((id) => sys.request('GET', `/media/snapshot/${id}.jpg?token=${token}`)));
    clearInterval(watch);
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([200, 200, 503]);
    const refused = answers.find((a) => a.status === 503)!;
    expect(refused.headers.get('retry-after')).toBe('2');
    expect(refused.body.error.message).toContain('MEDIA_MAX_PROCESSES');
    expect(peak).toBeLessThanOrEqual(2);
  });
});
