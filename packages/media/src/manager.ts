/**
 * This process's camera media: probes, JPEG frame sessions and HLS sessions, all through one bounded
 * process pool. Sessions are keyed by camera and restarted when the camera's source changes. RTSP
 * cameras set to `auto` use TCP and fall back to UDP when the camera refuses TCP (461), remembering the
 * transport that worked. UDP sources are received once by a relay and shared.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { setPriority } from 'node:os';
import { FrameSession, type Frame } from './frames.ts';
import { HlsSession, PLAYLIST } from './hls.ts';
import { collectProbe, failedProbe, probeArgs, type ProbeResult } from './probe.ts';
import { isAlive, killOrphans, ProcessPool } from './processes.ts';
import { explainFailure, inputArgs, preflight, scrubCredentials, sourceKey, type MediaSource, type RtspTransport } from './sources.ts';
import { UdpRelay } from './udp-relay.ts';

export interface MediaOptions {
  ffmpegPath: string;
  ffprobePath: string;
  /** at most this many ffmpeg/ffprobe processes at once */
  maxProcesses: number;
  probeTimeoutMs: number;
  /** seconds of packets a probe reads to measure frame rate and bitrate */
  probeSeconds: number;
  /** JPEG frames per second of a live frame session */
  frameFps: number;
  /** ffmpeg's MJPEG quality scale, 2 (best) to 31 */
  jpegQuality: number;
  /** a session nobody asked anything of for this long stops */
  idleMs: number;
  /** where HLS sessions write their playlists and segments */
  hlsDir: string;
  hlsSegmentSeconds: number;
  hlsListSize: number;
  logger?: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
}

export interface ToolCheck {
  ok: boolean;
  ffmpeg: string | null;
  ffprobe: string | null;
  error: string | null;
}

export interface SessionInfo {
  cameraId: string;
  kind: 'frames' | 'hls';
  running: boolean;
  viewers: number;
  lastFrameAt: string | null;
  lastError: string | null;
}

interface Keyed<T> {
  key: string;
  session: T;
}

const LIVE_INPUT = ['-fflags', 'nobuffer', '-analyzeduration', '1000000', '-probesize', '1000000'];

export class MediaManager {
  readonly pool: ProcessPool;
  readonly #frames = new Map<string, Keyed<FrameSession>>();
  readonly #hls = new Map<string, Keyed<HlsSession>>();
  readonly #hlsStarting = new Map<string, Promise<HlsSession>>();
  readonly #relays = new Map<string, UdpRelay>();
  readonly #rtspTransport = new Map<string, RtspTransport>();
  readonly #codecs = new Map<string, string>();
  readonly #hlsRoot: string;
  #tools: Promise<ToolCheck> | undefined;
  #closed = false;

  constructor(readonly opts: MediaOptions) {
    this.pool = new ProcessPool(opts.maxProcesses, { scope: path.resolve(opts.hlsDir) });
    this.#hlsRoot = path.join(opts.hlsDir, String(process.pid));
  }

  /** Whether ffmpeg and ffprobe can be run, with their versions (checked once). */
  checkTools(): Promise<ToolCheck> {
    return (this.#tools ??= (async () => {
      const [ffmpeg, ffprobe] = await Promise.all([versionOf(this.opts.ffmpegPath), versionOf(this.opts.ffprobePath)]);
      const missing = [ffmpeg.ok ? null : `ffmpeg (${this.opts.ffmpegPath}): ${ffmpeg.error}`, ffprobe.ok ? null : `ffprobe (${this.opts.ffprobePath}): ${ffprobe.error}`].filter(Boolean);
      return {
        ok: missing.length === 0,
        ffmpeg: ffmpeg.ok ? ffmpeg.version : null,
        ffprobe: ffprobe.ok ? ffprobe.version : null,
        error: missing.length ? `${missing.join('; ')}. Install Debian's ffmpeg package (apt-get install ffmpeg) or set FFMPEG_PATH/FFPROBE_PATH.` : null,
      };
    })());
  }

  /**
   * Clears what servers of this installation left when they died without cleaning up (a crash, a SIGKILL):
   * their ffmpeg children still running, and their HLS directories. Returns the pids killed.
   */
  async sweepLeftovers(): Promise<number[]> {
    const killed = await killOrphans(path.resolve(this.opts.hlsDir));
    const entries = await readdir(this.opts.hlsDir).catch(() => [] as string[]);
    for (const name of entries) {
      const pid = Number(name);
      if (!Number.isInteger(pid) || pid === process.pid || isAlive(pid)) continue;
      await rm(path.join(this.opts.hlsDir, name), { recursive: true, force: true }).catch(() => undefined);
    }
    return killed;
  }

  /** Opens the stream and measures it; the result says why when it cannot. */
  async probe(cameraId: string, source: MediaSource, opts: { timeoutMs?: number; readSeconds?: number } = {}): Promise<ProbeResult> {
    const tools = await this.checkTools();
    if (!tools.ok) return failedProbe(tools.error ?? 'ffmpeg is missing');
    const timeoutMs = opts.timeoutMs ?? this.opts.probeTimeoutMs;
    const first = await preflight(source, Math.min(timeoutMs, 5000));
    if (!first.ok) return failedProbe(first.message);
    const run = async (transport?: RtspTransport) => {
      const input = [
        // live sources: decide on the stream after a second, not ffprobe's default five
        ...(source.kind === 'file' ? [] : ['-analyzeduration', '1000000']),
        ...inputArgs(source, { live: false, timeoutMs, ...(transport ? { rtspTransport: transport } : {}) }),
      ];
      const startedAt = performance.now();
      let child: ChildProcess;
      try {
        child = await this.#spawn(this.opts.ffprobePath, probeArgs(input, opts.readSeconds ?? this.opts.probeSeconds), 'probe', cameraId, source);
      } catch (err) {
        return failedProbe((err as Error).message, first.latencyMs);
      }
      return collectProbe(child, source, { timeoutMs, latencyMs: first.latencyMs, startedAt });
    };
    let result: ProbeResult;
    if (source.kind === 'rtsp' && source.transport === 'auto') {
      const remembered = this.#rtspTransport.get(source.url) ?? 'tcp';
      result = await run(remembered);
      if (!result.success && remembered === 'tcp' && /461|transport/i.test(result.message)) {
        const viaUdp = await run('udp');
        if (viaUdp.success) {
          this.#rtspTransport.set(source.url, 'udp');
          viaUdp.message = `${viaUdp.message} (over UDP: the camera refused RTSP over TCP)`;
        }
        result = viaUdp.success ? viaUdp : result;
      }
    } else {
      result = await run();
    }
    if (result.success && result.codec) this.#codecs.set(sourceKey(source), result.codec);
    return result;
  }

  /** The camera's live frame session (created on first use; replaced when the source changed). */
  frames(cameraId: string, source: MediaSource): FrameSession {
    const key = sourceKey(source);
    const existing = this.#frames.get(cameraId);
    if (existing && existing.key === key && !existing.session.stopped) return existing.session;
    if (existing) void existing.session.stop();
    this.#assertOpen();
    const session: FrameSession = new FrameSession({
      cameraId,
      idleMs: this.opts.idleMs,
      start: () => this.#spawn(this.opts.ffmpegPath, this.#frameArgs(source), 'frames', cameraId, source),
      terminate: (child) => this.pool.terminate(child),
      explain: (stderr) => explainFailure(stderr, source),
      onFailure: (message) => {
        this.#learnTransport(source, message);
        this.opts.logger?.warn({ cameraId, reason: message }, 'camera frame stream failed');
      },
      onStopped: () => {
        if (this.#frames.get(cameraId)?.session === session) this.#frames.delete(cameraId);
      },
    });
    this.#frames.set(cameraId, { key, session });
    return session;
  }

  /** A JPEG no older than maxAgeMs from the camera's frame session. */
  snapshot(cameraId: string, source: MediaSource, opts: { maxAgeMs: number; timeoutMs: number }): Promise<Frame> {
    return this.frames(cameraId, source).frame(opts);
  }

  /** The latest frame of a running session in this process, if any. */
  liveFrame(cameraId: string): Frame | null {
    return this.#frames.get(cameraId)?.session.latest ?? null;
  }

  /** The camera's HLS session, started if needed and ready (its playlist lists a segment). */
  async hls(cameraId: string, source: MediaSource, timeoutMs: number): Promise<HlsSession> {
    const key = sourceKey(source);
    const existing = this.#hls.get(cameraId);
    if (existing && existing.key === key && !existing.session.stopped) {
      await existing.session.ready(timeoutMs);
      return existing.session;
    }
    const pending = this.#hlsStarting.get(cameraId);
    if (pending) return pending;
    const starting = (async () => {
      if (existing) await existing.session.stop();
      this.#assertOpen();
      const codec = await this.#codecOf(cameraId, source);
      const dir = path.join(this.#hlsRoot, `${safeName(cameraId)}-${randomBytes(4).toString('hex')}`);
      await mkdir(dir, { recursive: true });
      const session: HlsSession = new HlsSession({
        cameraId,
        dir,
        idleMs: this.opts.idleMs,
        start: () => this.#spawn(this.opts.ffmpegPath, this.#hlsArgs(source, dir, codec), 'hls', cameraId, source),
        terminate: (child) => this.pool.terminate(child),
        explain: (stderr) => explainFailure(stderr, source),
        onStopped: () => {
          if (this.#hls.get(cameraId)?.session === session) this.#hls.delete(cameraId);
        },
      });
      this.#hls.set(cameraId, { key, session });
      await session.ready(timeoutMs);
      return session;
    })();
    this.#hlsStarting.set(cameraId, starting);
    try {
      return await starting;
    } finally {
      this.#hlsStarting.delete(cameraId);
    }
  }

  /** The running HLS session of a camera, without starting one. */
  hlsSession(cameraId: string): HlsSession | null {
    const entry = this.#hls.get(cameraId);
    return entry && !entry.session.stopped ? entry.session : null;
  }

  /** Stops every session of a camera (deleted, disabled, address changed). */
  async stopCamera(cameraId: string): Promise<void> {
    await Promise.all([this.#frames.get(cameraId)?.session.stop(), this.#hls.get(cameraId)?.session.stop()]);
  }

  /**
   * Restarts what runs: frame sessions reopen their camera at once (viewers keep their subscription),
   * HLS sessions stop and start again on the next playlist request. Returns how many were restarted.
   */
  async restartAll(cameraIds?: ReadonlySet<string>): Promise<{ frames: number; hls: number }> {
    const frames = [...this.#frames.entries()].filter(([id]) => !cameraIds || cameraIds.has(id));
    const hls = [...this.#hls.entries()].filter(([id]) => !cameraIds || cameraIds.has(id));
    this.#rtspTransport.clear();
    this.#codecs.clear();
    await Promise.all([...frames.map(([, e]) => e.session.restart()), ...hls.map(([, e]) => e.session.stop())]);
    return { frames: frames.length, hls: hls.length };
  }

  sessions(): SessionInfo[] {
    const out: SessionInfo[] = [];
    for (const [cameraId, { session }] of this.#frames) {
      out.push({
        cameraId,
        kind: 'frames',
        running: session.running,
        viewers: session.subscriberCount,
        lastFrameAt: session.latest ? new Date(session.latest.at).toISOString() : null,
        lastError: session.lastError,
      });
    }
    for (const [cameraId, { session }] of this.#hls) {
      out.push({ cameraId, kind: 'hls', running: !session.stopped, viewers: 0, lastFrameAt: null, lastError: session.lastError });
    }
    return out;
  }

  /** Stops every session and child process; nothing of ours runs afterwards. */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all([...[...this.#frames.values()].map((e) => e.session.stop()), ...[...this.#hls.values()].map((e) => e.session.stop())]);
    await this.pool.stopAll();
    for (const relay of this.#relays.values()) relay.close();
    await rm(this.#hlsRoot, { recursive: true, force: true }).catch(() => undefined);
  }

  #assertOpen(): void {
    if (this.#closed) throw new Error('media is shutting down');
  }

  #learnTransport(source: MediaSource, message: string): void {
    if (source.kind === 'rtsp' && source.transport === 'auto' && /461|transport/i.test(message) && (this.#rtspTransport.get(source.url) ?? 'tcp') === 'tcp') {
      this.#rtspTransport.set(source.url, 'udp');
    }
  }

  #input(source: MediaSource, live: boolean): string[] {
    const transport = source.kind === 'rtsp' ? this.#rtspTransport.get(source.url) : undefined;
    const input = inputArgs(source, { live, timeoutMs: this.opts.probeTimeoutMs, ...(transport ? { rtspTransport: transport } : {}) });
    return source.kind === 'file' ? input : [...LIVE_INPUT, ...input];
  }

  #frameArgs(source: MediaSource): string[] {
    return [
      '-hide_banner', '-loglevel', 'error', '-nostdin',
      ...this.#input(source, true),
      '-map', '0:v:0', '-an', '-sn', '-dn',
      '-vf', `fps=${this.opts.frameFps}`,
      '-c:v', 'mjpeg', '-q:v', String(this.opts.jpegQuality), '-pix_fmt', 'yuvj420p',
      '-f', 'image2pipe', 'pipe:1',
    ];
  }

  #hlsArgs(source: MediaSource, dir: string, codec: string): string[] {
    const seconds = this.opts.hlsSegmentSeconds;
    // H.264 is passed through untouched; anything else is encoded for browsers
    const video = codec === 'h264'
      ? ['-c:v', 'copy']
      : ['-c:v', 'libx264', '-preset', 'veryfast', '-tune', 'zerolatency', '-pix_fmt', 'yuv420p', '-sc_threshold', '0', '-force_key_frames', `expr:gte(t,n_forced*${seconds})`];
    return [
      '-hide_banner', '-loglevel', 'error', '-nostdin',
      ...this.#input(source, true),
      '-map', '0:v:0', '-an', '-sn', '-dn',
      ...video,
      '-f', 'hls',
      '-hls_time', String(seconds),
      '-hls_list_size', String(this.opts.hlsListSize),
      '-hls_flags', 'delete_segments+omit_endlist+temp_file+independent_segments',
      '-hls_segment_filename', path.join(dir, 'seg_%d.ts'),
      path.join(dir, PLAYLIST),
    ];
  }

  async #codecOf(cameraId: string, source: MediaSource): Promise<string> {
    const known = this.#codecs.get(sourceKey(source));
    if (known) return known;
    const probe = await this.probe(cameraId, source, { readSeconds: 0.5 });
    if (!probe.success || !probe.codec) throw new Error(probe.message);
    return probe.codec;
  }

  /** Starts a child through the pool; a UDP source is fed to its stdin by the shared relay. */
  async #spawn(command: string, args: string[], purpose: string, cameraId: string, source: MediaSource): Promise<ChildProcess> {
    this.#assertOpen();
    const child = await this.pool.spawn(command, args, { purpose, cameraId });
    // media work yields to the API on a busy machine: requests stay fast, a frame comes a little later
    if (child.pid !== undefined) {
      try {
        setPriority(child.pid, 10);
      } catch {
        // not permitted here: run at normal priority
      }
    }
    if (source.kind === 'udp' && child.stdin) {
      let relay = this.#relays.get(source.url);
      if (!relay) {
        const created: UdpRelay = new UdpRelay(source.url, () => {
          if (this.#relays.get(source.url) === created) this.#relays.delete(source.url);
        });
        relay = created;
        this.#relays.set(source.url, relay);
      }
      try {
        await relay.attach(child.stdin);
      } catch (err) {
        await this.pool.terminate(child);
        throw err;
      }
    }
    child.once('error', (err) => this.opts.logger?.warn({ cameraId, purpose, err: scrubCredentials(err.message) }, 'media process failed to start'));
    return child;
  }
}

function safeName(id: string): string {
  return id.replace(/[^A-Za-z0-9_-]/g, '_');
}

function versionOf(command: string): Promise<{ ok: true; version: string } | { ok: false; error: string }> {
  return new Promise((resolve) => {
    let out = '';
    let child: ChildProcess;
    try {
      child = spawn(command, ['-hide_banner', '-version'], { stdio: ['ignore', 'pipe', 'ignore'] });
    } catch (err) {
      resolve({ ok: false, error: (err as Error).message });
      return;
    }
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => (out += chunk));
    child.once('error', (err: NodeJS.ErrnoException) => resolve({ ok: false, error: err.code === 'ENOENT' ? 'not found' : err.message }));
    child.once('close', (code) => {
      const first = out.split('\n')[0]?.trim() ?? '';
      if (code === 0 && first) resolve({ ok: true, version: first });
      else resolve({ ok: false, error: `exited with ${code}` });
    });
  });
}
