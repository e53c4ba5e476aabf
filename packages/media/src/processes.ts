/**
 * Every ffmpeg/ffprobe child of this process goes through one pool: at most `max` run at once (a request
 * for a slot waits a bounded time, then fails with a clear error), each is reaped when it exits, and
 * `stopAll()` ends them all (SIGTERM, then SIGKILL). A last-resort `exit` hook kills any survivor, so a
 * crash of the server does not leave ffmpeg running.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

export class MediaBusyError extends Error {
  constructor(max: number) {
    super(`all ${max} media processes are busy (MEDIA_MAX_PROCESSES); try again shortly`);
  }
}

export interface RunningProcess {
  pid: number | undefined;
  purpose: string;
  cameraId: string | null;
  startedAt: Date;
}

interface Entry extends RunningProcess {
  child: ChildProcess;
  exited: Promise<void>;
}

const KILL_GRACE_MS = 2000;
const pools = new Set<ProcessPool>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const pool of pools) pool.killNow();
  });
}

export class ProcessPool {
  readonly #entries = new Set<Entry>();
  readonly #waiting: { resolve(): void; reject(err: Error): void; timer: NodeJS.Timeout }[] = [];
  /** slots taken: children running plus spawns about to start */
  #used = 0;
  #closed = false;

  constructor(readonly max: number) {
    pools.add(this);
    installExitHook();
  }

  get running(): number {
    return this.#entries.size;
  }

  list(): RunningProcess[] {
    return [...this.#entries].map(({ pid, purpose, cameraId, startedAt }) => ({ pid, purpose, cameraId, startedAt }));
  }

  /**
   * Starts a child once a slot is free (waiting up to `waitMs`). The slot is released when the child has
   * exited.
   */
  async spawn(command: string, args: readonly string[], opts: { purpose: string; cameraId?: string | null; waitMs?: number; spawn?: SpawnOptions }): Promise<ChildProcess> {
    await this.#acquire(opts.waitMs ?? 5000);
    let child: ChildProcess;
    try {
      child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], ...opts.spawn });
    } catch (err) {
      this.#release();
      throw err;
    }
    const entry: Entry = {
      child,
      pid: child.pid,
      purpose: opts.purpose,
      cameraId: opts.cameraId ?? null,
      startedAt: new Date(),
      exited: new Promise<void>((resolve) => {
        let done = false;
        const finish = () => {
          if (done) return;
          done = true;
          this.#entries.delete(entry);
          this.#release();
          resolve();
        };
        // 'exit' even if a grandchild keeps the pipes open; 'close' and a failed spawn (no pid) as fall-backs
        child.once('exit', finish);
        child.once('close', finish);
        child.once('error', () => {
          if (child.pid === undefined) finish();
        });
      }),
    };
    this.#entries.add(entry);
    // a child whose stdin the parent never writes must not die of EPIPE noise
    child.stdin?.on('error', () => undefined);
    return child;
  }

  /** Terminates one child: SIGTERM, SIGKILL after a grace period; resolves once it is reaped. */
  async terminate(child: ChildProcess, graceMs = KILL_GRACE_MS): Promise<void> {
    const entry = [...this.#entries].find((e) => e.child === child);
    if (!entry) return;
    await stopEntry(entry, graceMs);
  }

  async stopAll(graceMs = KILL_GRACE_MS): Promise<void> {
    this.#closed = true;
    for (const w of this.#waiting.splice(0)) {
      clearTimeout(w.timer);
      w.reject(new Error('media is shutting down'));
    }
    await Promise.all([...this.#entries].map((e) => stopEntry(e, graceMs)));
    pools.delete(this);
  }

  /** Synchronous SIGKILL of every child (process exit hook). */
  killNow(): void {
    for (const e of this.#entries) {
      try {
        e.child.kill('SIGKILL');
      } catch {
        // already gone
      }
    }
  }

  #acquire(waitMs: number): Promise<void> {
    if (this.#closed) return Promise.reject(new Error('media is shutting down'));
    if (this.#used < this.max) {
      this.#used += 1;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const waiter = {
        resolve: () => {
          clearTimeout(waiter.timer);
          this.#used += 1;
          resolve();
        },
        reject,
        timer: setTimeout(() => {
          const i = this.#waiting.indexOf(waiter);
          if (i >= 0) this.#waiting.splice(i, 1);
          reject(new MediaBusyError(this.max));
        }, waitMs),
      };
      this.#waiting.push(waiter);
    });
  }

  #release(): void {
    this.#used -= 1;
    this.#waiting.shift()?.resolve();
  }
}

async function stopEntry(entry: Entry, graceMs: number): Promise<void> {
  const { child } = entry;
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await entry.exited;
    clearTimeout(timer);
  } else {
    await entry.exited;
  }
}
