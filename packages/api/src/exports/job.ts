/**
 * The exports.generate worker: builds one export. It claims the job (processing), counts the rows for
 * progress, streams them batch by batch through the format's writer into a temporary file, stores it,
 * and marks the job completed with its retention deadline. On PostgreSQL the count and every batch read
 * one REPEATABLE READ snapshot, so the file is consistent and the count exact; the embedded database has a
 * single connection, which a long transaction would hold from every other request, so it reads batch by
 * batch (keyset order still writes each unchanged row exactly once).
 * A failed attempt goes back to 'queued' with a readable error while pg-boss has retries left, then
 * 'failed'; the cause goes to the log only. A job deleted meanwhile stops at the next batch.
 */
import { QUEUES } from '@sentinel/jobs';
import type { Database, Kysely, Transaction } from '@sentinel/db';
import type { AppServices } from '../core/services.ts';
import { createArtifact, type Artifact } from './artifact.ts';
import { csvWriter } from './csv.ts';
import { pdfWriter } from './pdf.ts';
import { EXPORT_KINDS, ExportRefused } from './kinds.ts';
import * as repo from './repository.ts';
import { artifactKey, exportPrefix } from './storage-keys.ts';
import type { ExportWriter } from './writer.ts';

const PROGRESS_EVERY_MS = 500;

/** Thrown from the progress callback when the job row is gone: stop quietly. */
class ExportDeleted extends Error {}

export type ExportJobOutcome =
  | { jobId: string; status: 'completed'; rows: number; bytes: number; ms: number }
  | { jobId: string; status: 'skipped'; reason: string }
  | { jobId: string; status: 'failed'; error: string };

const WRITERS: Record<'csv' | 'pdf', ExportWriter> = { csv: csvWriter, pdf: pdfWriter };

function withSnapshot<T>(app: AppServices, work: (db: Kysely<Database> | Transaction<Database>) => Promise<T>): Promise<T> {
  if (app.database.kind === 'pglite') return work(app.db);
  return app.db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute(work);
}

type Stage = 'counting the records' | 'writing the file' | 'storing the file';

export async function runExportJob(app: AppServices, jobId: string): Promise<ExportJobOutcome> {
  const started = performance.now();
  const job = await repo.startAttempt(app.db, jobId);
  if (!job) return { jobId, status: 'skipped', reason: 'the job was deleted or is already finished' };
  const maxAttempts = QUEUES.exportsGenerate.retryLimit + 1;
  const log = app.logger.child({ queue: QUEUES.exportsGenerate.name, jobId, type: job.type, format: job.format, attempt: job.attempts });
  const writer = WRITERS[job.format];
  let artifact: Artifact | undefined;
  let stage: Stage = 'counting the records';
  try {
    const written = await withSnapshot(app, async (db) => {
      const source = await EXPORT_KINDS[job.type].open(db, job.filters);
      const totalRows = await source.count();
      // a PDF stops at EXPORT_MAX_PDF_ROWS anyway; only a CSV would write them all
      if (job.format === 'csv' && totalRows > app.config.EXPORT_MAX_ROWS) {
        throw new ExportRefused(`${totalRows.toLocaleString('en')} records match, more than the ${app.config.EXPORT_MAX_ROWS.toLocaleString('en')} an export may hold (EXPORT_MAX_ROWS): narrow the filters`);
      }
      if (!(await repo.recordProgress(app.db, jobId, { totalRows, rowsWritten: 0, progress: 0 }))) throw new ExportDeleted();
      const maxRows = job.format === 'pdf' ? app.config.EXPORT_MAX_PDF_ROWS : Number.MAX_SAFE_INTEGER;
      const planned = Math.max(1, Math.min(totalRows, maxRows));
      const key = artifactKey(jobId, source.fileStem, writer.extension, new Date());
      stage = 'writing the file';
      artifact = await createArtifact(app, key, writer.contentType);
      let reported = performance.now();
      const result = await writer.write(source, artifact.stream, {
        batchSize: app.config.EXPORT_BATCH_ROWS,
        totalRows,
        maxRows,
        async onProgress(rowsWritten) {
          if (performance.now() - reported < PROGRESS_EVERY_MS) return;
          reported = performance.now();
          const progress = Math.min(99, Math.floor((rowsWritten * 100) / planned));
          if (!(await repo.recordProgress(app.db, jobId, { rowsWritten, progress }))) throw new ExportDeleted();
        },
      });
      return { ...result, totalRows, key, artifact };
    });
    stage = 'storing the file';
    const bytes = await written.artifact.publish();
    const completed = await repo.markCompleted(app.db, jobId, {
      storageKey: written.key, contentType: writer.contentType, byteSize: bytes, rowsWritten: written.rows, totalRows: written.totalRows,
      truncated: written.truncated, retentionHours: app.config.EXPORT_RETENTION_HOURS,
    });
    if (!completed) throw new ExportDeleted();
    const ms = Math.round(performance.now() - started);
    log.info({ rows: written.rows, bytes, ms }, 'export completed');
    return { jobId, status: 'completed', rows: written.rows, bytes, ms };
  } catch (err) {
    await artifact?.discard().catch(() => undefined);
    await app.storage.deletePrefix(exportPrefix(jobId)).catch((e: unknown) => log.warn({ err: e }, 'could not remove a partial export'));
    if (err instanceof ExportDeleted) {
      log.info('export deleted while it was being built');
      return { jobId, status: 'skipped', reason: 'the job was deleted while it was being built' };
    }
    if (err instanceof ExportRefused) {
      await repo.markAttemptFailed(app.db, jobId, err.message, true);
      log.warn({ reason: err.message }, 'export refused');
      return { jobId, status: 'failed', error: err.message };
    }
    const final = job.attempts >= maxAttempts;
    const error = final
      ? `The export failed while ${stage} (attempt ${job.attempts} of ${maxAttempts}); the server log has the cause (job ${jobId})`
      : `Attempt ${job.attempts} of ${maxAttempts} failed while ${stage}; it will be retried`;
    await repo.markAttemptFailed(app.db, jobId, error, final);
    log.error({ err }, 'export attempt failed');
    throw err; // pg-boss records the failure and retries per the queue's policy
  }
}
