/**
 * Camera configuration backups: export writes every camera with its URL masked; import restores a file in
 * one transaction (merge or replace), keeping stored credentials where the file echoes a masked URL, and
 * then stops the live views whose source moved and erases the snapshot files of deleted cameras.
 */
import { newId } from '@sentinel/platform';
import { ZCameraImportItemSchema, type TCameraExport, type TImportCamerasRequest, type TImportCamerasResult, type TCamera } from '@sentinel/contracts';
import type { Actor } from '../core/context.ts';
import { recordAudit } from '../audit/trail.ts';
import * as repo from './repository.ts';
import { afterCameraWrites, liveViewOutdated, MASKED_IN_EXPORT, present, resolveAddress, type CameraDeps, type DeletingDeps } from './service.ts';

/** A configuration backup: every camera, URLs masked. Importing it back keeps the stored credentials. */
export async function exportCameras(deps: CameraDeps): Promise<TCameraExport> {
  const cameras = await repo.allCameras(deps.db);
  return { version: 1, exportedAt: new Date().toISOString(), cameras: cameras.map((c) => present(deps, repo.toCamera(c))) };
}

function idIn(raw: unknown): string | null {
  const id = raw && typeof raw === 'object' && 'id' in raw ? raw.id : undefined;
  return typeof id === 'string' && id.trim() ? id.trim() : null;
}

/**
 * Restores cameras from a backup in one transaction. Invalid items are skipped and reported, never fatal.
 * merge: known ids are updated, new ones inserted; replace: also deletes every camera the file does not
 * name (an item that was skipped still names its camera, so a typo does not delete it).
 */
export async function importCameras(deps: DeletingDeps, input: TImportCamerasRequest, actor: Actor): Promise<TImportCamerasResult> {
  const result: TImportCamerasResult = { imported: 0, updated: 0, skipped: 0, deleted: 0, errors: [] };
  const outdated = new Set<string>();
  const statusChanges: TCamera[] = [];
  let snapshotKeys: string[] = [];
  const skip = (index: number, id: string | null, reason: string) => {
    result.skipped += 1;
    result.errors.push({ index, id, reason });
  };
  await deps.db.transaction().execute(async (trx) => {
    const named = input.cameras.map(idIn);
    const existing = await repo.findCameras(trx, [...new Set(named.filter((id) => id !== null))]);
    const seen = new Set<string>();
    for (const [index, raw] of input.cameras.entries()) {
      const parsed = ZCameraImportItemSchema.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        skip(index, named[index] ?? null, issue ? `${issue.path.join('.') || 'camera'}: ${issue.message}` : 'invalid camera');
        continue;
      }
      const item = parsed.data;
      const id = item.id ?? newId('CAM');
      if (seen.has(id)) {
        skip(index, id, 'the same id appears earlier in the file');
        continue;
      }
      seen.add(id);
      const stored = existing.get(id);
      const wanted = { streamType: item.streamType, streamUrl: item.streamUrl ?? null, devicePath: item.devicePath ?? null };
      const resolved = resolveAddress(deps.secrets, wanted, stored);
      if (!resolved.ok) {
        skip(index, id, resolved.reason === MASKED_IN_EXPORT ? resolved.reason : `${resolved.field}: ${resolved.reason}`);
        continue;
      }
      const status = item.status ?? stored?.status ?? 'offline';
      const camera = {
        ...resolved.address,
        name: item.name,
        location: item.location,
        streamType: item.streamType,
        rtspTransport: item.rtspTransport,
        enabled: item.enabled,
        status,
        tags: item.tags,
      };
      if (stored) {
        await repo.updateCamera(trx, id, camera);
        if (status !== stored.status) {
          await repo.recordStatusChange(trx, id, status, 'imported');
          statusChanges.push({ ...repo.toCamera(stored), status: camera.status });
        }
        if (liveViewOutdated(stored, camera)) outdated.add(id);
        result.updated += 1;
      } else {
        await repo.insertCamera(trx, id, camera);
        await repo.recordStatusChange(trx, id, status, 'imported');
        result.imported += 1;
      }
    }
    if (input.mode === 'replace') {
      const keep = [...new Set([...seen, ...named.filter((id) => id !== null)])];
      snapshotKeys = await repo.snapshotKeysOf(trx, { except: keep });
      const deleted = await repo.deleteCamerasExcept(trx, keep);
      for (const id of deleted) outdated.add(id);
      result.deleted = deleted.length;
    }
    await recordAudit(trx, actor, {
      action: 'camera.import',
      resourceType: 'camera',
      severity: result.deleted > 0 ? 'warning' : 'info',
      message: `${input.mode} import: ${result.imported} imported, ${result.updated} updated, ${result.skipped} skipped, ${result.deleted} deleted`,
      after: { mode: input.mode, imported: result.imported, updated: result.updated, skipped: result.skipped, deleted: result.deleted },
    });
  });
  for (const c of statusChanges) await deps.events?.publish({ type: 'camera-status', cameraId: c.id, status: c.status, lastSeen: c.lastSeen });
  await afterCameraWrites(deps, outdated, snapshotKeys);
  return result;
}
