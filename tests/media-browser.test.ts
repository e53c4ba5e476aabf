/**
 * A camera's HLS stream played by a real browser: headless Chromium opens a page served by this test (another
 * origin than the API, so CORS matters), plays the signed HLS link with hls.js over Media Source Extensions
 * (native HLS where hls.js is not supported), and the video's clock must advance at the source's picture size.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasFfmpeg, makeTestClip } from './support/media-sources.ts';
import { startTestSystem, type TestSystem } from './support/system.ts';

const CHROMIUM = '/usr/bin/chromium';

/** What the page exposes as `window.player`. */
interface PlayerState {
  engine: 'hls.js' | 'native' | 'none';
  errors: { type: string; details: string; fatal: boolean; status: number | null }[];
  fatal: { type: string; details: string } | null;
  playError: string | null;
}

// the player: hls.js where MSE is available (Chromium), the browser's own HLS otherwise (Safari)
const PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>HLS player</title><link rel="icon" href="data:,"><script src="/hls.js"></script></head>
<body><video id="video" muted autoplay playsinline></video>
<script>
  const video = document.getElementById('video');
  const src = new URLSearchParams(location.search).get('src');
  const player = { engine: 'none', errors: [], fatal: null, playError: null };
  window.player = player;
  const play = () => video.play().catch((err) => { player.playError = String(err); });
  video.addEventListener('error', () => { player.fatal = { type: 'media', details: video.error ? video.error.message || String(video.error.code) : 'unknown' }; });
  if (window.Hls && Hls.isSupported()) {
    player.engine = 'hls.js';
    const hls = new Hls();
    hls.on(Hls.Events.ERROR, (_event, data) => {
      const entry = { type: data.type, details: data.details, fatal: data.fatal, status: data.response ? data.response.code : null };
      player.errors.push(entry);
      if (data.fatal) player.fatal = entry;
    });
    hls.on(Hls.Events.MANIFEST_PARSED, play);
    hls.loadSource(src);
    hls.attachMedia(video);
  } else if (video.canPlayType('application/vnd.apple.mpegurl')) {
    player.engine = 'native';
    video.src = src;
    video.addEventListener('loadedmetadata', play);
  }
</script></body></html>`;

/** Serves the player page at / and hls.js at /hls.js on 127.0.0.1. */
async function startPageServer(): Promise<{ url: string; server: Server }> {
  const hlsJs = await readFile(createRequire(import.meta.url).resolve('hls.js/dist/hls.min.js'));
  const server = createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://local').pathname;
    if (pathname === '/') res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
    else if (pathname === '/hls.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(hlsJs);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

const hasChromium = existsSync(CHROMIUM);

describe.skipIf(!hasFfmpeg || !hasChromium)('camera HLS in a browser', () => {
  let sys: TestSystem;
  let admin: string;
  let dir: string;
  let clip: string;
  let pageServer: { url: string; server: Server } | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sentinel-media-browser-'));
    clip = await makeTestClip(dir, { width: 640, height: 480, fps: 15, seconds: 6 });
    sys = await startTestSystem({ DATA_DIR: path.join(dir, 'data'), MEDIA_HLS_SEGMENT_SECONDS: '1' });
    admin = await sys.adminToken();
    pageServer = await startPageServer();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    if (pageServer) {
      pageServer.server.closeAllConnections();
      await new Promise<void>((resolve) => pageServer!.server.close(() => resolve()));
    }
    await sys?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  /** The video element and player state, for assertions and for failure messages. */
  const snapshot = (page: Page) =>
    page.evaluate(() => {
      const video = document.querySelector('video')!;
      const player = (window as unknown as { player: PlayerState }).player;
      return { currentTime: video.currentTime, videoWidth: video.videoWidth, videoHeight: video.videoHeight, paused: video.paused, readyState: video.readyState, player };
    });

  it('the signed HLS link plays in Chromium: time advances, 640x480, no fatal player error', async () => {
    const created = await sys.request('POST', '/api/v1/cameras', { token: admin, body: { name: 'Browser lobby', streamType: 'Local File', devicePath: clip } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const links = await sys.request('GET', `/api/v1/media/streams/${created.body.data.id}`, { token: admin });
    expect(links.status, JSON.stringify(links.body)).toBe(200);
    const hlsUrl = `${sys.baseUrl}${links.body.data.hls}`;
    expect(hlsUrl).toMatch(/\/media\/hls\/[^/]+\/index\.m3u8\?exp=\d+&sig=[0-9a-f]+$/);

    const page = await browser!.newPage();
    // what the page saw, shown when playback does not start
    const log: string[] = [];
    page.on('console', (m) => log.push(`console.${m.type()}: ${m.text()}`));
    page.on('pageerror', (err) => log.push(`pageerror: ${err.message}`));
    page.on('requestfailed', (r) => log.push(`requestfailed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
    page.on('response', (r) => {
      if (r.status() >= 400) log.push(`HTTP ${r.status()}: ${r.url()}`);
    });
    const explain = async () => JSON.stringify({ state: await snapshot(page).catch((e: Error) => e.message), log }, null, 2);

    try {
      await page.goto(`${pageServer!.url}/?src=${encodeURIComponent(hlsUrl)}`);
      const started = await page
        .waitForFunction(
          () => {
            const player = (window as unknown as { player?: PlayerState }).player;
            return player?.fatal != null || document.querySelector('video')!.currentTime > 0.5;
          },
          undefined,
          { timeout: 30_000, polling: 100 },
        )
        .then(() => true, () => false);
      const first = await snapshot(page);
      expect(started && first.player.fatal === null, `playback did not start: ${await explain()}`).toBe(true);
      expect(first.player.engine).toBe('hls.js');

      // the first playlist lists a single segment, so the player starts at the live edge and may stall
      // briefly at each of the first segment boundaries: give it 3 s to show 1 s of progress
      await page.waitForTimeout(3000);
      const later = await snapshot(page);
      expect(later.currentTime - first.currentTime, `video time stood still: ${await explain()}`).toBeGreaterThanOrEqual(1);
      expect(later).toMatchObject({ videoWidth: 640, videoHeight: 480, paused: false });
      expect(later.player.fatal, await explain()).toBeNull();
      expect(later.player.playError).toBeNull();
    } finally {
      await page.close();
    }
  }, 60_000);
});
