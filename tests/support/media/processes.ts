/**
 * The ffmpeg children of the media fixtures: spawned quiet (`-loglevel error -nostdin`), their stderr tail
 * kept for error messages, stopped with SIGTERM then SIGKILL, and killed outright if the test process exits
 * while they still run (so an aborted run leaves no encoder behind).
 */
import { spawn, type ChildProcess } from 'node:child_process';

const KILL_GRACE_MS = 1500;
const STDERR_TAIL_CHARS = 2000;
const children = new Set<ChildProcess>();
let exitHookInstalled = false;

export interface FfmpegProcess {
  child: ChildProcess;
  /** resolves when the process has exited (never rejects) */
  exited: Promise<void>;
  hasExited(): boolean;
  /** the last lines ffmpeg wrote to stderr, for error messages */
  stderrTail(): string;
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of children) child.kill('SIGKILL');
  });
}

/** Starts ffmpeg with `args` after the common quiet flags; stdout is piped only when asked for. */
export function spawnFfmpeg(args: readonly string[], opts: { stdout?: 'pipe' | 'ignore' } = {}): FfmpegProcess {
  installExitHook();
  const child = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-nostdin', ...args], { stdio: ['ignore', opts.stdout ?? 'ignore', 'pipe'] });
  children.add(child);
  let tail = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    tail = (tail + chunk).slice(-STDERR_TAIL_CHARS);
  });
  let done = false;
  const exited = new Promise<void>((resolve) => {
    const finish = (): void => {
      done = true;
      children.delete(child);
      resolve();
    };
    child.once('exit', finish);
    child.once('error', (err) => {
      tail += `\n${err.message}`;
      finish();
    });
  });
  return { child, exited, hasExited: () => done, stderrTail: () => tail.trim() };
}

/** Ends the process: SIGTERM, then SIGKILL if it is still alive after a short grace period. */
export async function stopProcess(proc: FfmpegProcess): Promise<void> {
  if (proc.hasExited()) return;
  proc.child.kill('SIGTERM');
  const timer = setTimeout(() => proc.child.kill('SIGKILL'), KILL_GRACE_MS);
  await proc.exited;
  clearTimeout(timer);
}

/** The standard live test picture: `testsrc2` at the requested size and rate, paced in real time. */
export function liveTestInput(width: number, height: number, fps: number): string[] {
  return ['-re', '-f', 'lavfi', '-i', `testsrc2=size=${width}x${height}:rate=${fps}`];
}

/** Low-latency H.264 with a keyframe every second, so a client joining late can decode within a second. */
export function liveH264Output(fps: number): string[] {
  return ['-an', '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-pix_fmt', 'yuv420p', '-g', String(fps), '-keyint_min', String(fps)];
}
