/** SQL for alerts: folding look-ups, state changes and the list. Cleared alerts are invisible to reads here unless asked. */
import { sql, type Database, type Kysely, type Transaction } from '@sentinel/db';
import type { AlertLevel, TAlert, TListAlertsRequest } from '@sentinel/contracts';

type Db = Kysely<Database> | Transaction<Database>;

const COLUMNS = [
  'id', 'level', 'type', 'title', 'message', 'camera_id', 'employee_id', 'count', 'acknowledged_by', 'acknowledged_at', 'muted_until',
  'escalated_at', 'resolved_at', 'cleared_at', 'last_seen_at', 'created_at',
] as const;

function base(db: Db) {
  return db.selectFrom('alerts').select(COLUMNS);
}

type Row = Awaited<ReturnType<ReturnType<typeof base>['executeTakeFirstOrThrow']>>;

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export function toAlert(r: Row): TAlert {
  return {
    id: r.id,
    level: r.level as AlertLevel,
    type: r.type,
    title: r.title,
    message: r.message,
    cameraId: r.camera_id,
    employeeId: r.employee_id,
    count: r.count,
    acknowledged: r.acknowledged_at !== null,
    acknowledgedBy: r.acknowledged_by,
    acknowledgedAt: iso(r.acknowledged_at),
    mutedUntil: iso(r.muted_until),
    escalatedAt: iso(r.escalated_at),
    resolvedAt: iso(r.resolved_at),
    clearedAt: iso(r.cleared_at),
    lastSeenAt: r.last_seen_at.toISOString(),
    createdAt: r.created_at.toISOString(),
  };
}

/** A visible (not cleared) alert; `includeCleared` also finds cleared ones. */
export async function findAlert(db: Db, id: string, opts: { includeCleared?: boolean } = {}): Promise<TAlert | undefined> {
  let query = base(db).where('id', '=', id);
  if (!opts.includeCleared) query = query.where('cleared_at', 'is', null);
  const row = await query.executeTakeFirst();
  return row ? toAlert(row) : undefined;
}

export async function findAlerts(db: Db, ids: readonly string[]): Promise<TAlert[]> {
  if (!ids.length) return [];
  const rows = await base(db).where('id', 'in', ids).orderBy('created_at').execute();
  return rows.map(toAlert);
}

// an arbitrary namespace for this domain's advisory locks ('alrt')
const FOLD_LOCK_NAMESPACE = 0x616c7274;

/** Serialises raises of one fingerprint until the transaction ends, so two identical raises cannot both insert. */
export async function lockFingerprint(trx: Transaction<Database>, fingerprint: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(${FOLD_LOCK_NAMESPACE}::int4, hashtext(${fingerprint}))`.execute(trx);
}

/** The latest end of a mute still running on any alert of this fingerprint (acknowledged or cleared ones included). */
export async function activeMuteOf(db: Db, fingerprint: string): Promise<Date | null> {
  const row = await db
    .selectFrom('alerts')
    .select((eb) => eb.fn.max('muted_until').as('until'))
    .where('fingerprint', '=', fingerprint)
    .where('muted_until', '>', sql<Date>`now()`)
    .executeTakeFirst();
  return row?.until ?? null;
}

/** The open alert a new identical occurrence folds into: unacknowledged, not cleared or resolved, seen within the window. */
export async function findFoldTarget(db: Db, fingerprint: string, windowSeconds: number): Promise<string | undefined> {
  const row = await db
    .selectFrom('alerts')
    .select('id')
    .where('fingerprint', '=', fingerprint)
    .where('acknowledged_at', 'is', null)
    .where('cleared_at', 'is', null)
    .where('resolved_at', 'is', null)
    .where('last_seen_at', '>=', sql<Date>`now() - make_interval(secs => ${windowSeconds})`)
    .orderBy('last_seen_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.id;
}

export interface NewAlert {
  id: string;
  level: AlertLevel;
  type: string;
  title: string;
  message: string;
  cameraId: string | null;
  employeeId: string | null;
  fingerprint: string;
  mutedUntil: Date | null;
}

export async function insertAlert(db: Db, a: NewAlert): Promise<void> {
  await db
    .insertInto('alerts')
    .values({
      id: a.id,
      level: a.level,
      type: a.type,
      title: a.title,
      message: a.message,
      camera_id: a.cameraId,
      employee_id: a.employeeId,
      fingerprint: a.fingerprint,
      muted_until: a.mutedUntil,
    })
    .execute();
}

/** One more occurrence: the count grows, last seen moves, the message becomes the latest one. */
export async function foldInto(db: Db, id: string, message: string): Promise<void> {
  await db
    .updateTable('alerts')
    .set((eb) => ({ count: eb('count', '+', 1), last_seen_at: sql<Date>`now()`, message }))
    .where('id', '=', id)
    .execute();
}

/** Acknowledges an unacknowledged alert; false when it already was. */
export async function acknowledgeAlert(db: Db, id: string, userId: string | null): Promise<boolean> {
  const r = await db
    .updateTable('alerts')
    .set({ acknowledged_at: sql<Date>`now()`, acknowledged_by: userId })
    .where('id', '=', id)
    .where('acknowledged_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function muteAlert(db: Db, id: string, minutes: number): Promise<void> {
  await db.updateTable('alerts').set({ muted_until: sql<Date>`now() + make_interval(mins => ${minutes})` }).where('id', '=', id).execute();
}

export async function clearAlert(db: Db, id: string): Promise<void> {
  await db.updateTable('alerts').set({ cleared_at: sql<Date>`now()` }).where('id', '=', id).execute();
}

/** Resolves every open (unresolved, not cleared) alert of a type, optionally of one camera and/or person; returns their ids. */
export async function resolveOpenAlerts(db: Db, match: { type: string; cameraId?: string | null; employeeId?: string | null }): Promise<string[]> {
  let query = db
    .updateTable('alerts')
    .set({ resolved_at: sql<Date>`now()` })
    .where('type', '=', match.type)
    .where('resolved_at', 'is', null)
    .where('cleared_at', 'is', null);
  if (match.cameraId !== undefined) query = match.cameraId === null ? query.where('camera_id', 'is', null) : query.where('camera_id', '=', match.cameraId);
  if (match.employeeId !== undefined) query = match.employeeId === null ? query.where('employee_id', 'is', null) : query.where('employee_id', '=', match.employeeId);
  const rows = await query.returning('id').execute();
  return rows.map((r) => r.id);
}

const LEVEL_RANK = sql<number>`case level when 'critical' then 3 when 'warning' then 2 else 1 end`;

export async function listAlerts(db: Db, q: TListAlertsRequest): Promise<{ rows: TAlert[]; total: number }> {
  let query = db.selectFrom('alerts').where('cleared_at', 'is', null);
  if (q.level) query = query.where('level', '=', q.level);
  if (q.acknowledged !== undefined) query = query.where('acknowledged_at', q.acknowledged ? 'is not' : 'is', null);
  if (q.cameraId) query = query.where('camera_id', '=', q.cameraId);
  if (q.employeeId) query = query.where('employee_id', '=', q.employeeId);
  if (q.type) query = query.where('type', '=', q.type);
  // an alert spans first to last seen: it matches a time window it overlaps
  if (q.from) query = query.where('last_seen_at', '>=', new Date(q.from));
  if (q.to) query = query.where('created_at', '<=', new Date(q.to));
  const { total } = await query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  const dir = q.sortDir ?? 'desc';
  const sorted =
    q.sortBy === 'level'
      ? query.orderBy(LEVEL_RANK, dir).orderBy('last_seen_at', 'desc')
      : query.orderBy(q.sortBy === 'createdAt' ? 'created_at' : q.sortBy === 'count' ? 'count' : 'last_seen_at', dir);
  const rows = await sorted
    .select(COLUMNS)
    .orderBy('id', 'desc')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute();
  return { rows: rows.map(toAlert), total };
}

/** Critical alerts due for escalation: unacknowledged, not muted, cleared, resolved or escalated, older than the threshold. */
export async function alertsDueForEscalation(db: Db, afterMinutes: number, limit = 100): Promise<string[]> {
  const rows = await db
    .selectFrom('alerts')
    .select('id')
    .where('level', '=', 'critical')
    .where('acknowledged_at', 'is', null)
    .where('escalated_at', 'is', null)
    .where('cleared_at', 'is', null)
    .where('resolved_at', 'is', null)
    .where((eb) => eb.or([eb('muted_until', 'is', null), eb('muted_until', '<=', sql<Date>`now()`)]))
    .where('created_at', '<=', sql<Date>`now() - make_interval(mins => ${afterMinutes})`)
    .orderBy('created_at')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Marks one alert escalated if it still qualifies (another worker, an acknowledgement or a mute may have
 * come first); true when this caller won it.
 */
export async function claimEscalation(db: Db, id: string): Promise<boolean> {
  const r = await db
    .updateTable('alerts')
    .set({ escalated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .where('escalated_at', 'is', null)
    .where('acknowledged_at', 'is', null)
    .where('cleared_at', 'is', null)
    .where('resolved_at', 'is', null)
    .where((eb) => eb.or([eb('muted_until', 'is', null), eb('muted_until', '<=', sql<Date>`now()`)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
