/**
 * What a probe, a snapshot or a live stream learned about a camera, written back in one place: telemetry
 * (fps, bitrate, resolution, codec, latency, lastChecked, lastSeen) and the status. A success makes the
 * camera online at once; failures count up, and the camera goes offline when they reach the threshold.
 * A camera in maintenance keeps that status (an operator set it). Every status change gets a history row
 * (uptime is computed from them), a camera-status event, and a camera-offline alert raised or resolved.
 */
import type { AppServices } from '../core/services.ts';
import { raiseAlert, resolveAlerts } from '../alerts/service.ts';
import * as repo from '../cameras/repository.ts';

export interface ProbeOutcome {
  success: boolean;
  latencyMs: number | null;
  bitrate: number | null;
  fps: number | null;
  resolution: string | null;
  codec: string | null;
  message: string;
}

export type TelemetryDeps = Pick<AppServices, 'db' | 'events' | 'logger' | 'config'>;

export interface Applied {
  status: string;
  changed: boolean;
  failures: number;
}

export const OFFLINE_ALERT = 'camera-offline';

/** Records one outcome. `offlineAfter` failures in a row turn the camera offline (1 for a person's test). */
export async function applyOutcome(deps: TelemetryDeps, cameraId: string, outcome: ProbeOutcome, opts: { offlineAfter: number; origin: string }): Promise<Applied | null> {
  const now = new Date();
  const result = await deps.db.transaction().execute(async (trx) => {
    const current = await repo.lockCamera(trx, cameraId);
    if (!current) return null;
    const failures = outcome.success ? 0 : current.probeFailures + 1;
    let status = current.status;
    if (current.status !== 'maintenance') {
      if (outcome.success) status = 'online';
      else if (failures >= opts.offlineAfter) status = 'offline';
    }
    await repo.writeTelemetry(trx, cameraId, {
      status,
      fps: outcome.success ? outcome.fps : null,
      latency: outcome.success ? outcome.latencyMs : null,
      bitrate: outcome.success ? outcome.bitrate : null,
      resolution: outcome.success ? outcome.resolution : null,
      codec: outcome.success ? outcome.codec : null,
      lastChecked: now,
      lastSeen: outcome.success ? now : null,
      probeFailures: failures,
    });
    const changed = status !== current.status;
    if (changed) await repo.recordStatusChange(trx, cameraId, status, `${opts.origin}: ${outcome.message}`.slice(0, 500));
    return { status, changed, failures };
  });
  if (result?.changed) await announce(deps, cameraId, result.status, outcome, result.failures);
  return result;
}

async function announce(deps: TelemetryDeps, cameraId: string, status: string, outcome: ProbeOutcome, failed: number): Promise<void> {
  const camera = await repo.findCamera(deps.db, cameraId).catch(() => undefined);
  // the alert first: a client told the camera is offline finds its alert already listed
  try {
    if (status === 'offline') {
      await raiseAlert(deps, {
        level: 'critical',
        type: OFFLINE_ALERT,
        title: `Camera offline: ${camera?.name ?? cameraId}`,
        message: `${camera?.name ?? cameraId} stopped answering (${failed} failed check${failed === 1 ? '' : 's'} in a row): ${outcome.message}`,
        cameraId,
      });
    } else if (status === 'online') {
      await resolveAlerts(deps, { type: OFFLINE_ALERT, cameraId });
    }
  } catch (err) {
    deps.logger.warn({ err, cameraId, status }, 'camera-offline alert not raised or resolved');
  }
  try {
    await deps.events.publish({ type: 'camera-status', cameraId, status: status as 'online' | 'offline', lastSeen: camera?.lastSeen ?? null });
  } catch (err) {
    deps.logger.warn({ err, cameraId, status }, 'camera status change not announced');
  }
}
