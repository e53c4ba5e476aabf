/**
 * A camera's HLS stream: one ffmpeg writing a rolling playlist and its segments into a private directory.
 * It starts on the first playlist request, counts as watched while players keep fetching, and stops (its
 * directory removed) after the idle period. A source that fails ends the session; the next request starts
 * a new one.
 */
import type { ChildProcess } from 'node:child_process';
import { readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { StderrTail } from './stderr-tail.ts';

export interface HlsSessionOptions {
  cameraId: string;
  dir: string;
  /** spawns the ffmpeg writing dir/index.m3u8 */
  start(): Promise<ChildProcess>;
  terminate(child: ChildProcess): Promise<void>;
  explain(stderr: string): string;
  idleMs: number;
  onStopped(): void;
}

export const PLAYLIST = 'index.m3u8';
const SEGMENT = /^seg_\d{1,12}\.ts$/;

export class HlsSession {
  lastError: string | null = null;
  #child: ChildProcess | undefined;
  #stderr: StderrTail | undefined;
  #started: Promise<void> | undefined;
  #stopped = false;
  #lastTouch = Date.now();
  readonly #idleTimer: NodeJS.Timeout;

  constructor(private readonly opts: HlsSessionOptions) {
    this.#idleTimer = setInterval(() => {
      if (Date.now() - this.#lastTouch > opts.idleMs) void this.stop();
    }, Math.min(1000, opts.idleMs));
    this.#idleTimer.unref();
  }

  get stopped(): boolean {
    return this.#stopped;
  }

  get dir(): string {
    return this.opts.dir;
  }

  touch(): void {
    this.#lastTouch = Date.now();
  }

  /**
   * Resolves once the playlist lists two segments (a player starting with one stalls at the first segment
   * boundaries); rejects with the reason if ffmpeg fails first.
   */
  async ready(timeoutMs: number): Promise<void> {
    this.touch();
    await (this.#started ??= this.#start());
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      // a player waiting for the first segments is a viewer: the idle timer must not stop the stream under it
      this.touch();
      if (this.#stopped) throw new Error(this.lastError ?? 'the stream was stopped');
      const playlist = await readFile(path.join(this.opts.dir, PLAYLIST), 'utf8').catch(() => '');
      if ((playlist.match(/#EXTINF/g) ?? []).length >= 2) return;
      if (Date.now() > deadline) throw new Error(`the stream produced no video within ${Math.round(timeoutMs / 1000)} s${this.lastError ? `: ${this.lastError}` : ''}`);
      await new Promise((r) => setTimeout(r, 150));
    }
  }

  async playlist(): Promise<string> {
    this.touch();
    return readFile(path.join(this.opts.dir, PLAYLIST), 'utf8');
  }

  /** The file of a segment named in the playlist, or null for any other name. */
  async segment(name: string): Promise<{ path: string; size: number } | null> {
    if (!SEGMENT.test(name)) return null;
    this.touch();
    const file = path.join(this.opts.dir, name);
    const info = await stat(file).catch(() => null);
    return info?.isFile() ? { path: file, size: info.size } : null;
  }

  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    clearInterval(this.#idleTimer);
    const child = this.#child;
    if (child) await this.opts.terminate(child);
    await rm(this.opts.dir, { recursive: true, force: true }).catch(() => undefined);
    this.opts.onStopped();
  }

  async #start(): Promise<void> {
    let child: ChildProcess;
    try {
      child = await this.opts.start();
    } catch (err) {
      this.lastError = (err as Error).message;
      await this.stop();
      throw err;
    }
    this.#child = child;
    this.#stderr = new StderrTail(child.stderr);
    child.once('close', (code) => {
      this.#child = undefined;
      if (this.#stopped) return;
      const stderr = this.#stderr?.text.trim() ?? '';
      this.lastError = stderr ? this.opts.explain(stderr) : code === 0 ? 'the stream ended' : `ffmpeg stopped (exit ${code})`;
      void this.stop();
    });
  }
}
