/**
 * The exports.cleanup job (cron, every 15 minutes): deletes completed exports whose retention ended
 * (EXPORT_RETENTION_HOURS after completion) and failed ones that old, file first, then the row, in
 * batches. A file storage cannot delete stays with its row for the next run. Uploads never completed
 * are the files domain's (files/service.ts), run by the same job.
 */
import { SYSTEM_ACTOR } from '../core/context.ts';
import type { AppServices } from '../core/services.ts';
import { recordAudit } from '../audit/trail.ts';
import * as repo from './repository.ts';
import { exportPrefix } from './storage-keys.ts';

const BATCH = 100;

export async function purgeExpiredExports(app: Pick<AppServices, 'db' | 'storage' | 'logger' | 'config'>): Promise<{ exports: number; failed: number }> {
  let removed = 0;
  let failed = 0;
  for (;;) {
    const expired = await repo.expiredExports(app.db, app.config.EXPORT_RETENTION_HOURS, BATCH);
    const erased: string[] = [];
    for (const job of expired) {
      try {
        await app.storage.deletePrefix(exportPrefix(job.id));
        erased.push(job.id);
      } catch (err) {
        failed += 1;
        app.logger.warn({ err, jobId: job.id }, 'could not erase an expired export; kept for the next run');
      }
    }
    removed += await repo.deleteExportRows(app.db, erased);
    if (expired.length < BATCH || erased.length === 0) break;
  }
  if (removed > 0) {
    await recordAudit(app.db, SYSTEM_ACTOR, {
      action: 'export.purge', resourceType: 'export', message: `Deleted ${removed} export(s) past the ${app.config.EXPORT_RETENTION_HOURS} h retention`,
      after: { removed },
    });
  }
  return { exports: removed, failed };
}
