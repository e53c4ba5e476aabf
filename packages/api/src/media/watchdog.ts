/**
 * The camera watchdog: every CAMERA_WATCHDOG_INTERVAL_SECONDS each enabled camera is checked. A camera
 * whose live view in this process delivered a frame within the interval counts as answering without a
 * new connection; the others are probed (a short ffprobe). Outcomes go through applyOutcome: after
 * CAMERA_OFFLINE_AFTER_FAILURES failures in a row the camera goes offline with a camera-offline alert,
 * and the first success brings it back online and resolves the alert.
 *
 * Scheduling: each worker process ticks a timer and enqueues a round on the `camera.watchdog` queue with a
 * pg-boss singleton slot of the interval's length, so however many workers run, one round runs per slot.
 */
import { QUEUES } from '@sentinel/jobs';
import type { AppServices } from '../core/services.ts';
import { allCameras, type CameraRecord } from '../cameras/repository.ts';
import { mediaSourceOf } from './source.ts';
import { applyOutcome, type ProbeOutcome } from './telemetry.ts';
import { failedProbe } from '@sentinel/media';

export type WatchdogDeps = Pick<AppServices, 'db' | 'media' | 'secrets' | 'events' | 'logger' | 'config'>;

export interface RoundResult {
  checked: number;
  online: number;
  failed: { id: string; reason: string }[];
  wentOffline: string[];
  cameOnline: string[];
}

/** Checks cameras (every enabled one by default); at most a few probes at once, leaving room for viewers. */
export async function checkCameras(deps: WatchdogDeps, opts: { origin: string; offlineAfter?: number; cameras?: CameraRecord[] } = { origin: 'watchdog' }): Promise<RoundResult> {
  const cameras = opts.cameras ?? (await allCameras(deps.db)).filter((c) => c.enabled);
  const result: RoundResult = { checked: 0, online: 0, failed: [], wentOffline: [], cameOnline: [] };
  const freshWithin = (deps.config.CAMERA_WATCHDOG_INTERVAL_SECONDS || 30) * 1000;
  const concurrency = Math.max(1, Math.min(8, Math.floor(deps.media.pool.max / 4)));
  const queue = [...cameras];
  const worker = async () => {
    for (let camera = queue.shift(); camera; camera = queue.shift()) {
      const outcome = await outcomeOf(deps, camera, freshWithin);
      const applied = await applyOutcome(deps, camera.id, outcome, { offlineAfter: opts.offlineAfter ?? deps.config.CAMERA_OFFLINE_AFTER_FAILURES, origin: opts.origin });
      result.checked += 1;
      if (outcome.success) result.online += 1;
      else result.failed.push({ id: camera.id, reason: outcome.message });
      if (applied?.changed && applied.status === 'offline') result.wentOffline.push(camera.id);
      if (applied?.changed && applied.status === 'online') result.cameOnline.push(camera.id);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, cameras.length) }, worker));
  return result;
}

async function outcomeOf(deps: WatchdogDeps, camera: CameraRecord, freshWithin: number): Promise<ProbeOutcome> {
  const live = deps.media.liveFrame(camera.id);
  if (live && Date.now() - live.at < freshWithin) {
    return { success: true, latencyMs: null, bitrate: null, fps: null, resolution: live.width && live.height ? `${live.width}x${live.height}` : null, codec: null, message: 'live view is receiving frames' };
  }
  try {
    return await deps.media.probe(camera.id, mediaSourceOf(deps.secrets, camera), { readSeconds: 1 });
  } catch (err) {
    return failedProbe((err as Error).message);
  }
}

/** Enqueues a round per interval slot (pg-boss drops the duplicates other workers send in the same slot). */
export function scheduleWatchdog(app: Pick<AppServices, 'jobs' | 'config' | 'logger'>): () => void {
  const seconds = app.config.CAMERA_WATCHDOG_INTERVAL_SECONDS;
  if (seconds === 0) return () => undefined;
  const tick = () => {
    app.jobs.send(QUEUES.cameraWatchdog.name, {}, { singletonKey: 'round', singletonSeconds: seconds }).catch((err: unknown) => app.logger.warn({ err }, 'watchdog round not enqueued'));
  };
  tick();
  const timer = setInterval(tick, seconds * 1000);
  timer.unref();
  return () => clearInterval(timer);
}
