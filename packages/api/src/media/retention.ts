/** Stored snapshots past SNAPSHOT_RETENTION_HOURS are erased (file first, then row), except cameras' thumbnails. */
import { sql } from '@sentinel/db';
import type { AppServices } from '../core/services.ts';

export async function purgeOldSnapshots(app: Pick<AppServices, 'db' | 'storage' | 'config' | 'logger'>, batch = 500): Promise<number> {
  let removed = 0;
  for (;;) {
    const rows = await app.db
      .selectFrom('camera_snapshots as s')
      .select(['s.id', 's.storage_key'])
      .where('s.taken_at', '<', sql<Date>`now() - make_interval(hours => ${app.config.SNAPSHOT_RETENTION_HOURS})`)
      .where((eb) => eb.not(eb.exists(eb.selectFrom('cameras').select('cameras.id').whereRef('cameras.thumbnail', '=', 's.storage_key'))))
      .orderBy('s.taken_at')
      .limit(batch)
      .execute();
    if (!rows.length) return removed;
    for (const row of rows) {
      try {
        await app.storage.delete(row.storage_key);
      } catch (err) {
        app.logger.warn({ err, snapshot: row.id }, 'snapshot file not deleted; will retry');
        return removed;
      }
    }
    await app.db.deleteFrom('camera_snapshots').where('id', 'in', rows.map((r) => r.id)).execute();
    removed += rows.length;
    if (rows.length < batch) return removed;
  }
}
