/**
 * Export jobs as users see them. Starting one validates the filters with the list endpoint's schema,
 * checks the type's permission, and writes the job row, its audit entry and the pg-boss job in one
 * transaction (no job without a row, no row without a job). An export belongs to whoever started it:
 * others get 404, except Admins (system:admin), who see and delete everyone's (GET /exports?scope=all).
 */
import { AppError, newId, notFound, sha256 } from '@sentinel/platform';
import { sql, type Database, type Transaction } from '@sentinel/db';
import { QUEUES } from '@sentinel/jobs';
import { pageMeta, type Page, type TCreateExportRequest, type TExportAccepted, type TExportJob, type TListExportsRequest } from '@sentinel/contracts';
import type { Actor, AuthUser } from '../core/context.ts';
import type { AppServices } from '../core/services.ts';
import { recordAudit } from '../audit/trail.ts';
import { findPerson } from '../attendance/repository.ts';
import { EXPORT_KINDS, refuseUnlessAllowed } from './kinds.ts';
import { exportPrefix } from './storage-keys.ts';
import * as repo from './repository.ts';

export type ExportDeps = Pick<AppServices, 'db' | 'jobs' | 'storage' | 'urls' | 'logger'>;

/** Repeated GET /history/export calls with the same query within this window return the same job. */
export const DEDUPE_SECONDS = 60;

const isAdmin = (user: AuthUser) => user.permissions.includes('system:admin');

/** pg-boss's database adapter over a Kysely transaction: the job is inserted in the caller's transaction. */
function inTransaction(trx: Transaction<Database>) {
  return {
    async executeSql(text: string, values: unknown[] = []) {
      const query = { sql: text, parameters: values, query: { kind: 'RawNode', sqlFragments: [text], parameters: [] }, queryId: { queryId: 'pgboss' } };
      const result = await trx.executeQuery(query as unknown as Parameters<typeof trx.executeQuery>[0]);
      return { rows: [...result.rows] as Record<string, unknown>[] };
    },
  };
}

function canonical(filters: Record<string, unknown>): string {
  return JSON.stringify(Object.entries(filters).sort(([a], [b]) => a.localeCompare(b)));
}

export async function createExport(
  deps: ExportDeps,
  user: AuthUser,
  actor: Actor,
  input: TCreateExportRequest,
  opts: { dedupe?: boolean } = {},
): Promise<TExportAccepted> {
  refuseUnlessAllowed(input.type, user.permissions);
  const filters = EXPORT_KINDS[input.type].parseFilters(input.filters);
  if (input.type === 'history') {
    const employeeId = String(filters.employeeId);
    if (!(await findPerson(deps.db, employeeId))) throw notFound('Person', employeeId);
  }
  const dedupeKey = opts.dedupe ? sha256(`${user.id}\n${input.type}\n${input.format}\n${canonical(filters)}`) : null;
  return deps.db.transaction().execute(async (trx) => {
    if (dedupeKey) {
      await sql`SELECT pg_advisory_xact_lock(hashtext(${`export:${dedupeKey}`}))`.execute(trx);
      const recent = await repo.findRecentDuplicate(trx, dedupeKey, DEDUPE_SECONDS);
      if (recent) return { jobId: recent.id, status: recent.status };
    }
    const job = await repo.insertExport(trx, { id: newId('EXP'), ownerId: user.id, ownerName: user.name, type: input.type, format: input.format, filters, dedupeKey });
    await recordAudit(trx, actor, {
      action: 'export.create', resourceType: 'export', resourceId: job.id, message: `Started a ${input.format.toUpperCase()} export of ${input.type}`,
      after: { type: input.type, format: input.format, filters },
    });
    const bossJob = await deps.jobs.boss.send(QUEUES.exportsGenerate.name, { jobId: job.id }, { db: inTransaction(trx) });
    if (!bossJob) throw new AppError('SERVICE_UNAVAILABLE', 'The export could not be queued; try again');
    return { jobId: job.id, status: job.status };
  });
}

function toJob(deps: Pick<ExportDeps, 'urls'>, r: repo.ExportRecord, now = new Date()): TExportJob {
  const secondsLeft = r.expiresAt ? Math.floor((r.expiresAt.getTime() - now.getTime()) / 1000) : 0;
  const downloadable = r.status === 'completed' && r.storageKey !== null && secondsLeft > 0;
  const ttl = Math.min(deps.urls.ttlSeconds, secondsLeft);
  return {
    jobId: r.id,
    type: r.type,
    format: r.format,
    status: r.status,
    progress: r.progress,
    rows: r.rowsWritten,
    totalRows: r.totalRows,
    truncated: r.truncated,
    filters: r.filters,
    downloadUrl: downloadable ? deps.urls.sign(r.storageKey!, { ttlSeconds: ttl, now }) : null,
    downloadExpiresIn: downloadable ? ttl : null,
    fileSize: r.status === 'completed' ? r.byteSize : null,
    error: r.error,
    ownerId: r.ownerId,
    ownerName: r.ownerName,
    createdAt: r.createdAt.toISOString(),
    startedAt: r.startedAt?.toISOString() ?? null,
    completedAt: r.completedAt?.toISOString() ?? null,
    expiresAt: r.expiresAt?.toISOString() ?? null,
  };
}

async function visibleExport(deps: Pick<ExportDeps, 'db'>, user: AuthUser, jobId: string): Promise<repo.ExportRecord> {
  const job = await repo.findExport(deps.db, jobId);
  if (!job || (job.ownerId !== user.id && !isAdmin(user))) throw notFound('Export', jobId);
  return job;
}

export async function getExport(deps: ExportDeps, user: AuthUser, jobId: string): Promise<TExportJob> {
  return toJob(deps, await visibleExport(deps, user, jobId));
}

export async function listExports(deps: ExportDeps, user: AuthUser, q: TListExportsRequest): Promise<Page<TExportJob>> {
  if (q.scope === 'all' && !isAdmin(user)) throw new AppError('AUTH_FORBIDDEN', "Only Admins may list everyone's exports (scope=all)");
  const { rows, total } = await repo.listExports(deps.db, {
    ownerId: q.scope === 'all' ? null : user.id, status: q.status, type: q.type, limit: q.pageSize, offset: (q.page - 1) * q.pageSize,
  });
  const now = new Date();
  return { data: rows.map((r) => toJob(deps, r, now)), meta: pageMeta(q.page, q.pageSize, total) };
}

/**
 * Deletes the file, then the job (a storage failure leaves both, for a retry), then the prefix once more:
 * a worker that stored the file in between finds its row gone and erases it too, this catches the rest.
 */
export async function deleteExport(deps: ExportDeps, user: AuthUser, actor: Actor, jobId: string): Promise<void> {
  await visibleExport(deps, user, jobId);
  try {
    await deps.storage.deletePrefix(exportPrefix(jobId));
  } catch (err) {
    deps.logger.error({ err, jobId }, 'could not erase an export file');
    throw new AppError('SERVICE_UNAVAILABLE', 'File storage is unavailable; try again', { cause: err });
  }
  const removed = await deps.db.transaction().execute(async (trx) => {
    const row = await repo.deleteExportRow(trx, jobId);
    if (!row) return undefined;
    await recordAudit(trx, actor, {
      action: 'export.delete', resourceType: 'export', resourceId: jobId, message: `Deleted a ${row.format.toUpperCase()} export of ${row.type}`,
      before: { type: row.type, format: row.format, status: row.status, ownerId: row.ownerId },
    });
    return row;
  });
  if (!removed) throw notFound('Export', jobId);
  await deps.storage.deletePrefix(exportPrefix(jobId)).catch((err: unknown) => deps.logger.warn({ err, jobId }, 'could not erase an export file'));
}
