/**
 * The alerts.escalate job: a critical alert left unacknowledged (and not muted, cleared or resolved) for
 * ALERT_ESCALATE_AFTER_MINUTES since it was first raised notifies every active Admin, once. Idempotent:
 * each alert is claimed by setting escalated_at only while it is null, and a user can hold one
 * notification per alert (unique key), so concurrent or repeated runs never notify twice.
 */
import type { AppConfig } from '@sentinel/platform';
import type { TAlert } from '@sentinel/contracts';
import { SYSTEM_ACTOR } from '../core/context.ts';
import { recordAudit } from '../audit/trail.ts';
import { createNotifications, type CreatedNotification } from '../notifications/service.ts';
import { activeAdminIds } from '../notifications/repository.ts';
import { publishAlerts, publishNotifications } from './live.ts';
import type { AlertDeps } from './service.ts';
import * as repo from './repository.ts';

export const DEFAULT_ESCALATE_AFTER_MINUTES = 10;

export interface EscalationDeps extends AlertDeps {
  config?: Pick<AppConfig, 'ALERT_FOLD_WINDOW_SECONDS' | 'ALERT_ESCALATE_AFTER_MINUTES'>;
}

export interface EscalationResult {
  /** alerts escalated by this run */
  alerts: number;
  /** notifications created by this run */
  notifications: number;
}

function describe(alert: TAlert, minutes: number): string {
  const where = alert.cameraId ? ` (camera ${alert.cameraId})` : '';
  const repeats = alert.count > 1 ? `, seen ${alert.count} times` : '';
  return `${alert.message}${where}. Unacknowledged for over ${minutes} minute(s)${repeats}.`;
}

export async function escalateAlerts(deps: EscalationDeps, opts: { afterMinutes?: number } = {}): Promise<EscalationResult> {
  const minutes = opts.afterMinutes ?? deps.config?.ALERT_ESCALATE_AFTER_MINUTES ?? DEFAULT_ESCALATE_AFTER_MINUTES;
  const result: EscalationResult = { alerts: 0, notifications: 0 };
  for (const id of await repo.alertsDueForEscalation(deps.db, minutes)) {
    // one short transaction per alert; events only after it has committed
    const escalated = await deps.db.transaction().execute(async (trx): Promise<{ alert: TAlert; created: CreatedNotification[] } | null> => {
      if (!(await repo.claimEscalation(trx, id))) return null;
      const alert = (await repo.findAlert(trx, id))!;
      const admins = await activeAdminIds(trx);
      const created = await createNotifications(
        trx,
        admins.map((userId) => ({ userId, level: alert.level, title: `Unacknowledged: ${alert.title}`, message: describe(alert, minutes), alertId: alert.id })),
      );
      await recordAudit(trx, SYSTEM_ACTOR, {
        action: 'alert.escalate',
        resourceType: 'alert',
        resourceId: id,
        severity: 'critical',
        message: `unacknowledged for ${minutes} minute(s); ${created.length} Admin(s) notified`,
        after: { alertId: id, notified: created.map((c) => c.userId) },
      });
      return { alert, created };
    });
    if (!escalated) continue;
    result.alerts += 1;
    result.notifications += escalated.created.length;
    await publishAlerts(deps, [escalated.alert]);
    await publishNotifications(deps, escalated.created);
  }
  return result;
}
