/**
 * What every live media fixture shares: the `{ url, start, stop }` shape, the default picture options, the
 * registry behind `stopAllMediaSources()`, a bounded readiness poll, and the cleanup stack that undoes a
 * half-started source.
 */
import type { FfmpegProcess } from './processes.ts';

export interface MediaSource {
  url: string;
  /** stops the source: its ffmpeg is killed and its listening socket closed (connections are refused) */
  stop(): Promise<void>;
  /** starts it again on the same url; resolves once it can be consumed */
  start(): Promise<void>;
}

export interface LiveSourceOptions {
  width?: number;
  height?: number;
  fps?: number;
}

export interface Picture {
  width: number;
  height: number;
  fps: number;
}

export const READY_TIMEOUT_MS = 15_000;

export function pictureOf(opts: LiveSourceOptions): Picture {
  return { width: opts.width ?? 640, height: opts.height ?? 480, fps: opts.fps ?? 15 };
}

/** Undo actions run in reverse order of registration; failures are ignored (best effort). */
export class Cleanup {
  readonly #actions: (() => Promise<void> | void)[] = [];

  add(action: () => Promise<void> | void): void {
    this.#actions.push(action);
  }

  async run(): Promise<void> {
    for (const action of this.#actions.splice(0).reverse()) {
      try {
        await action();
      } catch {
        // a resource that is already gone is fine
      }
    }
  }
}

const running = new Set<MediaSource>();

/** Stops every fixture that is still running (for afterAll). */
export async function stopAllMediaSources(): Promise<void> {
  await Promise.all([...running].map((source) => source.stop()));
}

/**
 * Builds a fixture around `up`, which starts the source (registering undo actions on the cleanup it is
 * given) and resolves once it is ready. Starts it once before returning.
 */
export async function createMediaSource(url: string, up: (cleanup: Cleanup) => Promise<void>): Promise<MediaSource> {
  let current: Cleanup | undefined;
  const source: MediaSource = {
    url,
    async start() {
      if (current) return;
      const cleanup = new Cleanup();
      current = cleanup;
      running.add(source);
      try {
        await up(cleanup);
      } catch (err) {
        await source.stop();
        throw err;
      }
    },
    async stop() {
      const cleanup = current;
      current = undefined;
      running.delete(source);
      await cleanup?.run();
    },
  };
  await source.start();
  return source;
}

/** Polls `check` until it returns true; fails after `timeoutMs`, or at once if `proc` has exited. */
export async function waitUntil(what: string, check: () => Promise<boolean> | boolean, opts: { proc?: FfmpegProcess; timeoutMs?: number; intervalMs?: number } = {}): Promise<void> {
  const deadline = Date.now() + (opts.timeoutMs ?? READY_TIMEOUT_MS);
  for (;;) {
    if (opts.proc?.hasExited()) throw new Error(`ffmpeg exited before ${what}: ${opts.proc.stderrTail() || 'no output'}`);
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${opts.proc ? `: ${opts.proc.stderrTail()}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, opts.intervalMs ?? 100));
  }
}
