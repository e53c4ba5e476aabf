/** SQL for reading the audit trail. */
import { prefixPattern, type Database, type Kysely } from '@sentinel/db';
import type { TAuditLog, TListAuditRequest } from '@sentinel/contracts';

const COLUMNS = ['id', 'at', 'actor_id', 'actor_name', 'action', 'resource_type', 'resource_id', 'severity', 'message', 'before', 'after', 'ip', 'request_id'] as const;

type Row = {
  id: string; at: Date; actor_id: string | null; actor_name: string; action: string; resource_type: string; resource_id: string | null;
  severity: string; message: string; before: Record<string, unknown> | null; after: Record<string, unknown> | null; ip: string | null; request_id: string | null;
};

function toAuditLog(r: Row): TAuditLog {
  return {
    id: r.id,
    timestamp: r.at.toISOString(),
    actorId: r.actor_id,
    actor: r.actor_name,
    action: r.action,
    resourceType: r.resource_type,
    resourceId: r.resource_id,
    severity: r.severity as TAuditLog['severity'],
    message: r.message,
    before: r.before,
    after: r.after,
    ip: r.ip,
    requestId: r.request_id,
  };
}

const SORT = { timestamp: 'at', action: 'action', actor: 'actor_name', severity: 'severity' } as const;

export type AuditFilter = Pick<TListAuditRequest, 'actor' | 'action' | 'severity' | 'resourceType' | 'resourceId' | 'from' | 'to'>;

/** The audit entries a filter selects: shared by the list and the export. */
export function filteredAudit(db: Kysely<Database>, q: AuditFilter) {
  let query = db.selectFrom('audit_logs');
  const actor = q.actor;
  if (actor) query = query.where((eb) => eb.or([eb('actor_id', '=', actor), eb(eb.fn('lower', ['actor_name']), '=', actor.toLowerCase())]));
  if (q.action) {
    query = q.action.endsWith('*')
      ? query.where('action', 'like', prefixPattern(q.action.slice(0, -1)))
      : query.where('action', '=', q.action);
  }
  if (q.severity) query = query.where('severity', '=', q.severity);
  if (q.resourceType) query = query.where('resource_type', '=', q.resourceType);
  if (q.resourceId) query = query.where('resource_id', '=', q.resourceId);
  if (q.from) query = query.where('at', '>=', new Date(q.from));
  if (q.to) query = query.where('at', '<=', new Date(q.to));
  return query;
}

export async function listAuditLogs(db: Kysely<Database>, q: TListAuditRequest): Promise<{ rows: TAuditLog[]; total: number }> {
  const query = filteredAudit(db, q);
  const { total } = await query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  const rows = await query
    .select(COLUMNS)
    .orderBy(SORT[q.sortBy], q.sortDir ?? (q.sortBy === 'timestamp' ? 'desc' : 'asc'))
    .orderBy('id', 'desc')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute();
  return { rows: rows.map((r) => toAuditLog(r)), total };
}

export async function findAuditLog(db: Kysely<Database>, id: string): Promise<TAuditLog | undefined> {
  const row = await db.selectFrom('audit_logs').select(COLUMNS).where('id', '=', id).executeTakeFirst();
  return row ? toAuditLog(row) : undefined;
}
