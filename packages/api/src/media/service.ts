/**
 * Camera media as the API offers it: testing a camera's connection, grabbing and storing snapshots, the
 * latest live frame, and signed links for players. ffmpeg work goes through `app.media` (one bounded pool
 * per process); what it learns about a camera is written back through telemetry.ts.
 */
import { AppError, newId, notFound } from '@sentinel/platform';
import { failedProbe, FrameError, MediaBusyError, type Frame } from '@sentinel/media';
import type { TCameraStreamLinks, TCameraTestResult, TSnapshot } from '@sentinel/contracts';
import type { Actor } from '../core/context.ts';
import type { AppServices } from '../core/services.ts';
import { recordAudit } from '../audit/trail.ts';
import { storageUnavailable } from '../files/service.ts';
import * as repo from '../cameras/repository.ts';
import { mediaScope } from './access.ts';
import { mediaSourceOf } from './source.ts';
import { applyOutcome } from './telemetry.ts';

export type MediaDeps = Pick<AppServices, 'db' | 'media' | 'secrets' | 'storage' | 'urls' | 'events' | 'logger' | 'config'>;

async function cameraOrThrow(deps: Pick<MediaDeps, 'db'>, id: string): Promise<repo.CameraRecord> {
  const camera = await repo.findCamera(deps.db, id);
  if (!camera) throw notFound('Camera', id);
  return camera;
}

export async function mediaReady(deps: Pick<MediaDeps, 'media'>): Promise<void> {
  const tools = await deps.media.checkTools();
  if (!tools.ok) throw new AppError('SERVICE_UNAVAILABLE', tools.error ?? 'ffmpeg is not installed on this server');
}

/** Opens the camera's stream with a timeout; 200 either way, the message says why it failed. */
export async function testConnection(deps: MediaDeps, id: string): Promise<TCameraTestResult> {
  const camera = await cameraOrThrow(deps, id);
  const result = await deps.media.probe(camera.id, mediaSourceOf(deps.secrets, camera));
  // a person asked: one failure is enough to show the camera offline
  await applyOutcome(deps, camera.id, result, { offlineAfter: 1, origin: 'connection test' });
  return { ...result, checkedAt: new Date().toISOString() };
}

/** A frame no older than MEDIA_SNAPSHOT_MAX_AGE_MS from the camera's live session (one ffmpeg for all viewers). */
export async function liveFrame(deps: MediaDeps, camera: repo.CameraRecord): Promise<Frame> {
  await mediaReady(deps);
  try {
    return await deps.media.snapshot(camera.id, mediaSourceOf(deps.secrets, camera), {
      maxAgeMs: deps.config.MEDIA_SNAPSHOT_MAX_AGE_MS,
      timeoutMs: deps.config.MEDIA_PROBE_TIMEOUT_MS,
    });
  } catch (err) {
    if (err instanceof MediaBusyError) throw new AppError('SERVICE_UNAVAILABLE', err.message, { headers: { 'Retry-After': '2' } });
    if (err instanceof FrameError) throw new AppError('MEDIA_SNAPSHOT_FAILED', `No frame from camera '${camera.id}': ${err.message}`, { cause: err });
    throw err;
  }
}

export async function latestFrame(deps: MediaDeps, cameraId: string): Promise<Frame> {
  return liveFrame(deps, await cameraOrThrow(deps, cameraId));
}

/** Grabs a real frame, keeps it in file storage, makes it the camera's thumbnail; 201 with a signed link. */
export async function takeSnapshot(deps: MediaDeps, cameraId: string, actor: Actor): Promise<TSnapshot> {
  const camera = await cameraOrThrow(deps, cameraId);
  let frame: Frame;
  try {
    frame = await liveFrame(deps, camera);
  } catch (err) {
    if (err instanceof AppError && err.code === 'MEDIA_SNAPSHOT_FAILED') {
      await applyOutcome(deps, camera.id, failedProbe(err.message), {
        offlineAfter: deps.config.CAMERA_OFFLINE_AFTER_FAILURES,
        origin: 'snapshot',
      });
    }
    throw err;
  }
  const id = newId('SNAP');
  const key = `snapshots/${camera.id}/${id}.jpg`;
  try {
    await deps.storage.put(key, frame.jpeg, 'image/jpeg');
  } catch (err) {
    throw storageUnavailable(deps, err, 'storing a snapshot');
  }
  const takenAt = new Date(frame.at);
  try {
    await deps.db.transaction().execute(async (trx) => {
      if (!(await repo.lockCamera(trx, camera.id))) throw notFound('Camera', camera.id);
      await trx
        .insertInto('camera_snapshots')
        .values({ id, camera_id: camera.id, storage_key: key, width: frame.width, height: frame.height, size: frame.jpeg.length, taken_by: actor.id, taken_at: takenAt })
        .execute();
      await repo.setThumbnail(trx, camera.id, key);
      await recordAudit(trx, actor, {
        action: 'camera.snapshot',
        resourceType: 'camera',
        resourceId: camera.id,
        message: `snapshot ${id} (${frame.width ?? '?'}x${frame.height ?? '?'}, ${frame.jpeg.length} bytes)`,
        after: { assetId: id, key, takenAt: takenAt.toISOString() },
      });
    });
  } catch (err) {
    await deps.storage.delete(key).catch(() => undefined);
    throw err;
  }
  const resolution = frame.width && frame.height ? `${frame.width}x${frame.height}` : null;
  await applyOutcome(deps, camera.id, { ...failedProbe('snapshot taken'), success: true, resolution }, {
    offlineAfter: deps.config.CAMERA_OFFLINE_AFTER_FAILURES,
    origin: 'snapshot',
  });
  return {
    assetId: id,
    cameraId: camera.id,
    url: deps.urls.sign(key),
    timestamp: takenAt.toISOString(),
    width: frame.width,
    height: frame.height,
    size: frame.jpeg.length,
  };
}

/** Links a player can open without headers: each carries a grant for this camera's media only. */
export async function streamLinks(deps: Pick<MediaDeps, 'db' | 'urls' | 'config'>, cameraId: string, prefix: string): Promise<TCameraStreamLinks> {
  const camera = await cameraOrThrow(deps, cameraId);
  const { exp, sig } = deps.urls.grant(mediaScope(camera.id));
  const query = `exp=${exp}&sig=${sig}`;
  const id = encodeURIComponent(camera.id);
  const base = (deps.config.PUBLIC_URL ?? '').replace(/\/+$/, '');
  return {
    cameraId: camera.id,
    hls: `${base}${prefix}/media/hls/${id}/index.m3u8?${query}`,
    snapshot: `${base}${prefix}/media/snapshot/${id}.jpg?${query}`,
    mjpeg: `${base}${prefix}/media/ws/${id}?${query}`,
    websocket: `${prefix}/media/ws/${id}?${query}`,
    expiresAt: new Date(exp * 1000).toISOString(),
  };
}
