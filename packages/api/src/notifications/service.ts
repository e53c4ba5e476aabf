/**
 * Notifications belong to one user: a user lists, acknowledges and dismisses only their own, and
 * someone else's id answers 404 (never 403, which would reveal that it exists). Other domains notify
 * users through `notifyUsers`; escalation creates them inside its own transaction.
 */
import { newId, notFound } from '@sentinel/platform';
import type { Database, Kysely, Transaction } from '@sentinel/db';
import { pageMeta, type AlertLevel, type Page, type TListNotificationsRequest, type TNotificationItem } from '@sentinel/contracts';
import { SYSTEM_ACTOR, type Actor } from '../core/context.ts';
import { recordAudit } from '../audit/trail.ts';
import { publishNotifications, type LiveDeps } from '../alerts/live.ts';
import * as repo from './repository.ts';

export interface NotificationDeps extends LiveDeps {
  db: Kysely<Database>;
}

export interface NotifyInput {
  userId: string;
  level: AlertLevel;
  title: string;
  message: string;
  alertId?: string | null;
}

export type CreatedNotification = { userId: string; notification: TNotificationItem };

/** Inserts notifications in the caller's transaction; publish the result after it commits. */
export function createNotifications(trx: Transaction<Database>, items: readonly NotifyInput[]): Promise<CreatedNotification[]> {
  return repo.insertNotifications(
    trx,
    items.map((n) => ({ id: newId('NTF'), userId: n.userId, level: n.level, title: n.title, message: n.message, alertId: n.alertId ?? null })),
  );
}

/** Notifies users (each at most once per alert), audits it, and pushes each notification to its user. */
export async function notifyUsers(deps: NotificationDeps, items: readonly NotifyInput[], actor: Actor = SYSTEM_ACTOR): Promise<TNotificationItem[]> {
  const created = await deps.db.transaction().execute(async (trx) => {
    const rows = await createNotifications(trx, items);
    if (rows.length) {
      await recordAudit(trx, actor, {
        action: 'notification.create',
        resourceType: 'notification',
        message: `${rows.length} notification(s) sent`,
        after: { notifications: rows.map((r) => ({ id: r.notification.id, userId: r.userId, title: r.notification.title })) },
      });
    }
    return rows;
  });
  await publishNotifications(deps, created);
  return created.map((c) => c.notification);
}

export async function listMyNotifications(db: Kysely<Database>, userId: string, q: TListNotificationsRequest): Promise<Page<TNotificationItem>> {
  const { rows, total } = await repo.listNotifications(db, userId, q);
  return { data: rows, meta: pageMeta(q.page, q.pageSize, total) };
}

/** Acknowledges one of the caller's notifications; acknowledging it again changes nothing. */
export async function acknowledgeMyNotification(db: Kysely<Database>, userId: string, id: string, actor: Actor): Promise<TNotificationItem> {
  return db.transaction().execute(async (trx) => {
    const before = await repo.findNotification(trx, userId, id);
    if (!before) throw notFound('Notification', id);
    if (before.acknowledged) return before;
    await repo.acknowledgeNotification(trx, userId, id);
    const after = (await repo.findNotification(trx, userId, id))!;
    await recordAudit(trx, actor, { action: 'notification.acknowledge', resourceType: 'notification', resourceId: id, before, after });
    return after;
  });
}

export async function dismissMyNotification(db: Kysely<Database>, userId: string, id: string, actor: Actor): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await repo.findNotification(trx, userId, id);
    if (!before || !(await repo.dismissNotification(trx, userId, id))) throw notFound('Notification', id);
    await recordAudit(trx, actor, { action: 'notification.dismiss', resourceType: 'notification', resourceId: id, before });
  });
}
