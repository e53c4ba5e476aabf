/** The job-queue snapshot of the developer console: every queue's counts beside its dead-letter queue's. */
import { ALL_QUEUES, deadLetterOf } from '@sentinel/jobs';
import type { TJobQueueSnapshot } from '@sentinel/contracts';
import type { AppServices } from '../core/services.ts';

const NONE = { queued: 0, active: 0, failed: 0, completed: 0 };

export async function jobsSnapshot(app: AppServices): Promise<TJobQueueSnapshot[]> {
  const counts = await app.jobs.counts();
  return ALL_QUEUES.map((q) => {
    const dead = deadLetterOf(q.name);
    return {
      name: q.name,
      description: q.description,
      ...(counts[q.name] ?? NONE),
      workerAttached: app.jobs.activeWorkers.has(q.name),
      deadLetter: { name: dead, ...(counts[dead] ?? NONE) },
    };
  });
}
