/**
 * A camera's live JPEG frames: one ffmpeg decoding the stream and writing JPEGs at a fixed rate, shared by
 * every consumer in this process (snapshot pollers, WebSocket and MJPEG viewers, stored snapshots). It
 * starts on first demand, keeps the latest frame, restarts with backoff while someone still wants frames,
 * and stops once nobody has asked for a frame for the idle period.
 */
import type { ChildProcess } from 'node:child_process';
import { JpegSplitter, jpegSize } from './jpeg-frames.ts';
import { StderrTail } from './stderr-tail.ts';

export interface Frame {
  jpeg: Buffer;
  /** epoch ms when the frame arrived */
  at: number;
  width: number | null;
  height: number | null;
}

export class FrameError extends Error {}

export interface FrameSessionOptions {
  cameraId: string;
  /** spawns the ffmpeg writing JPEGs to stdout */
  start(): Promise<ChildProcess>;
  terminate(child: ChildProcess): Promise<void>;
  /** turns ffmpeg's stderr into a reason a person reads */
  explain(stderr: string): string;
  idleMs: number;
  /** called once the session has stopped for good (idle, or stopped by the manager) */
  onStopped(): void;
  /** called when the source failed and a retry is scheduled */
  onFailure?(message: string): void;
}

type Waiter = { maxAgeMs: number; resolve(frame: Frame): void; reject(err: Error): void; timer: NodeJS.Timeout };

const BACKOFF_MS = [500, 1000, 2000, 5000];

export class FrameSession {
  latest: Frame | null = null;
  lastError: string | null = null;
  framesReceived = 0;
  readonly #subscribers = new Map<(frame: Frame) => void, (() => void) | undefined>();
  readonly #waiters = new Set<Waiter>();
  #child: ChildProcess | undefined;
  #starting = false;
  #stopped = false;
  #failures = 0;
  #retryTimer: NodeJS.Timeout | undefined;
  #lastDemand = Date.now();
  readonly #idleTimer: NodeJS.Timeout;

  constructor(private readonly opts: FrameSessionOptions) {
    this.#idleTimer = setInterval(() => this.#checkIdle(), Math.min(1000, opts.idleMs));
    this.#idleTimer.unref();
  }

  get running(): boolean {
    return this.#child !== undefined;
  }

  get subscriberCount(): number {
    return this.#subscribers.size;
  }

  get stopped(): boolean {
    return this.#stopped;
  }

  /** Someone wants frames: keeps the session alive for another idle period and starts it if needed. */
  demand(): void {
    if (this.#stopped) return;
    this.#lastDemand = Date.now();
    if (!this.#child && !this.#starting && !this.#retryTimer) void this.#start();
  }

  /** Live frames until the returned function is called; onEnd runs if the session stops for good first. */
  subscribe(onFrame: (frame: Frame) => void, onEnd?: () => void): () => void {
    this.#subscribers.set(onFrame, onEnd);
    this.demand();
    return () => {
      this.#subscribers.delete(onFrame);
      this.#lastDemand = Date.now();
    };
  }

  /** A frame no older than maxAgeMs: the latest one, or the next to arrive (rejects with the reason on failure). */
  frame(opts: { maxAgeMs: number; timeoutMs: number }): Promise<Frame> {
    this.demand();
    const latest = this.latest;
    if (latest && Date.now() - latest.at <= opts.maxAgeMs) return Promise.resolve(latest);
    if (this.#stopped) return Promise.reject(new FrameError('the stream was stopped'));
    // failing again and again: answer with the reason now (the session keeps retrying in the background)
    if (this.#failures > 1 && !this.#child && this.lastError) return Promise.reject(new FrameError(this.lastError));
    return new Promise<Frame>((resolve, reject) => {
      const waiter: Waiter = {
        maxAgeMs: opts.maxAgeMs,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.#waiters.delete(waiter);
          reject(new FrameError(this.lastError ? `no frame within ${Math.round(opts.timeoutMs / 1000)} s: ${this.lastError}` : `no frame within ${Math.round(opts.timeoutMs / 1000)} s`));
        }, opts.timeoutMs),
      };
      this.#waiters.add(waiter);
    });
  }

  /** Ends the current ffmpeg; the session starts again at once if anyone is still watching. */
  async restart(): Promise<void> {
    const child = this.#child;
    this.#failures = 0;
    if (child) await this.opts.terminate(child);
  }

  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    clearInterval(this.#idleTimer);
    clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
    this.#failWaiters(new FrameError('the stream was stopped'));
    const ended = [...this.#subscribers.values()];
    this.#subscribers.clear();
    for (const onEnd of ended) onEnd?.();
    const child = this.#child;
    if (child) await this.opts.terminate(child);
    this.opts.onStopped();
  }

  async #start(): Promise<void> {
    this.#starting = true;
    let child: ChildProcess;
    try {
      child = await this.opts.start();
    } catch (err) {
      this.#starting = false;
      // e.g. MediaBusyError: waiters learn the real cause
      this.#onExit((err as Error).message, err as Error);
      return;
    }
    this.#starting = false;
    if (this.#stopped) {
      await this.opts.terminate(child);
      return;
    }
    this.#child = child;
    const stderr = new StderrTail(child.stderr);
    const splitter = new JpegSplitter((jpeg) => this.#onFrame(jpeg));
    child.stdout?.on('data', (chunk: Buffer) => splitter.push(chunk));
    child.once('close', (code, signal) => {
      this.#child = undefined;
      if (this.#stopped) return;
      const reason = stderr.text.trim() ? this.opts.explain(stderr.text) : code === 0 ? 'the stream ended' : `ffmpeg stopped (${signal ?? `exit ${code}`})`;
      this.#onExit(reason);
    });
  }

  #onFrame(jpeg: Buffer): void {
    const size = jpegSize(jpeg);
    const frame: Frame = { jpeg, at: Date.now(), width: size?.width ?? null, height: size?.height ?? null };
    this.latest = frame;
    this.framesReceived += 1;
    this.#failures = 0;
    this.lastError = null;
    for (const waiter of this.#waiters) {
      clearTimeout(waiter.timer);
      waiter.resolve(frame);
    }
    this.#waiters.clear();
    for (const subscriber of this.#subscribers.keys()) subscriber(frame);
  }

  #onExit(reason: string, cause?: Error): void {
    this.lastError = reason;
    this.opts.onFailure?.(reason);
    // a request waiting for a frame learns why at once, unless the stream just ended normally and restarts
    if (this.#failures > 0 || !this.framesReceived || cause) this.#failWaiters(cause ?? new FrameError(reason));
    if (!this.#wanted()) {
      void this.stop();
      return;
    }
    const delay = BACKOFF_MS[Math.min(this.#failures, BACKOFF_MS.length - 1)]!;
    this.#failures += 1;
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = undefined;
      if (this.#stopped) return;
      if (this.#wanted()) void this.#start();
      else void this.stop();
    }, delay);
  }

  #failWaiters(err: Error): void {
    for (const waiter of this.#waiters) {
      clearTimeout(waiter.timer);
      waiter.reject(err);
    }
    this.#waiters.clear();
  }

  #wanted(): boolean {
    return this.#subscribers.size > 0 || this.#waiters.size > 0 || Date.now() - this.#lastDemand < this.opts.idleMs;
  }

  #checkIdle(): void {
    if (!this.#stopped && !this.#wanted()) void this.stop();
  }
}
