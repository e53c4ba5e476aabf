/**
 * Every ffmpeg/ffprobe child of this process goes through one pool: at most `max` run at once (a request
 * for a slot waits a bounded time, then fails with a clear error), each is reaped when it exits, and
 * `stopAll()` ends them all (SIGTERM, then SIGKILL). A last-resort `exit` hook kills any survivor, so a
 * crash of the server does not leave ffmpeg running. A SIGKILLed server runs no hook: its children carry
 * their owner in their environment, and `killOrphans` ends them when the server starts again.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';

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

/** Environment variable naming a child's owner: `<pid of the server>@<scope>`. */
export const OWNER_ENV = 'SENTINEL_MEDIA_OWNER';
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
  readonly #env: NodeJS.ProcessEnv | undefined;

  /** `scope` (e.g. the media directory of an installation) marks the children as this process's, for `killOrphans`. */
  constructor(
    readonly max: number,
    opts: { scope?: string } = {},
  ) {
    this.#env = opts.scope ? { ...process.env, [OWNER_ENV]: `${process.pid}@${opts.scope}` } : undefined;
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
      child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], ...(this.#env ? { env: this.#env } : {}), ...opts.spawn });
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

/**
 * Kills the media children that a server of this `scope` left behind when it died without running its
 * exit hook (SIGKILL, OOM killer, power loss of a container): processes whose environment names an owner of
 * this scope that no longer runs. Linux only (reads /proc); elsewhere it finds nothing. Returns the pids killed.
 */
export async function killOrphans(scope: string): Promise<number[]> {
  const killed: number[] = [];
  const entries = await readdir('/proc').catch(() => [] as string[]);
  for (const name of entries) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    const environ = await readFile(`/proc/${pid}/environ`, 'latin1').catch(() => null); // other users' processes: EACCES
    const owner = environ?.split('\0').find((entry) => entry.startsWith(`${OWNER_ENV}=`));
    if (!owner) continue;
    const value = owner.slice(OWNER_ENV.length + 1);
    const at = value.indexOf('@');
    const ownerPid = Number(value.slice(0, at));
    if (at < 0 || value.slice(at + 1) !== scope || !Number.isInteger(ownerPid) || ownerPid === process.pid || isAlive(ownerPid)) continue;
    try {
      process.kill(pid, 'SIGKILL');
      killed.push(pid);
    } catch {
      // gone meanwhile
    }
  }
  return killed;
}

/** Whether a process runs (one of another user's counts as running). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
