/**
 * pg-boss on the application's own database (server or embedded). Queues are created at start; handlers
 * are attached only in processes whose role runs workers. Errors are always listened to.
 */
import { PgBoss } from 'pg-boss';
import type { DatabaseHandle } from '@sentinel/db';
import type { Logger } from '@sentinel/platform';
import { ALL_QUEUES, deadLetterOf, type QueueName } from './queues.ts';

export type JobHandler = (data: Record<string, unknown>) => Promise<unknown>;

export interface JobsHandle {
  boss: PgBoss;
  /** names of queues that have a worker attached in this process */
  readonly activeWorkers: ReadonlySet<string>;
  start(): Promise<void>;
  /** attaches a worker to a queue and (if the queue has one) its cron schedule */
  work(queue: QueueName, handler: JobHandler, opts?: { concurrency?: number }): Promise<void>;
  /** detaches and re-attaches a queue's worker */
  restartWorker(queue: QueueName): Promise<boolean>;
  /** with singletonSeconds, at most one job per key and time slot of that length is created (others answer null) */
  send(queue: QueueName, data: Record<string, unknown>, opts?: { singletonKey?: string; singletonSeconds?: number }): Promise<string | null>;
  counts(): Promise<Record<string, { queued: number; active: number; failed: number; completed: number }>>;
  stop(): Promise<void>;
}

export function createJobs(database: DatabaseHandle, logger: Logger, opts: { schema?: string } = {}): JobsHandle {
  const boss = new PgBoss({
    db: { executeSql: (text, values) => database.query(text, values) },
    ...(database.kind === 'pglite' ? { backend: 'pglite' as const } : {}),
    schema: opts.schema ?? 'pgboss',
    // The embedded database has a single connection: poll gently.
    ...(database.kind === 'pglite' ? { superviseIntervalSeconds: 60 } : {}),
  });
  boss.on('error', (err: unknown) => logger.error({ err }, 'job queue error'));
  const handlers = new Map<string, { handler: JobHandler; concurrency: number }>();
  const activeWorkers = new Set<string>();
  let started = false;

  async function attach(queue: string): Promise<void> {
    const entry = handlers.get(queue);
    if (!entry) return;
    await boss.work<Record<string, unknown>>(queue, { batchSize: 1, localConcurrency: entry.concurrency, pollingIntervalSeconds: 2 }, async ([job]) => {
      if (!job) return;
      return entry.handler((job.data ?? {}));
    });
    activeWorkers.add(queue);
  }

  return {
    boss,
    activeWorkers,
    async start() {
      await boss.start();
      for (const q of ALL_QUEUES) {
        const dead = deadLetterOf(q.name);
        if (!(await boss.getQueue(dead))) await boss.createQueue(dead, { retryLimit: 0 });
        if (!(await boss.getQueue(q.name))) {
          await boss.createQueue(q.name, {
            retryLimit: q.retryLimit,
            retryDelay: q.retryDelay,
            retryBackoff: true,
            expireInSeconds: q.expireInSeconds,
            deadLetter: dead,
          });
        }
      }
      started = true;
    },
    async work(queue, handler, o = {}) {
      if (!started) throw new Error('jobs not started');
      handlers.set(queue, { handler, concurrency: o.concurrency ?? 1 });
      await attach(queue);
      const spec = ALL_QUEUES.find((q) => q.name === queue);
      if (spec?.cron) await boss.schedule(queue, spec.cron, {}, { tz: 'UTC' });
    },
    async restartWorker(queue) {
      if (!handlers.has(queue)) return false;
      await boss.offWork(queue);
      activeWorkers.delete(queue);
      await attach(queue);
      return true;
    },
    send(queue, data, o = {}) {
      return boss.send(queue, data, {
        ...(o.singletonKey ? { singletonKey: o.singletonKey } : {}),
        ...(o.singletonSeconds ? { singletonSeconds: o.singletonSeconds } : {}),
      });
    },
    async counts() {
      const out: Record<string, { queued: number; active: number; failed: number; completed: number }> = {};
      const queues = await boss.getQueues();
      for (const q of queues) {
        out[q.name] = { queued: q.queuedCount, active: q.activeCount, failed: q.failedCount, completed: q.totalCount - q.queuedCount - q.activeCount - q.failedCount };
      }
      return out;
    },
    async stop() {
      activeWorkers.clear();
      // graceful: waits for active handlers to finish
      await boss.stop({ graceful: true, timeout: 20_000 });
    },
  };
}
