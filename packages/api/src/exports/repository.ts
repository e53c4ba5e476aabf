/**
 * SQL for export jobs. The row is the job's state as users see it; the worker moves it along
 * (queued -> processing -> completed | failed) with guarded updates, so a job deleted meanwhile is
 * noticed (the update touches no row) instead of resurrected.
 */
import { sql, type Database, type Kysely, type Transaction } from '@sentinel/db';
import type { ExportFormat, ExportStatus, ExportType } from '@sentinel/contracts';

type Db = Kysely<Database> | Transaction<Database>;

export interface ExportRecord {
  id: string;
  ownerId: string | null;
  ownerName: string;
  type: ExportType;
  format: ExportFormat;
  filters: Record<string, unknown>;
  status: ExportStatus;
  progress: number;
  totalRows: number | null;
  rowsWritten: number;
  truncated: boolean;
  attempts: number;
  storageKey: string | null;
  contentType: string | null;
  byteSize: number | null;
  error: string | null;
  createdAt: Date;
  startedAt: Date | null;
  completedAt: Date | null;
  expiresAt: Date | null;
}

const COLUMNS = [
  'id', 'owner_id', 'owner_name', 'type', 'format', 'filters', 'status', 'progress', 'total_rows', 'rows_written', 'truncated', 'attempts',
  'storage_key', 'content_type', 'byte_size', 'error', 'created_at', 'started_at', 'completed_at', 'expires_at',
] as const;

function base(db: Db) {
  return db.selectFrom('export_jobs').select(COLUMNS);
}

type Row = Awaited<ReturnType<ReturnType<typeof base>['executeTakeFirstOrThrow']>>;

function toRecord(r: Row): ExportRecord {
  return {
    id: r.id,
    ownerId: r.owner_id,
    ownerName: r.owner_name,
    type: r.type as ExportType,
    format: r.format as ExportFormat,
    filters: r.filters,
    status: r.status as ExportStatus,
    progress: r.progress,
    totalRows: r.total_rows,
    rowsWritten: r.rows_written,
    truncated: r.truncated,
    attempts: r.attempts,
    storageKey: r.storage_key,
    contentType: r.content_type,
    byteSize: r.byte_size,
    error: r.error,
    createdAt: r.created_at,
    startedAt: r.started_at,
    completedAt: r.completed_at,
    expiresAt: r.expires_at,
  };
}

export interface NewExport {
  id: string;
  ownerId: string;
  ownerName: string;
  type: ExportType;
  format: ExportFormat;
  filters: Record<string, unknown>;
  dedupeKey: string | null;
}

export async function insertExport(db: Db, e: NewExport): Promise<ExportRecord> {
  const row = await db
    .insertInto('export_jobs')
    .values({
      id: e.id, owner_id: e.ownerId, owner_name: e.ownerName, type: e.type, format: e.format, filters: JSON.stringify(e.filters), dedupe_key: e.dedupeKey,
    })
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
  return toRecord(row);
}

export async function findExport(db: Db, id: string): Promise<ExportRecord | undefined> {
  const row = await base(db).where('id', '=', id).executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

/** The newest job with this dedupe key created within `seconds`, unless it failed. */
export async function findRecentDuplicate(db: Db, dedupeKey: string, seconds: number): Promise<ExportRecord | undefined> {
  const row = await base(db)
    .where('dedupe_key', '=', dedupeKey)
    .where('created_at', '>', sql<Date>`now() - make_interval(secs => ${seconds})`)
    .where('status', '<>', 'failed')
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

export interface ExportListQuery {
  ownerId: string | null;
  status?: ExportStatus | undefined;
  type?: ExportType | undefined;
  limit: number;
  offset: number;
}

export async function listExports(db: Db, q: ExportListQuery): Promise<{ rows: ExportRecord[]; total: number }> {
  let query = db.selectFrom('export_jobs');
  if (q.ownerId !== null) query = query.where('owner_id', '=', q.ownerId);
  if (q.status) query = query.where('status', '=', q.status);
  if (q.type) query = query.where('type', '=', q.type);
  const { total } = await query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  const rows = await query.select(COLUMNS).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(q.limit).offset(q.offset).execute();
  return { rows: rows.map(toRecord), total: Number(total) };
}

export async function deleteExportRow(db: Db, id: string): Promise<ExportRecord | undefined> {
  const row = await db.deleteFrom('export_jobs').where('id', '=', id).returning(COLUMNS).executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

/** Claims the job for an attempt: processing, attempts + 1. Undefined when the job is gone or finished. */
export async function startAttempt(db: Db, id: string): Promise<ExportRecord | undefined> {
  const row = await db
    .updateTable('export_jobs')
    .set((eb) => ({ status: 'processing', attempts: eb('attempts', '+', 1), progress: 0, rows_written: 0, truncated: false, started_at: new Date(), updated_at: new Date() }))
    .where('id', '=', id)
    .where('status', 'in', ['queued', 'processing'])
    .returning(COLUMNS)
    .executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

/** Records progress; false when the job was deleted meanwhile (the worker then stops). */
export async function recordProgress(db: Db, id: string, p: { totalRows?: number; rowsWritten: number; progress: number }): Promise<boolean> {
  const r = await db
    .updateTable('export_jobs')
    .set({ ...(p.totalRows !== undefined ? { total_rows: p.totalRows } : {}), rows_written: p.rowsWritten, progress: p.progress, updated_at: new Date() })
    .where('id', '=', id)
    .where('status', '=', 'processing')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export interface Completion {
  storageKey: string;
  contentType: string;
  byteSize: number;
  rowsWritten: number;
  totalRows: number;
  truncated: boolean;
  retentionHours: number;
}

/** false when the job was deleted meanwhile: the caller then erases the artifact it stored. */
export async function markCompleted(db: Db, id: string, c: Completion): Promise<boolean> {
  const r = await db
    .updateTable('export_jobs')
    .set({
      status: 'completed', progress: 100, storage_key: c.storageKey, content_type: c.contentType, byte_size: c.byteSize, rows_written: c.rowsWritten,
      total_rows: c.totalRows, truncated: c.truncated, error: null, completed_at: new Date(),
      expires_at: sql<Date>`now() + make_interval(hours => ${c.retentionHours})`, updated_at: new Date(),
    })
    .where('id', '=', id)
    .where('status', '=', 'processing')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** A failed attempt: 'failed' when it was the last one, else back to 'queued' for pg-boss's retry. */
export async function markAttemptFailed(db: Db, id: string, error: string, final: boolean): Promise<void> {
  await db
    .updateTable('export_jobs')
    .set({ status: final ? 'failed' : 'queued', error, progress: 0, updated_at: new Date() })
    .where('id', '=', id)
    .where('status', '=', 'processing')
    .execute();
}

/**
 * Jobs past retention: completed ones whose expiry passed, and failed ones created longer ago than the
 * retention period (they have no file, only a row).
 */
export async function expiredExports(db: Db, retentionHours: number, limit: number): Promise<{ id: string; storageKey: string | null }[]> {
  const rows = await db
    .selectFrom('export_jobs')
    .select(['id', 'storage_key'])
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'completed'), eb('expires_at', '<=', sql<Date>`now()`)]),
        eb.and([eb('status', '=', 'failed'), eb('created_at', '<=', sql<Date>`now() - make_interval(hours => ${retentionHours})`)]),
      ]),
    )
    .orderBy('created_at')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: r.id, storageKey: r.storage_key }));
}

export async function deleteExportRows(db: Db, ids: readonly string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const r = await db.deleteFrom('export_jobs').where('id', 'in', ids).executeTakeFirst();
  return Number(r.numDeletedRows);
}
