/**
 * A live MJPEG camera over HTTP (`multipart/x-mixed-replace`), like the snapshot streams of cheap IP
 * cameras: ONE ffmpeg writes `-f mpjpeg` to stdout, its JPEG parts are split out and fanned out to every
 * connected client, each client starting at a part boundary. Optional HTTP Basic authentication.
 */
import http from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { createMediaSource, pictureOf, waitUntil, type LiveSourceOptions, type MediaSource } from './lifecycle.ts';
import { closeServer, freePort, listenOn, trackConnections } from './ports.ts';
import { liveTestInput, spawnFfmpeg, stopProcess } from './processes.ts';

export interface MjpegHttpOptions extends LiveSourceOptions {
  username?: string;
  password?: string;
}

const HEADER_END = Buffer.from('\r\n\r\n');
const BOUNDARY = 'frame';
const MAX_CLIENT_BACKLOG = 8 * 1024 * 1024;

/**
 * Splits a multipart JPEG stream (`--boundary`, headers, `Content-Length` bytes of JPEG), such as
 * ffmpeg's mpjpeg output (boundary `ffmpeg`), into JPEGs.
 */
export class MpjpegSplitter {
  #pending: Buffer = Buffer.alloc(0);
  readonly #delimiter: Buffer;

  constructor(
    private readonly onJpeg: (jpeg: Buffer) => void,
    boundary = 'ffmpeg',
  ) {
    this.#delimiter = Buffer.from(`--${boundary.replace(/^"|"$/g, '')}`);
  }

  push(chunk: Buffer): void {
    this.#pending = this.#pending.length ? Buffer.concat([this.#pending, chunk]) : chunk;
    for (;;) {
      const start = this.#pending.indexOf(this.#delimiter);
      if (start < 0) return;
      const headerEnd = this.#pending.indexOf(HEADER_END, start);
      if (headerEnd < 0) return;
      const headers = this.#pending.subarray(start, headerEnd).toString('latin1');
      const length = Number(/content-length:\s*(\d+)/i.exec(headers)?.[1]);
      if (!Number.isFinite(length)) {
        this.#pending = this.#pending.subarray(headerEnd); // not a part header: resynchronise on the next one
        continue;
      }
      const bodyStart = headerEnd + HEADER_END.length;
      if (this.#pending.length < bodyStart + length) return;
      this.onJpeg(Buffer.from(this.#pending.subarray(bodyStart, bodyStart + length)));
      this.#pending = this.#pending.subarray(bodyStart + length);
    }
  }
}

function credentialsMatch(header: string | undefined, username: string, password: string): boolean {
  const match = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!match?.[1]) return false;
  const given = Buffer.from(match[1], 'base64');
  const expected = Buffer.from(`${username}:${password}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Serves a live MJPEG stream at `http://127.0.0.1:PORT/video.mjpg`; resolves once the first frame exists. */
export async function startMjpegHttpSource(opts: MjpegHttpOptions = {}): Promise<MediaSource> {
  const { width, height, fps } = pictureOf(opts);
  const port = await freePort();
  return createMediaSource(`http://127.0.0.1:${port}/video.mjpg`, async (cleanup) => {
    const clients = new Set<http.ServerResponse>();
    let frames = 0;
    const splitter = new MpjpegSplitter((jpeg) => {
      frames++;
      const part = Buffer.concat([Buffer.from(`--${BOUNDARY}\r\nContent-Type: image/jpeg\r\nContent-Length: ${jpeg.length}\r\n\r\n`), jpeg, Buffer.from('\r\n')]);
      for (const res of clients) if (res.writableLength < MAX_CLIENT_BACKLOG) res.write(part);
    });

    const proc = spawnFfmpeg([...liveTestInput(width, height, fps), '-an', '-c:v', 'mjpeg', '-q:v', '5', '-f', 'mpjpeg', 'pipe:1'], { stdout: 'pipe' });
    cleanup.add(() => stopProcess(proc));
    proc.child.stdout?.on('data', (chunk: Buffer) => splitter.push(chunk));

    const server = http.createServer((req, res) => {
      if (opts.username !== undefined && !credentialsMatch(req.headers.authorization, opts.username, opts.password ?? '')) {
        res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="test camera"', 'Content-Type': 'text/plain' }).end('401 Unauthorized');
        return;
      }
      if (req.method !== 'GET' || req.url?.split('?')[0] !== '/video.mjpg') {
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
        return;
      }
      res.writeHead(200, { 'Content-Type': `multipart/x-mixed-replace;boundary=${BOUNDARY}`, 'Cache-Control': 'no-cache, no-store', Connection: 'close' });
      clients.add(res);
      res.once('close', () => clients.delete(res));
    });
    const sockets = trackConnections(server);
    await listenOn(server, port);
    cleanup.add(() => closeServer(server, sockets));
    await waitUntil('the first MJPEG frame', () => frames > 0, { proc });
  });
}
