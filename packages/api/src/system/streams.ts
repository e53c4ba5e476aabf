/**
 * The one hook behind "restart streams" and "refresh feeds", acting on this process's media:
 * - restart-streams: every running live view reopens its camera (viewers stay attached), HLS streams stop
 *   (players restart them with their next playlist request), then every enabled camera is re-probed;
 * - refresh-feeds: every enabled camera is re-probed and its telemetry and status refreshed.
 * Probes go through the watchdog's check, so statuses, history, events and alerts follow the same rules.
 */
import type { Actor } from '../core/context.ts';
import type { AppServices } from '../core/services.ts';
import { recordAudit } from '../audit/trail.ts';
import { checkCameras } from '../media/watchdog.ts';

export type StreamCommand = 'restart-streams' | 'refresh-feeds';

export interface StreamProbeResult {
  checked: number;
  online: number;
  /** enabled cameras that did not answer, with the reason */
  failed: { id: string; reason: string }[];
  restarted: { frames: number; hls: number };
  checkedAt: string;
}

export async function restartStreams(
  app: Pick<AppServices, 'db' | 'media' | 'secrets' | 'events' | 'logger' | 'config'>,
  opts: { actor: Actor; command: StreamCommand },
): Promise<StreamProbeResult> {
  const checkedAt = new Date();
  const restarted = opts.command === 'restart-streams' ? await app.media.restartAll() : { frames: 0, hls: 0 };
  const round = await checkCameras(app, { origin: opts.command });
  const result: StreamProbeResult = { checked: round.checked, online: round.online, failed: round.failed, restarted, checkedAt: checkedAt.toISOString() };
  await recordAudit(app.db, opts.actor, {
    action: `system.${opts.command}`,
    resourceType: 'system',
    severity: 'warning',
    message: `${opts.command}: ${restarted.frames + restarted.hls} live streams restarted, ${round.checked} enabled cameras re-probed, ${round.failed.length} not answering`,
    after: result,
  });
  return result;
}
