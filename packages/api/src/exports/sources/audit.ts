/**
 * Audit export rows: the entries GET /audit lists for the same filters, newest first (time, then id).
 * The WHERE is audit/repository.ts `filteredAudit`, the same one the list uses.
 */
import { sql } from '@sentinel/db';
import { filteredAudit, type AuditFilter } from '../../audit/repository.ts';
import {
  csvChunk, csvLine, csvPlain, csvText, describeFilters, isoText, keysetBatches, rangeText, type Cell, type Db, type ExportColumn, type RowSource,
} from './source.ts';

export type { AuditFilter };

export const AUDIT_COLUMNS: readonly ExportColumn[] = [
  { header: 'Timestamp (UTC)', width: 13 },
  { header: 'ID', width: 0 },
  { header: 'Actor', width: 10 },
  { header: 'Actor ID', width: 0 },
  { header: 'Action', width: 11 },
  { header: 'Resource Type', width: 8 },
  { header: 'Resource ID', width: 10 },
  { header: 'Severity', width: 6 },
  { header: 'Message', width: 24 },
  { header: 'IP', width: 8 },
  { header: 'Request ID', width: 0 },
  { header: 'Before', width: 0 },
  { header: 'After', width: 0 },
];

interface Cursor {
  /** `at` as PostgreSQL text: microsecond precision */
  at: string;
  id: string;
}

function ordered(db: Db, f: AuditFilter, cursor: Cursor | undefined, limit: number) {
  let q = filteredAudit(db, f);
  if (cursor) {
    const at = sql<Date>`${cursor.at}::timestamptz`;
    q = q.where('at', '<=', at).where((eb) => eb(eb.refTuple('at', 'id'), '<', eb.tuple(at, cursor.id)));
  }
  return q.select([sql<string>`at::text`.as('at_key'), 'id']).orderBy('at', 'desc').orderBy('id', 'desc').limit(limit);
}

const cursorOf = (r: { at_key: string; id: string }): Cursor => ({ at: r.at_key, id: r.id });

const cellsPage = (db: Db, f: AuditFilter, cursor: Cursor | undefined, limit: number) =>
  ordered(db, f, cursor, limit)
    .select([
      isoText('at').as('timestamp'), 'actor_name', 'actor_id', 'action', 'resource_type', 'resource_id', 'severity', 'message', 'ip', 'request_id',
      sql<string | null>`before::text`.as('before'), sql<string | null>`after::text`.as('after'),
    ])
    .execute();

type Row = Awaited<ReturnType<typeof cellsPage>>[number];

const cells = (r: Row): Cell[] => [
  r.timestamp, r.id, r.actor_name, r.actor_id, r.action, r.resource_type, r.resource_id, r.severity, r.message, r.ip, r.request_id, r.before, r.after,
];

/** The same columns as `cells`, as one CSV line the database formats. */
const LINE = csvLine([
  csvPlain(isoText('at')), ...['id', 'actor_name', 'actor_id', 'action', 'resource_type', 'resource_id', 'severity', 'message', 'ip', 'request_id'].map((c) => csvText(sql.ref(c))),
  csvText(sql`before::text`), csvText(sql`after::text`),
]);

const linesPage = (db: Db, f: AuditFilter, cursor: Cursor | undefined, limit: number) => ordered(db, f, cursor, limit).select(LINE.as('line')).execute();

export function auditSource(db: Db, f: AuditFilter): RowSource {
  return {
    title: 'Audit trail',
    subtitle: describeFilters([
      rangeText(f.from, f.to), f.actor && `actor ${f.actor}`, f.action && `action ${f.action}`, f.severity && `severity ${f.severity}`,
      f.resourceType && `resource ${f.resourceType}${f.resourceId ? ` ${f.resourceId}` : ''}`, !f.resourceType && f.resourceId && `resource id ${f.resourceId}`,
    ]),
    fileStem: 'audit',
    columns: AUDIT_COLUMNS,
    count: async () => {
      const { total } = await filteredAudit(db, f).select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
      return Number(total);
    },
    batches: (size) => keysetBatches((cursor: Cursor | undefined, limit) => cellsPage(db, f, cursor, limit), cursorOf, (rows) => rows.map(cells), size),
    csvChunks: (size) => keysetBatches((cursor: Cursor | undefined, limit) => linesPage(db, f, cursor, limit), (r) => cursorOf(r), csvChunk, size),
  };
}
