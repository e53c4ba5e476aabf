/**
 * Publishing alert and notification events once their transaction has committed (never inside one: the
 * embedded database has a single connection). The change is already durable, so a failed publish is
 * logged, not thrown: clients catch up from the REST lists.
 */
import type { Logger } from '@sentinel/platform';
import type { TAlert, TNotificationItem } from '@sentinel/contracts';
import type { EventBus } from '../realtime/bus.ts';
import type { LiveEvent } from '../realtime/events.ts';

export interface LiveDeps {
  events: Pick<EventBus, 'publish'>;
  logger?: Pick<Logger, 'warn'>;
}

async function publish(deps: LiveDeps, event: LiveEvent, userId?: string): Promise<void> {
  try {
    await deps.events.publish(event, userId ? { userId } : {});
  } catch (err) {
    deps.logger?.warn({ err, type: event.type }, 'live event not published');
  }
}

export async function publishAlerts(deps: LiveDeps, alerts: readonly TAlert[]): Promise<void> {
  for (const alert of alerts) await publish(deps, { type: 'alert', alert });
}

export async function publishNotifications(deps: LiveDeps, created: readonly { userId: string; notification: TNotificationItem }[]): Promise<void> {
  for (const { userId, notification } of created) await publish(deps, { type: 'notification', notification }, userId);
}
