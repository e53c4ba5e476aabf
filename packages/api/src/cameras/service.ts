/**
 * Business rules for cameras: a valid address for the stream type, credentials stored only sealed (responses
 * and audit entries carry the masked URL), a status-history row on every status change, and an audit entry
 * in the same transaction as every write. Backups (export/import) are in backup.ts.
 */
import { conflict, invalid, maskUrlCredentials, MASK, newId, notFound, type SecretBox } from '@sentinel/platform';
import type { Database, Kysely, Transaction } from '@sentinel/db';
import type { FileStorage, UrlSigner } from '@sentinel/storage';
import { pageMeta, type Page, type TCamera, type TCreateCameraRequest, type TListCamerasRequest, type TUpdateCameraRequest } from '@sentinel/contracts';
import type { Actor } from '../core/context.ts';
import { recordAudit } from '../audit/trail.ts';
import type { EventBus } from '../realtime/bus.ts';
import { checkStreamAddress } from './stream-address.ts';
import * as repo from './repository.ts';

export interface CameraDeps {
  db: Kysely<Database>;
  secrets: SecretBox;
  /** live camera-status events, published after a status change has committed */
  events?: Pick<EventBus, 'publish'>;
  /** signs thumbnail links (the stored value is a storage key) */
  urls?: Pick<UrlSigner, 'sign'>;
  /** live streams of a camera whose address changed, or that was disabled or deleted, are stopped */
  media?: { stopCamera(id: string): Promise<void> };
}

/** The API shape with the thumbnail's storage key turned into a signed link. */
export function present(deps: Pick<CameraDeps, 'urls'>, camera: TCamera): TCamera {
  if (!camera.thumbnail || !deps.urls || /^(https?:|data:|\/)/i.test(camera.thumbnail)) return camera;
  try {
    return { ...camera, thumbnail: deps.urls.sign(camera.thumbnail) };
  } catch {
    return { ...camera, thumbnail: null };
  }
}

export const MASKED_IN_EXPORT = 'credentials were masked in the export; re-enter the stream URL';
const MASKED_BUT_CHANGED = `the URL still has masked credentials (${MASK}) but differs from the stored one; re-enter the full stream URL`;

type StoredAddress = Pick<repo.CameraWrite, 'streamUrlSealed' | 'streamUrlMasked' | 'devicePath' | 'ipAddress'>;
export type AddressResult = { ok: true; address: StoredAddress } | { ok: false; field: 'streamUrl' | 'devicePath'; reason: string };

/**
 * Checks and seals the address a write asks for. A URL carrying the mask is the client echoing back what we
 * sent it: it keeps the stored sealed URL, but only when it is exactly the stored masked URL, so a changed
 * host can never be paired with the old credentials.
 */
export function resolveAddress(
  secrets: SecretBox,
  wanted: { streamType: TCamera['streamType']; streamUrl: string | null; devicePath: string | null },
  stored: repo.CameraRecord | undefined,
): AddressResult {
  let clearUrl = wanted.streamUrl;
  let keptSealed: string | null = null;
  if (clearUrl?.includes(MASK)) {
    if (!stored) return { ok: false, field: 'streamUrl', reason: MASKED_IN_EXPORT };
    if (clearUrl !== stored.streamUrl || !stored.streamUrlSealed) return { ok: false, field: 'streamUrl', reason: MASKED_BUT_CHANGED };
    keptSealed = stored.streamUrlSealed;
    clearUrl = secrets.open(keptSealed);
  }
  const checked = checkStreamAddress({ streamType: wanted.streamType, streamUrl: clearUrl, devicePath: wanted.devicePath });
  if (!checked.ok) return checked;
  const url = checked.streamUrl;
  // the same URL sent again in clear keeps its sealed form: a write that changes nothing changes no source
  if (!keptSealed && url && stored?.streamUrlSealed && openOrNull(secrets, stored.streamUrlSealed) === url) keptSealed = stored.streamUrlSealed;
  return {
    ok: true,
    address: {
      streamUrlSealed: keptSealed ?? (url ? secrets.seal(url) : null),
      streamUrlMasked: url ? maskUrlCredentials(url) : null,
      devicePath: checked.devicePath,
      ipAddress: checked.ipAddress,
    },
  };
}

/** A stored secret in clear, or null when it cannot be opened (e.g. sealed under another key). */
function openOrNull(secrets: SecretBox, sealed: string): string | null {
  try {
    return secrets.open(sealed);
  } catch {
    return null;
  }
}

function addressOrThrow(result: AddressResult): StoredAddress {
  if (!result.ok) throw invalid(result.field, result.reason);
  return result.address;
}

async function reload(trx: Transaction<Database>, id: string): Promise<TCamera> {
  return repo.toCamera((await repo.findCamera(trx, id))!);
}

export async function listCameraInventory(deps: CameraDeps, q: TListCamerasRequest): Promise<Page<TCamera>> {
  const { rows, total } = await repo.listCameras(deps.db, q);
  return { data: rows.map((c) => present(deps, c)), meta: pageMeta(q.page, q.pageSize, total) };
}

export async function getCamera(deps: CameraDeps, id: string): Promise<TCamera> {
  const camera = await repo.findCamera(deps.db, id);
  if (!camera) throw notFound('Camera', id);
  return present(deps, repo.toCamera(camera));
}

export async function createCamera(deps: CameraDeps, input: TCreateCameraRequest, actor: Actor): Promise<TCamera> {
  const id = input.id ?? newId('CAM');
  return deps.db.transaction().execute(async (trx) => {
    if (await repo.findCamera(trx, id)) throw conflict(`A camera with id '${id}' already exists`, { id });
    const wanted = { streamType: input.streamType, streamUrl: input.streamUrl ?? null, devicePath: input.devicePath ?? null };
    const address = addressOrThrow(resolveAddress(deps.secrets, wanted, undefined));
    const status = 'offline'; // until the stream is seen
    await repo.insertCamera(trx, id, {
      ...address,
      name: input.name,
      location: input.location,
      streamType: input.streamType,
      rtspTransport: input.rtspTransport,
      enabled: input.enabled,
      status,
      tags: input.tags,
    });
    await repo.recordStatusChange(trx, id, status, 'created');
    const created = await reload(trx, id);
    await recordAudit(trx, actor, { action: 'camera.create', resourceType: 'camera', resourceId: id, after: created });
    return present(deps, created);
  });
}

/**
 * Partial update. An address field left out keeps its stored value, unless the stream type changes (the old
 * address cannot fit the new type) or the other address field is being set (a camera has one address).
 */
export async function updateCamera(deps: CameraDeps, input: TUpdateCameraRequest, actor: Actor): Promise<TCamera> {
  let statusChanged = false;
  let sourceChanged = false;
  const camera = await deps.db.transaction().execute(async (trx) => {
    const before = await repo.findCamera(trx, input.id);
    if (!before) throw notFound('Camera', input.id);
    const streamType = input.streamType ?? before.streamType;
    const sameType = streamType === before.streamType;
    const streamUrl = input.streamUrl !== undefined ? input.streamUrl : sameType && input.devicePath == null ? before.streamUrl : null;
    const devicePath = input.devicePath !== undefined ? input.devicePath : sameType && input.streamUrl == null ? before.devicePath : null;
    const address = addressOrThrow(resolveAddress(deps.secrets, { streamType, streamUrl, devicePath }, before));
    const status = input.status ?? before.status;
    await repo.updateCamera(trx, input.id, {
      ...address,
      name: input.name ?? before.name,
      location: input.location ?? before.location,
      streamType,
      rtspTransport: input.rtspTransport ?? before.rtspTransport,
      enabled: input.enabled ?? before.enabled,
      status,
      tags: input.tags ?? before.tags,
    });
    if (status !== before.status) {
      await repo.recordStatusChange(trx, input.id, status, `set by ${actor.name}`);
      statusChanged = true;
    }
    const after = await reload(trx, input.id);
    await recordAudit(trx, actor, { action: 'camera.update', resourceType: 'camera', resourceId: input.id, before: repo.toCamera(before), after });
    sourceChanged = liveViewOutdated(before, { ...address, streamType, rtspTransport: after.rtspTransport, enabled: after.enabled });
    return after;
  });
  if (statusChanged) await deps.events?.publish({ type: 'camera-status', cameraId: camera.id, status: camera.status, lastSeen: camera.lastSeen });
  if (sourceChanged) await deps.media?.stopCamera(camera.id);
  return present(deps, camera);
}

/** Whether a live view opened before a write must stop: it reads another source now, or the camera is off. */
export function liveViewOutdated(before: repo.CameraRecord, after: Pick<repo.CameraWrite, 'streamUrlSealed' | 'devicePath' | 'streamType' | 'rtspTransport' | 'enabled'>): boolean {
  return (
    after.streamUrlSealed !== before.streamUrlSealed ||
    after.devicePath !== before.devicePath ||
    after.streamType !== before.streamType ||
    after.rtspTransport !== before.rtspTransport ||
    !after.enabled
  );
}

export async function setCameraEnabled(deps: CameraDeps, input: { id: string; enabled: boolean }, actor: Actor): Promise<TCamera> {
  const camera = await deps.db.transaction().execute(async (trx) => {
    const before = await repo.findCamera(trx, input.id);
    if (!before) throw notFound('Camera', input.id);
    await repo.setCameraEnabled(trx, input.id, input.enabled);
    const after = await reload(trx, input.id);
    const action = input.enabled ? 'camera.enable' : 'camera.disable';
    await recordAudit(trx, actor, { action, resourceType: 'camera', resourceId: input.id, before: repo.toCamera(before), after });
    return after;
  });
  if (!camera.enabled) await deps.media?.stopCamera(camera.id);
  return present(deps, camera);
}

export type DeletingDeps = CameraDeps & { storage?: Pick<FileStorage, 'delete'> };

/** After a commit: live views that show an old source stop, and the snapshot files of deleted cameras go. */
export async function afterCameraWrites(deps: DeletingDeps, stopped: Iterable<string>, snapshotKeys: readonly string[]): Promise<void> {
  for (const id of stopped) await deps.media?.stopCamera(id);
  for (const key of snapshotKeys) await deps.storage?.delete(key).catch(() => undefined);
}

/** Deletes the camera (its snapshots' rows go with it); its live streams stop and its snapshot files are erased. */
export async function deleteCamera(deps: DeletingDeps, id: string, actor: Actor): Promise<void> {
  const keys = await deps.db.transaction().execute(async (trx) => {
    const before = await repo.findCamera(trx, id);
    if (!before) throw notFound('Camera', id);
    const snapshotKeys = await repo.snapshotKeysOf(trx, { ids: [id] });
    await repo.deleteCamera(trx, id);
    await recordAudit(trx, actor, { action: 'camera.delete', resourceType: 'camera', resourceId: id, severity: 'warning', before: repo.toCamera(before) });
    return snapshotKeys;
  });
  await afterCameraWrites(deps, [id], keys);
}
