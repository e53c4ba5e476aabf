/**
 * Starts a bench server (server-process.ts, bare-server.ts) as a child process through tsx, so it has an
 * event loop and a CPU of its own, and talks to it over the line protocol in protocol.ts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MARK, type ChildEvent } from './protocol.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

type Ready = Extract<ChildEvent, { event: 'ready' }>;

export interface BenchChild {
  name: string;
  ready: Ready;
  /** CPU seconds (user + system) the child has used so far */
  cpuSeconds(): Promise<number>;
  /** sends a command and waits for the event that answers it */
  request<E extends ChildEvent['event']>(command: string, answer: E): Promise<Extract<ChildEvent, { event: E }>>;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 60_000;
const COMMAND_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;

export async function startChild(name: string, script: string, options: object, nodeFlags: string[] = []): Promise<BenchChild> {
  const tsx = path.join(ROOT, 'node_modules/.bin/tsx');
  // NODE_ENV=production as in the Docker image (trpc-to-openapi skips its development-only router check at start-up).
  const child = spawn(tsx, [...nodeFlags, path.join(ROOT, 'bench', script), JSON.stringify(options)], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  const waiters: { answer: string; resolve(e: ChildEvent): void; reject(err: Error): void }[] = [];
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const fail = (err: Error) => {
    for (const w of waiters.splice(0)) w.reject(err);
  };
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (!line.startsWith(MARK)) {
      process.stderr.write(`[${name}] ${line}\n`);
      return;
    }
    const event = JSON.parse(line.slice(MARK.length)) as ChildEvent;
    if (event.event === 'failed') return fail(new Error(`${name}: ${event.message}`));
    const i = waiters.findIndex((w) => w.answer === event.event);
    if (i >= 0) waiters.splice(i, 1)[0]!.resolve(event);
  });
  child.once('exit', (code, signal) => {
    exited = true;
    fail(new Error(`${name} exited (${signal ?? code})`));
  });

  const waitFor = <E extends ChildEvent['event']>(answer: E, timeoutMs: number) =>
    new Promise<Extract<ChildEvent, { event: E }>>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${name}: no '${answer}' within ${timeoutMs} ms`)), timeoutMs);
      waiters.push({
        answer,
        resolve: (e) => (clearTimeout(timer), resolve(e as Extract<ChildEvent, { event: E }>)),
        reject: (err) => (clearTimeout(timer), reject(err)),
      });
    });

  const stop = async () => {
    if (exited) return;
    child.stdin.end(); // end of stdin: the child shuts down gracefully
    const timer = setTimeout(() => kill(child), STOP_TIMEOUT_MS);
    await exit;
    clearTimeout(timer);
  };

  let ready: Ready;
  try {
    ready = await waitFor('ready', START_TIMEOUT_MS);
  } catch (err) {
    await stop();
    throw err;
  }
  const request = <E extends ChildEvent['event']>(command: string, answer: E) => {
    const answered = waitFor(answer, COMMAND_TIMEOUT_MS);
    child.stdin.write(`${command}\n`);
    return answered;
  };
  return {
    name,
    ready,
    request,
    async cpuSeconds() {
      const cpu = await request('cpu', 'cpu');
      return (cpu.userMicros + cpu.systemMicros) / 1e6;
    },
    stop,
  };
}

function kill(child: ChildProcess): void {
  child.kill('SIGTERM'); // tsx relays it to the node process running the script
}
