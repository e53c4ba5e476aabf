/** SQL for notifications. Every read and write is scoped to one user; dismissed notifications are invisible. */
import { sql, type Database, type Kysely, type Transaction } from '@sentinel/db';
import type { AlertLevel, TListNotificationsRequest, TNotificationItem } from '@sentinel/contracts';

type Db = Kysely<Database> | Transaction<Database>;

const COLUMNS = ['id', 'user_id', 'level', 'title', 'message', 'alert_id', 'acknowledged_at', 'created_at'] as const;

function base(db: Db, userId: string) {
  return db.selectFrom('notifications').select(COLUMNS).where('user_id', '=', userId).where('dismissed_at', 'is', null);
}

type Row = Awaited<ReturnType<ReturnType<typeof base>['executeTakeFirstOrThrow']>>;

export function toNotification(r: Row): TNotificationItem {
  return {
    id: r.id,
    level: r.level as AlertLevel,
    title: r.title,
    message: r.message,
    alertId: r.alert_id,
    acknowledged: r.acknowledged_at !== null,
    acknowledgedAt: r.acknowledged_at ? r.acknowledged_at.toISOString() : null,
    createdAt: r.created_at.toISOString(),
  };
}

export async function findNotification(db: Db, userId: string, id: string): Promise<TNotificationItem | undefined> {
  const row = await base(db, userId).where('id', '=', id).executeTakeFirst();
  return row ? toNotification(row) : undefined;
}

export async function listNotifications(db: Db, userId: string, q: TListNotificationsRequest): Promise<{ rows: TNotificationItem[]; total: number }> {
  let query = db.selectFrom('notifications').where('user_id', '=', userId).where('dismissed_at', 'is', null);
  if (q.acknowledged !== undefined) query = query.where('acknowledged_at', q.acknowledged ? 'is not' : 'is', null);
  const { total } = await query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  const rows = await query
    .select(COLUMNS)
    .orderBy('created_at', q.sortDir ?? 'desc')
    .orderBy('id', 'desc')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute();
  return { rows: rows.map(toNotification), total };
}

export interface NewNotification {
  id: string;
  userId: string;
  level: AlertLevel;
  title: string;
  message: string;
  alertId: string | null;
}

/** Inserts notifications; one a user already has for the same alert is skipped. Returns those inserted, with their user. */
export async function insertNotifications(db: Db, items: readonly NewNotification[]): Promise<{ userId: string; notification: TNotificationItem }[]> {
  if (!items.length) return [];
  const rows = await db
    .insertInto('notifications')
    .values(items.map((n) => ({ id: n.id, user_id: n.userId, level: n.level, title: n.title, message: n.message, alert_id: n.alertId })))
    .onConflict((oc) => oc.columns(['user_id', 'alert_id']).doNothing())
    .returning(COLUMNS)
    .execute();
  return rows.map((r) => ({ userId: r.user_id, notification: toNotification(r) }));
}

export async function acknowledgeNotification(db: Db, userId: string, id: string): Promise<boolean> {
  const r = await db
    .updateTable('notifications')
    .set({ acknowledged_at: sql<Date>`now()` })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('acknowledged_at', 'is', null)
    .where('dismissed_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function dismissNotification(db: Db, userId: string, id: string): Promise<boolean> {
  const r = await db
    .updateTable('notifications')
    .set({ dismissed_at: sql<Date>`now()` })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('dismissed_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Ids of the users who hold the built-in Admin role and can log in. */
export async function activeAdminIds(db: Db): Promise<string[]> {
  const rows = await db
    .selectFrom('users')
    .select('id')
    .where('role_id', '=', 'ROLE-ADMIN')
    .where('status', '=', 'active')
    .where('deleted_at', 'is', null)
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}
