/**
 * A live HLS camera: ffmpeg writes a sliding H.264 playlist (1 s segments, 6 in the list, old ones
 * deleted) into a temp dir, and a static node:http server publishes it at
 * `http://127.0.0.1:PORT/live/index.m3u8`. Each start begins with an empty dir, so a restarted source
 * never serves the previous run's playlist.
 */
import http from 'node:http';
import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createMediaSource, pictureOf, waitUntil, type LiveSourceOptions, type MediaSource } from './lifecycle.ts';
import { closeServer, freePort, listenOn, trackConnections } from './ports.ts';
import { liveH264Output, liveTestInput, spawnFfmpeg, stopProcess } from './processes.ts';

const CONTENT_TYPES: Record<string, string> = {
  '.m3u8': 'application/vnd.apple.mpegurl',
  '.ts': 'video/mp2t',
};

function serveDir(dir: string): http.RequestListener {
  return (req, res) => {
    const name = /^\/live\/([\w.-]+)$/.exec(req.url?.split('?')[0] ?? '')?.[1];
    const type = name && !name.startsWith('.') ? CONTENT_TYPES[path.extname(name)] : undefined;
    if (!name || !type || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    const file = path.join(dir, name);
    stat(file).then(
      (info) => {
        res.writeHead(200, { 'Content-Type': type, 'Content-Length': info.size, 'Cache-Control': 'no-cache' });
        if (req.method === 'HEAD') return void res.end();
        createReadStream(file)
          .on('error', () => res.destroy())
          .pipe(res);
      },
      () => res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found'),
    );
  };
}

async function segmentsListed(playlist: string): Promise<number> {
  try {
    return (await readFile(playlist, 'utf8')).split('\n').filter((line) => line.trim().endsWith('.ts')).length;
  } catch {
    return 0;
  }
}

/** Serves a live HLS stream; resolves once the playlist lists at least 2 segments. */
export async function startHlsHttpSource(opts: LiveSourceOptions = {}): Promise<MediaSource> {
  const { width, height, fps } = pictureOf(opts);
  const port = await freePort();
  return createMediaSource(`http://127.0.0.1:${port}/live/index.m3u8`, async (cleanup) => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sentinel-hls-'));
    cleanup.add(() => rm(dir, { recursive: true, force: true }));
    const playlist = path.join(dir, 'index.m3u8');
    const proc = spawnFfmpeg([
      ...liveTestInput(width, height, fps),
      ...liveH264Output(fps),
      '-f', 'hls',
      '-hls_time', '1',
      '-hls_list_size', '6',
      '-hls_flags', 'delete_segments',
      '-hls_segment_filename', path.join(dir, 'segment-%05d.ts'),
      playlist,
    ]);
    cleanup.add(() => stopProcess(proc));
    const server = http.createServer(serveDir(dir));
    const sockets = trackConnections(server);
    await listenOn(server, port);
    cleanup.add(() => closeServer(server, sockets));
    await waitUntil('2 HLS segments', async () => (await segmentsListed(playlist)) >= 2, { proc });
  });
}
