/**
 * The line protocol between the bench and its child servers: the child writes JSON events on stdout behind
 * a marker (so stray log lines cannot be mistaken for them) and reads one command per line on stdin. End of
 * stdin means "stop", so a child never outlives a bench that died.
 */
import { createInterface } from 'node:readline';

export const MARK = '@@bench ';

export type ChildEvent =
  | { event: 'ready'; url: string; pid: number; poolMax: number; database: 'postgres' | 'pglite' }
  | { event: 'cpu'; userMicros: number; systemMicros: number }
  | { event: 'dumped'; file: string }
  | { event: 'failed'; message: string };

export function emit(event: ChildEvent): void {
  process.stdout.write(`${MARK}${JSON.stringify(event)}\n`);
}

/** What every child answers: its own CPU time, which the bench turns into a utilisation per run. */
export function cpuEvent(): ChildEvent {
  const usage = process.cpuUsage();
  return { event: 'cpu', userMicros: usage.user, systemMicros: usage.system };
}

/**
 * Runs `handle` for each command line in order; calls `stop` once, on the `stop` command or at end of
 * stdin, then exits. A failing command is reported as a `failed` event rather than killing the child.
 */
export function serveCommands(handle: (command: string, arg: string) => Promise<void> | void, stop: () => Promise<void>): void {
  const lines = createInterface({ input: process.stdin });
  let queue = Promise.resolve();
  let stopping = false;
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    queue = queue.then(stop).then(
      () => process.exit(0),
      (err: unknown) => {
        emit({ event: 'failed', message: String(err) });
        process.exit(1);
      },
    );
  };
  lines.on('line', (line) => {
    const [command = '', ...rest] = line.trim().split(' ');
    if (command === 'stop') return shutdown();
    queue = queue.then(() => handle(command, rest.join(' '))).catch((err: unknown) => emit({ event: 'failed', message: String(err) }));
  });
  lines.on('close', shutdown);
}
