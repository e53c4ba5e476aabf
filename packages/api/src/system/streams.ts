/**
 * The one hook behind "restart streams" and "refresh feeds". There is no media pipeline yet, so today it
 * re-probes what can be probed without one: every enabled camera's stored address is opened and checked
 * against its stream type again, and the camera's lastChecked is stamped. The media issue replaces the
 * probe with (re)opening the streams; the commands, their audit entries and their answers stay as they are.
 */
import type { Actor } from '../core/context.ts';
import type { AppServices } from '../core/services.ts';
import { recordAudit } from '../audit/trail.ts';
import { allCameras } from '../cameras/repository.ts';
import { checkStreamAddress } from '../cameras/stream-address.ts';
import { markCamerasChecked } from './repository.ts';

export type StreamCommand = 'restart-streams' | 'refresh-feeds';

export interface StreamProbeResult {
  checked: number;
  /** enabled cameras whose stored address no longer passes the check, with the reason */
  invalid: { id: string; reason: string }[];
  checkedAt: string;
}

export async function restartStreams(app: Pick<AppServices, 'db' | 'secrets'>, opts: { actor: Actor; command: StreamCommand }): Promise<StreamProbeResult> {
  const checkedAt = new Date();
  return app.db.transaction().execute(async (trx) => {
    const cameras = (await allCameras(trx)).filter((c) => c.enabled);
    const invalid: StreamProbeResult['invalid'] = [];
    for (const camera of cameras) {
      let streamUrl: string | null = null;
      try {
        streamUrl = camera.streamUrlSealed ? app.secrets.open(camera.streamUrlSealed) : null;
      } catch {
        invalid.push({ id: camera.id, reason: 'the stored credentials cannot be decrypted with the current ENCRYPTION_KEY' });
        continue;
      }
      const check = checkStreamAddress({ streamType: camera.streamType, streamUrl, devicePath: camera.devicePath });
      if (!check.ok) invalid.push({ id: camera.id, reason: `${check.field}: ${check.reason}` });
    }
    await markCamerasChecked(trx, cameras.map((c) => c.id), checkedAt);
    const result = { checked: cameras.length, invalid, checkedAt: checkedAt.toISOString() };
    await recordAudit(trx, opts.actor, {
      action: `system.${opts.command}`,
      resourceType: 'system',
      severity: 'warning',
      message: `${opts.command}: ${cameras.length} enabled cameras re-probed, ${invalid.length} with an invalid address`,
      after: result,
    });
    return result;
  });
}
