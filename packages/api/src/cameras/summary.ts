/**
 * Per-camera dashboard figures: today's detections and unknown faces (counted from `detections` since UTC
 * midnight) and uptime over the last 24 hours, computed from the status transitions in
 * `camera_status_history`.
 */
import { notFound } from '@sentinel/platform';
import type { Database, Kysely } from '@sentinel/db';
import type { TCameraSummary } from '@sentinel/contracts';
import * as repo from './repository.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Percentage of [windowStart, now] the camera spent online, rounded to one decimal. `changes` are one
 * camera's transitions in time order; the last one at or before windowStart gives the opening status
 * (none means the camera did not exist yet, which counts as not online).
 */
export function uptimePercent(changes: readonly repo.StatusChange[], windowStart: Date, now: Date): number {
  const start = windowStart.getTime();
  const end = now.getTime();
  let status: string | null = null;
  let since = start;
  let online = 0;
  for (const change of changes) {
    const at = change.changedAt.getTime();
    if (at > end) break;
    if (at > start) {
      if (status === 'online') online += at - since;
      since = at;
    }
    status = change.status;
  }
  if (status === 'online') online += end - since;
  // a camera created this very instant has no window yet: report what it is now
  if (end <= start) return status === 'online' ? 100 : 0;
  return Math.round((Math.min(online, end - start) / (end - start)) * 1000) / 10;
}

function utcMidnight(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

async function summarise(db: Kysely<Database>, cameras: readonly repo.CameraRecord[], now: Date): Promise<TCameraSummary[]> {
  const ids = cameras.map((c) => c.id);
  const dayAgo = new Date(now.getTime() - DAY_MS);
  const [changes, counts] = await Promise.all([repo.statusChangesSince(db, dayAgo, ids), repo.detectionCountsSince(db, utcMidnight(now), ids)]);
  const changesByCamera = new Map<string, repo.StatusChange[]>();
  for (const change of changes) {
    const list = changesByCamera.get(change.cameraId);
    if (list) list.push(change);
    else changesByCamera.set(change.cameraId, [change]);
  }
  return cameras.map((camera) => {
    const createdAt = new Date(camera.createdAt);
    const windowStart = createdAt > dayAgo ? createdAt : dayAgo;
    const count = counts.get(camera.id);
    // a camera written without any history (outside this service) is taken to have kept its current status
    const history = changesByCamera.get(camera.id) ?? [{ cameraId: camera.id, status: camera.status, changedAt: windowStart }];
    return {
      id: camera.id,
      name: camera.name,
      status: camera.status,
      detectionsToday: count?.total ?? 0,
      unknownFaces: count?.unknown ?? 0,
      uptimePercent: uptimePercent(history, windowStart, now),
    };
  });
}

export async function summariseCamera(db: Kysely<Database>, id: string, now = new Date()): Promise<TCameraSummary> {
  const camera = await repo.findCamera(db, id);
  if (!camera) throw notFound('Camera', id);
  const [summary] = await summarise(db, [camera], now);
  return summary!;
}

export async function summariseAllCameras(db: Kysely<Database>, now = new Date()): Promise<TCameraSummary[]> {
  return summarise(db, await repo.allCameras(db), now);
}
