/** Attaches this process's job workers (processes with role 'all' or 'worker'). */
import { QUEUES } from '@sentinel/jobs';
import type { AppServices } from './core/services.ts';
import { runCleanup } from './maintenance/cleanup.ts';

export async function registerWorkers(app: AppServices): Promise<void> {
  await app.jobs.work(QUEUES.maintenanceCleanup.name, async () => {
    const removed = await runCleanup(app);
    app.logger.info({ queue: QUEUES.maintenanceCleanup.name, removed }, 'cleanup done');
    return removed;
  });
}
