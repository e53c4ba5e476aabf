/**
 * Where a camera's video comes from, as ffmpeg input options, and the checks that can fail fast with a
 * clear reason before ffmpeg is started: the file exists, the USB device is present, the host answers on
 * its port (the TCP connect time is the latency the probe reports for network cameras).
 */
import { constants as fsConstants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import net from 'node:net';

export type RtspTransport = 'tcp' | 'udp';

export type MediaSource =
  | { kind: 'rtsp'; url: string; transport: RtspTransport | 'auto' }
  /** anything ffmpeg reads over HTTP(S): MJPEG (multipart/x-mixed-replace), HLS playlists, progressive files */
  | { kind: 'http'; url: string }
  /** looped at real time when streamed */
  | { kind: 'file'; path: string }
  /** V4L2 device, /dev/videoN */
  | { kind: 'usb'; device: string }
  /** MPEG-TS from a host that serves it on a TCP port */
  | { kind: 'tcp'; url: string }
  /** MPEG-TS sent to us over UDP; received once by a relay and fed to every consumer on stdin */
  | { kind: 'udp'; url: string };

/** The same source as a stable string: a session whose source changed is restarted. */
export function sourceKey(source: MediaSource): string {
  return JSON.stringify(source);
}

export interface InputOptions {
  /** the consumer reads continuously (frames, HLS): local files loop at real time */
  live: boolean;
  timeoutMs: number;
  /** resolved RTSP transport when the source says auto */
  rtspTransport?: RtspTransport;
}

/** ffmpeg/ffprobe input options, ending with `-i <input>`. UDP sources read from stdin (see UdpRelay). */
export function inputArgs(source: MediaSource, opts: InputOptions): string[] {
  const us = String(Math.max(1, Math.round(opts.timeoutMs * 1000)));
  switch (source.kind) {
    case 'rtsp': {
      const transport = source.transport === 'auto' ? (opts.rtspTransport ?? 'tcp') : source.transport;
      return ['-rtsp_transport', transport, '-timeout', us, '-i', source.url];
    }
    case 'http':
      return ['-rw_timeout', us, '-reconnect', '0', '-i', source.url];
    case 'file':
      return opts.live ? ['-re', '-stream_loop', '-1', '-i', source.path] : ['-i', source.path];
    case 'usb':
      return ['-f', 'v4l2', '-i', source.device];
    case 'tcp':
      return ['-rw_timeout', us, '-f', 'mpegts', '-i', source.url];
    case 'udp':
      return ['-f', 'mpegts', '-i', 'pipe:0'];
  }
}

export type Preflight = { ok: true; latencyMs: number | null } | { ok: false; message: string };

const DEFAULT_PORTS: Record<string, number> = { 'rtsp:': 554, 'rtsps:': 322, 'http:': 80, 'https:': 443 };

/** Fails fast, in words a person understands, on what can be checked without ffmpeg. */
export async function preflight(source: MediaSource, timeoutMs: number): Promise<Preflight> {
  switch (source.kind) {
    case 'file':
      return checkFile(source.path);
    case 'usb':
      return checkDevice(source.device);
    case 'udp':
      return { ok: true, latencyMs: null };
    case 'rtsp':
    case 'http':
    case 'tcp': {
      const url = new URL(source.url);
      const port = url.port ? Number(url.port) : DEFAULT_PORTS[url.protocol];
      if (!port) return { ok: false, message: `the address has no port: ${describeAddress(url)}` };
      return connectTime(url.hostname.replace(/^\[(.*)\]$/, '$1'), port, timeoutMs);
    }
  }
}

function describeAddress(url: URL): string {
  return `${url.protocol}//${url.host}`;
}

async function checkFile(path: string): Promise<Preflight> {
  try {
    const info = await stat(path);
    if (!info.isFile()) return { ok: false, message: `not a file: ${path}` };
    await access(path, fsConstants.R_OK);
    return { ok: true, latencyMs: null };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { ok: false, message: `file not found: ${path}` };
    if (code === 'EACCES') return { ok: false, message: `the server may not read ${path} (permission denied)` };
    return { ok: false, message: `cannot open ${path}: ${(err as Error).message}` };
  }
}

async function checkDevice(device: string): Promise<Preflight> {
  try {
    const info = await stat(device);
    if (!info.isCharacterDevice()) return { ok: false, message: `${device} is not a video device` };
    await access(device, fsConstants.R_OK);
    return { ok: true, latencyMs: null };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { ok: false, message: `USB device ${device} is not present on this server (is the camera plugged in?)` };
    if (code === 'EACCES') return { ok: false, message: `the server may not open ${device} (add its user to the video group)` };
    return { ok: false, message: `cannot open ${device}: ${(err as Error).message}` };
  }
}

const CONNECT_ERRORS: Record<string, (where: string) => string> = {
  ECONNREFUSED: (where) => `connection refused by ${where} (nothing is listening there)`,
  EHOSTUNREACH: (where) => `host unreachable: ${where}`,
  ENETUNREACH: (where) => `network unreachable: ${where}`,
  ENOTFOUND: (where) => `host name not found: ${where}`,
  EAI_AGAIN: (where) => `host name could not be resolved (DNS): ${where}`,
  ECONNRESET: (where) => `connection reset by ${where}`,
};

function connectTime(host: string, port: number, timeoutMs: number): Promise<Preflight> {
  const where = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
  const started = performance.now();
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (result: Preflight) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => done({ ok: false, message: `no answer from ${where} within ${Math.round(timeoutMs / 1000)} s (connection timed out)` }), timeoutMs);
    socket.once('connect', () => done({ ok: true, latencyMs: Math.round((performance.now() - started) * 10) / 10 }));
    socket.once('error', (err: NodeJS.ErrnoException) => {
      const describe = CONNECT_ERRORS[err.code ?? ''];
      done({ ok: false, message: describe ? describe(where) : `cannot connect to ${where}: ${err.message}` });
    });
  });
}

/** Turns ffmpeg's last stderr lines into the reason a person reads. */
export function explainFailure(stderr: string, source: MediaSource): string {
  const text = stderr.toLowerCase();
  const rules: [RegExp, string][] = [
    [/401 unauthorized|server returned 401|method describe failed: 401/, '401 from the camera: the user name or password is wrong or missing'],
    [/403 forbidden|server returned 403|: 403/, '403 from the camera: this account may not view the stream'],
    [/404 not found|server returned 404|: 404/, '404 from the camera: the stream path is wrong'],
    [/461 unsupported transport|nonmatching transport|: 461/, 'the camera refused this RTSP transport (461); try the other one (TCP or UDP)'],
    [/connection refused/, 'connection refused'],
    [/connection timed out|timed out|timeout/, 'the camera stopped answering (timed out)'],
    [/no route to host/, 'no route to host'],
    [/name or service not known|temporary failure in name resolution/, 'host name not found'],
    [/end of file|connection reset/, 'the camera closed the connection'],
    [/no such file or directory/, source.kind === 'usb' ? 'the USB device is not present on this server' : 'file not found'],
    [/invalid data found when processing input|could not find codec parameters|unknown input format/, 'no video stream ffmpeg can read at this address'],
    [/permission denied/, 'permission denied'],
  ];
  for (const [pattern, message] of rules) if (pattern.test(text)) return message;
  const last = scrubCredentials(stderr).trim().split('\n').filter(Boolean).at(-1);
  return last ? `the stream could not be read: ${last.slice(0, 300)}` : 'the stream could not be read';
}

/** ffmpeg echoes its input URL in errors: user info in any URL becomes ****. */
export function scrubCredentials(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^\s/@]+@/gi, '$1****@');
}
