/**
 * Opens a stream with ffprobe and reads about two seconds of its video packets: codec and resolution come
 * from the stream, frame rate and bitrate from the packets' timestamps and sizes (live cameras rarely
 * declare a bitrate). Never throws for a stream that cannot be read: the result says why.
 */
import type { ChildProcess } from 'node:child_process';
import { StderrTail } from './stderr-tail.ts';
import { explainFailure, type MediaSource } from './sources.ts';

export interface ProbeResult {
  success: boolean;
  /** TCP connect time for network cameras, otherwise the time until the stream was read */
  latencyMs: number | null;
  /** Mbit/s */
  bitrate: number | null;
  fps: number | null;
  /** e.g. 1920x1080 */
  resolution: string | null;
  codec: string | null;
  message: string;
}

export const failedProbe = (message: string, latencyMs: number | null = null): ProbeResult => ({
  success: false,
  latencyMs,
  bitrate: null,
  fps: null,
  resolution: null,
  codec: null,
  message,
});

interface FfprobeOutput {
  streams?: { codec_name?: string; width?: number; height?: number; avg_frame_rate?: string; r_frame_rate?: string }[];
  packets?: { pts_time?: string; dts_time?: string; size?: string }[];
}

/** The ffprobe arguments after the input options. */
export function probeArgs(input: string[], readSeconds: number): string[] {
  return [
    '-v', 'error', '-hide_banner',
    ...input,
    '-select_streams', 'v:0',
    '-read_intervals', `%+${readSeconds}`,
    '-show_entries', 'stream=codec_name,width,height,avg_frame_rate,r_frame_rate:packet=pts_time,dts_time,size',
    '-of', 'json',
  ];
}

/** Waits for a started ffprobe and turns its output into a result; kills it at the deadline. */
export async function collectProbe(child: ChildProcess, source: MediaSource, opts: { timeoutMs: number; latencyMs: number | null; startedAt: number }): Promise<ProbeResult> {
  const stderr = new StderrTail(child.stderr);
  let stdout = '';
  child.stdout?.setEncoding('utf8');
  child.stdout?.on('data', (chunk: string) => {
    if (stdout.length < 8 * 1024 * 1024) stdout += chunk;
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, opts.timeoutMs);
  const code = await new Promise<number | null>((resolve) => {
    child.once('close', (c) => resolve(c));
    child.once('error', () => resolve(-1));
  });
  clearTimeout(timer);
  const elapsed = Math.round(performance.now() - opts.startedAt);
  const latencyMs = opts.latencyMs ?? elapsed;
  if (timedOut) return failedProbe(`no video arrived within ${Math.round(opts.timeoutMs / 1000)} s`, opts.latencyMs);
  let parsed: FfprobeOutput = {};
  try {
    parsed = stdout ? (JSON.parse(stdout) as FfprobeOutput) : {};
  } catch {
    parsed = {};
  }
  const stream = parsed.streams?.[0];
  if (code !== 0 && !stream) return failedProbe(explainFailure(stderr.text, source), opts.latencyMs);
  if (!stream) return failedProbe('no video stream (the source has no video track)', opts.latencyMs);
  const measured = measurePackets(parsed.packets ?? []);
  const declaredFps = rate(stream.avg_frame_rate) ?? rate(stream.r_frame_rate);
  const fps = measured.fps ?? declaredFps;
  const resolution = stream.width && stream.height ? `${stream.width}x${stream.height}` : null;
  return {
    success: true,
    latencyMs,
    bitrate: measured.bitrate,
    fps: fps === null ? null : Math.round(fps * 100) / 100,
    resolution,
    codec: stream.codec_name ?? null,
    message: `OK: ${[stream.codec_name, resolution, fps ? `${Math.round(fps * 10) / 10} fps` : null].filter(Boolean).join(', ')}`,
  };
}

function rate(text: string | undefined): number | null {
  const m = /^(\d+)\/(\d+)$/.exec(text ?? '');
  if (!m) return null;
  const value = Number(m[1]) / Number(m[2]);
  return Number.isFinite(value) && value > 0 && value <= 240 ? value : null;
}

/** Frame rate and bitrate over the packets read; null when too few packets carry timestamps. */
export function measurePackets(packets: readonly { pts_time?: string; dts_time?: string; size?: string }[]): { fps: number | null; bitrate: number | null } {
  const times: number[] = [];
  let bytes = 0;
  for (const p of packets) {
    const t = Number(p.pts_time ?? p.dts_time);
    if (Number.isFinite(t)) times.push(t);
    bytes += Number(p.size ?? 0) || 0;
  }
  if (times.length < 3) return { fps: null, bitrate: null };
  times.sort((a, b) => a - b);
  const span = times[times.length - 1]! - times[0]!;
  if (span <= 0) return { fps: null, bitrate: null };
  const fps = (times.length - 1) / span;
  // the last packet lasts one frame too
  const seconds = span + 1 / fps;
  const bitrate = Math.round(((bytes * 8) / seconds / 1_000_000) * 1000) / 1000;
  return { fps: fps <= 240 ? fps : null, bitrate };
}
