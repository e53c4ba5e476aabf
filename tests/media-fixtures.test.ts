/**
 * The test media sources (tests/support/media-sources.ts) are real: ffprobe reads a video stream of the
 * requested size from each of them, an MJPEG stream reaches several clients at once, credentials are
 * enforced (HTTP and RTSP 401), RTSP works over UDP and TCP interleaved, and a stopped source refuses
 * connections until it is started again on the same url.
 */
import http from 'node:http';
import net from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ffprobeJson,
  freeUdpPort,
  hasFfmpeg,
  makeTestClip,
  MpjpegSplitter,
  probeVideo,
  startHlsHttpSource,
  startMjpegHttpSource,
  startRtspSource,
  startTcpTsSource,
  startUdpTsSender,
  stopAllMediaSources,
} from './support/media-sources.ts';

const SIZE = { width: 320, height: 240 };

afterAll(stopAllMediaSources);

/** Resolves with the error code of a TCP connection attempt (undefined when it connected). */
function connectError(url: string): Promise<string | undefined> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), hostname);
    socket.once('connect', () => {
      socket.destroy();
      resolve(undefined);
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code));
  });
}

/** Reads `count` JPEG frames from an MJPEG url, splitting on the boundary its Content-Type announces. */
function readMjpegFrames(url: string, count: number, auth?: string): Promise<{ contentType: string; frames: Buffer[] }> {
  return new Promise((resolve, reject) => {
    const headers = auth ? { Authorization: `Basic ${Buffer.from(auth).toString('base64')}` } : {};
    const req = http.get(url, { headers }, (res) => {
      const contentType = res.headers['content-type'] ?? '';
      if (res.statusCode !== 200) return reject(new Error(`status ${res.statusCode}`));
      const boundary = /boundary=([^;]+)/.exec(contentType)?.[1] ?? '';
      const frames: Buffer[] = [];
      const splitter = new MpjpegSplitter((jpeg) => {
        frames.push(jpeg);
        if (frames.length === count) {
          req.destroy();
          resolve({ contentType, frames });
        }
      }, boundary);
      res.on('data', (chunk: Buffer) => splitter.push(chunk));
    });
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error('no MJPEG frames within 10 s')));
  });
}

describe.skipIf(!hasFfmpeg)('test media sources', () => {
  it('writes MP4 clips in H.264 and MPEG-4 of the requested size and length', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sentinel-clip-'));
    try {
      for (const codec of ['h264', 'mpeg4'] as const) {
        const file = await makeTestClip(dir, { ...SIZE, fps: 10, seconds: 2, codec });
        const probe = await ffprobeJson(['-show_streams', '-show_format', file]);
        expect(probe.streams?.[0]).toMatchObject({ codec_name: codec, ...SIZE, r_frame_rate: '10/1' });
        expect(Number(probe.format?.duration)).toBeCloseTo(2, 0);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('serves MJPEG over HTTP to two clients at once, behind Basic authentication', async () => {
    const source = await startMjpegHttpSource({ ...SIZE, username: 'viewer', password: 'pw' });
    const anonymous = await fetch(source.url);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Basic /);
    await expect(readMjpegFrames(source.url, 1, 'viewer:wrong')).rejects.toThrow('status 401');

    const [a, b] = await Promise.all([readMjpegFrames(source.url, 3, 'viewer:pw'), readMjpegFrames(source.url, 3, 'viewer:pw')]);
    for (const client of [a, b]) {
      expect(client.contentType).toMatch(/^multipart\/x-mixed-replace;\s*boundary=/);
      expect(client.frames).toHaveLength(3);
      expect(await sharp(client.frames[2]).metadata()).toMatchObject({ format: 'jpeg', ...SIZE });
    }
    const withCredentials = source.url.replace('http://', 'http://viewer:pw@');
    expect(await probeVideo(withCredentials)).toEqual({ codec: 'mjpeg', ...SIZE });

    await source.stop();
    expect(await connectError(source.url)).toBe('ECONNREFUSED');
    await source.start();
    expect(await probeVideo(withCredentials)).toEqual({ codec: 'mjpeg', ...SIZE });
  });

  it('serves live HLS with the right content types, and comes back after a stop', async () => {
    const source = await startHlsHttpSource(SIZE);
    expect(source.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/live\/index\.m3u8$/);
    const playlist = await fetch(source.url);
    expect(playlist.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
    const segments = (await playlist.text()).split('\n').filter((line) => line.endsWith('.ts'));
    expect(segments.length).toBeGreaterThanOrEqual(2);
    const segment = await fetch(new URL(segments[0] ?? '', source.url));
    expect(segment.headers.get('content-type')).toBe('video/mp2t');
    expect((await segment.arrayBuffer()).byteLength).toBeGreaterThan(0);
    expect(await probeVideo(source.url)).toEqual({ codec: 'h264', ...SIZE });

    await source.stop();
    expect(await connectError(source.url)).toBe('ECONNREFUSED');
    await source.start();
    expect(await probeVideo(source.url)).toEqual({ codec: 'h264', ...SIZE });
  });

  it('serves RTSP over UDP and TCP interleaved, and comes back after a stop', async () => {
    const source = await startRtspSource(); // default picture: 640x480
    expect(source.url).toBe(`rtsp://127.0.0.1:${source.port}/live`);
    expect(await probeVideo(source.url, ['-rtsp_transport', 'udp'])).toEqual({ codec: 'h264', width: 640, height: 480 });
    expect(await probeVideo(source.url, ['-rtsp_transport', 'tcp'])).toEqual({ codec: 'h264', width: 640, height: 480 });

    await source.stop();
    await expect(probeVideo(source.url, ['-rtsp_transport', 'tcp'])).rejects.toThrow(/refused/i);
    await source.start();
    expect(await probeVideo(source.url, ['-rtsp_transport', 'tcp'])).toEqual({ codec: 'h264', width: 640, height: 480 });
  });

  it('refuses RTSP without credentials (401) and streams with them', async () => {
    const source = await startRtspSource({ ...SIZE, username: 'cam', password: 's3cret' });
    await expect(probeVideo(source.url, ['-rtsp_transport', 'tcp'])).rejects.toThrow(/401/);
    await expect(probeVideo(`rtsp://cam:wrong@127.0.0.1:${source.port}/live`, ['-rtsp_transport', 'tcp'])).rejects.toThrow(/401/);
    expect(await probeVideo(source.urlWithCredentials, ['-rtsp_transport', 'tcp'])).toEqual({ codec: 'h264', ...SIZE });
    expect(await probeVideo(source.urlWithCredentials, ['-rtsp_transport', 'udp'])).toEqual({ codec: 'h264', ...SIZE });
  });

  it('serves MPEG-TS over TCP to several clients, and comes back after a stop', async () => {
    const source = await startTcpTsSource(SIZE);
    const [first, second] = await Promise.all([probeVideo(source.url, ['-f', 'mpegts']), probeVideo(source.url, ['-f', 'mpegts'])]);
    expect(first).toEqual({ codec: 'h264', ...SIZE });
    expect(second).toEqual({ codec: 'h264', ...SIZE });

    await source.stop();
    expect(await connectError(source.url)).toBe('ECONNREFUSED');
    await source.start();
    expect(await probeVideo(source.url, ['-f', 'mpegts'])).toEqual({ codec: 'h264', ...SIZE });
  });

  it('sends MPEG-TS to a UDP port, and stops and resumes sending', async () => {
    const port = await freeUdpPort();
    const source = await startUdpTsSender(port, SIZE);
    expect(source.url).toBe(`udp://127.0.0.1:${port}`);
    expect(await probeVideo(source.url)).toEqual({ codec: 'h264', ...SIZE });

    await source.stop();
    await expect(probeVideo(source.url)).rejects.toThrow();
    await source.start();
    expect(await probeVideo(source.url)).toEqual({ codec: 'h264', ...SIZE });
  });
});
