/**
 * ffprobe for tests: `ffprobeJson` runs it with JSON output (bounded in time, stderr in the error), and
 * `probeVideo` reads the first video stream of a url with network timeouts suited to its scheme.
 */
import { spawn } from 'node:child_process';

export interface FfprobeStream {
  index?: number;
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
  [key: string]: unknown;
}

export interface FfprobeResult {
  streams?: FfprobeStream[];
  format?: Record<string, unknown>;
  [key: string]: unknown;
}

/** ffprobe failed: `stderr` holds what it said (e.g. "401 Unauthorized", "Connection refused"). */
export class FfprobeError extends Error {
  constructor(
    message: string,
    readonly stderr: string,
  ) {
    super(message);
  }
}

const DEFAULT_PROBE_TIMEOUT_MS = 20_000;

/** Runs `ffprobe -v error -of json ...args` and resolves with its parsed output. */
export function ffprobeJson(args: readonly string[], opts: { timeoutMs?: number } = {}): Promise<FfprobeResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('ffprobe', ['-hide_banner', '-v', 'error', '-of', 'json', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, opts.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(new FfprobeError(`ffprobe could not start: ${err.message}`, ''));
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      if (timedOut) return reject(new FfprobeError(`ffprobe timed out: ${stderr.trim()}`, stderr));
      if (code !== 0) return reject(new FfprobeError(`ffprobe exited with ${code}: ${stderr.trim()}`, stderr));
      try {
        resolve(JSON.parse(stdout) as FfprobeResult);
      } catch {
        reject(new FfprobeError(`ffprobe printed no JSON: ${stdout.slice(0, 200)}`, stderr));
      }
    });
  });
}

/** Timeouts so that a dead network source fails the probe in seconds instead of hanging. */
function networkTimeoutArgs(url: string): string[] {
  const scheme = url.slice(0, url.indexOf(':'));
  if (scheme === 'rtsp') return ['-timeout', '5000000'];
  // a live UDP source sends many packets a second; each read of the mpegts demuxer waits this long
  if (scheme === 'udp') return ['-timeout', '1000000'];
  if (scheme === 'http' || scheme === 'https' || scheme === 'tcp') return ['-rw_timeout', '5000000'];
  return [];
}

/** Default input options, each added only when the caller did not give that option. */
function withDefaults(url: string, given: readonly string[]): string[] {
  const defaults = [...networkTimeoutArgs(url), '-analyzeduration', '1000000'];
  const args = [...given];
  for (let i = 0; i < defaults.length; i += 2) {
    const [name = '', value = ''] = defaults.slice(i, i + 2);
    if (!given.includes(name)) args.unshift(name, value);
  }
  return args;
}

export interface VideoStreamInfo {
  codec: string;
  width: number;
  height: number;
}

/**
 * Probes the first video stream of `url`. `extraInputArgs` go before `-i` (e.g. `-rtsp_transport tcp`,
 * `-f mpegts`); scheme-specific network timeouts and a 1 s `-analyzeduration` (live sources would
 * otherwise be read for 5 s) are added unless the caller set them.
 */
export async function probeVideo(url: string, extraInputArgs: readonly string[] = []): Promise<VideoStreamInfo> {
  const inputArgs = withDefaults(url, extraInputArgs);
  const result = await ffprobeJson(['-select_streams', 'v:0', '-show_entries', 'stream=codec_name,codec_type,width,height', ...inputArgs, '-i', url]);
  const stream = result.streams?.[0];
  if (!stream?.codec_name || !stream.width || !stream.height) throw new FfprobeError(`no video stream in ${url}`, '');
  return { codec: stream.codec_name, width: stream.width, height: stream.height };
}
