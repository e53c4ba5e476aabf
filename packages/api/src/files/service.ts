/**
 * Uploaded files. POST /files records a pending file and returns a signed upload URL; the bytes arrive
 * through upload-route.ts (checked against the declared type and size) and are stored under
 * `uploads/<fileId>.<ext>` (ids only, never the file name); GET /files/{id} gives a signed download link.
 * Any signed-in user may upload; a file belongs to its uploader, others get 404 unless Admin
 * (system:admin). Pending files whose URL expired are purged by the exports.cleanup job.
 */
import { createHash } from 'node:crypto';
import { AppError, newId, notFound } from '@sentinel/platform';
import type { TCreateFileUploadRequest, TFileUploadGrant, TFileUploadResult, TStoredFile, UploadContentType } from '@sentinel/contracts';
import type { Actor, AuthUser } from '../core/context.ts';
import type { AppServices } from '../core/services.ts';
import { recordAudit } from '../audit/trail.ts';
import * as repo from './repository.ts';
import { signUploadUrl } from './signing.ts';
import { contentMatches, EXTENSIONS } from './sniff.ts';

export type FileDeps = Pick<AppServices, 'db' | 'storage' | 'urls' | 'config' | 'logger'>;

/** Pending uploads are kept this long (their URL expires much sooner) before the cleanup job drops them. */
export const PENDING_UPLOAD_HOURS = 24;

const isAdmin = (user: AuthUser) => user.permissions.includes('system:admin');

export function storageUnavailable(deps: Pick<FileDeps, 'logger'>, err: unknown, what: string): AppError {
  deps.logger.error({ err }, `file storage failed: ${what}`);
  return new AppError('SERVICE_UNAVAILABLE', 'File storage is unavailable; try again', { cause: err });
}

/** The largest upload a file accepts: its declared size, within FILE_UPLOAD_MAX_BYTES. */
export const uploadLimit = (deps: Pick<FileDeps, 'config'>, file: Pick<repo.FileRecord, 'declaredSize'>): number =>
  Math.min(file.declaredSize ?? Number.MAX_SAFE_INTEGER, deps.config.FILE_UPLOAD_MAX_BYTES);

export async function createUpload(deps: FileDeps, user: AuthUser, actor: Actor, input: TCreateFileUploadRequest): Promise<TFileUploadGrant> {
  const max = deps.config.FILE_UPLOAD_MAX_BYTES;
  if (input.size !== undefined && input.size > max) throw new AppError('PAYLOAD_TOO_LARGE', `Files may be at most ${max} bytes`, { details: { size: `at most ${max}` } });
  const id = newId('FILE');
  await deps.db.transaction().execute(async (trx) => {
    await repo.insertFile(trx, {
      id, ownerId: user.id, filename: input.filename, contentType: input.contentType, declaredSize: input.size ?? null, storageKey: `uploads/${id}.${EXTENSIONS[input.contentType]}`,
    });
    await recordAudit(trx, actor, {
      action: 'file.create', resourceType: 'file', resourceId: id, message: `Requested an upload URL for ${input.contentType}`,
      after: { filename: input.filename, contentType: input.contentType, size: input.size ?? null },
    });
  });
  const ttl = deps.config.FILE_UPLOAD_URL_TTL_SECONDS;
  return { fileId: id, uploadUrl: signUploadUrl(deps.urls, id, ttl, deps.config.PUBLIC_URL), method: 'PUT', expiresIn: ttl, maxBytes: Math.min(input.size ?? max, max) };
}

/** Stores the bytes of a pending file (the route has checked signature, Content-Type and size limit). */
export async function storeUpload(deps: FileDeps, file: repo.FileRecord, bytes: Uint8Array, who: { ip: string | null; requestId: string }): Promise<TFileUploadResult> {
  if (file.declaredSize !== null && bytes.byteLength !== file.declaredSize) {
    throw new AppError('VALIDATION_ERROR', 'Invalid payload', { details: { size: `the upload has ${bytes.byteLength} bytes, ${file.declaredSize} were declared` } });
  }
  if (bytes.byteLength === 0) throw new AppError('VALIDATION_ERROR', 'Invalid payload', { details: { body: 'the upload is empty' } });
  if (!contentMatches(file.contentType as UploadContentType, bytes)) {
    throw new AppError('VALIDATION_ERROR', 'Invalid payload', { details: { body: `the content is not ${file.contentType}` } });
  }
  try {
    await deps.storage.put(file.storageKey, bytes, file.contentType);
  } catch (err) {
    throw storageUnavailable(deps, err, 'storing an upload');
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const stored = await deps.db.transaction().execute(async (trx) => {
    if (!(await repo.markUploaded(trx, file.id, bytes.byteLength, sha256))) return false;
    const owner = file.ownerId ? await repo.userName(trx, file.ownerId) : undefined;
    const actor: Actor = { id: file.ownerId, name: owner ?? 'signed upload link', ip: who.ip, requestId: who.requestId };
    await recordAudit(trx, actor, {
      action: 'file.upload', resourceType: 'file', resourceId: file.id, message: `Uploaded ${bytes.byteLength} bytes of ${file.contentType}`,
      after: { filename: file.filename, contentType: file.contentType, size: bytes.byteLength, sha256 },
    });
    return true;
  });
  if (!stored) throw new AppError('CONFLICT', 'This file was uploaded already (or deleted meanwhile)');
  return { fileId: file.id, size: bytes.byteLength, contentType: file.contentType };
}

async function visibleFile(deps: Pick<FileDeps, 'db'>, user: AuthUser, id: string): Promise<repo.FileRecord> {
  const file = await repo.findFile(deps.db, id);
  if (!file || (file.ownerId !== user.id && !isAdmin(user))) throw notFound('File', id);
  return file;
}

export async function getFile(deps: FileDeps, user: AuthUser, id: string): Promise<TStoredFile> {
  const file = await visibleFile(deps, user, id);
  if (file.status !== 'uploaded' || file.size === null || file.sha256 === null || file.uploadedAt === null) throw new AppError('NOT_FOUND', `File '${id}' has not been uploaded yet`);
  return {
    id: file.id,
    url: deps.urls.sign(file.storageKey),
    contentType: file.contentType,
    expiresIn: deps.urls.ttlSeconds,
    filename: file.filename,
    size: file.size,
    sha256: file.sha256,
    ownerId: file.ownerId,
    createdAt: file.createdAt.toISOString(),
    uploadedAt: file.uploadedAt.toISOString(),
  };
}

/** Erases the bytes first (a storage failure leaves the file as it was), then the row. */
export async function deleteFile(deps: FileDeps, user: AuthUser, actor: Actor, id: string): Promise<void> {
  const file = await visibleFile(deps, user, id);
  try {
    await deps.storage.delete(file.storageKey);
  } catch (err) {
    throw storageUnavailable(deps, err, 'erasing an upload');
  }
  const removed = await deps.db.transaction().execute(async (trx) => {
    const row = await repo.deleteFileRow(trx, id);
    if (row) {
      await recordAudit(trx, actor, {
        action: 'file.delete', resourceType: 'file', resourceId: id, message: `Deleted ${row.status === 'uploaded' ? 'an uploaded' : 'a pending'} file`,
        before: { filename: row.filename, contentType: row.contentType, size: row.size, ownerId: row.ownerId },
      });
    }
    return row;
  });
  if (!removed) throw notFound('File', id);
}

/** Drops pending uploads older than PENDING_UPLOAD_HOURS (and any bytes a late upload left). */
export async function purgeAbandonedUploads(deps: Pick<FileDeps, 'db' | 'storage' | 'logger'>): Promise<number> {
  const stale = await repo.abandonedUploads(deps.db, PENDING_UPLOAD_HOURS, 500);
  const erased: string[] = [];
  for (const f of stale) {
    try {
      await deps.storage.delete(f.storageKey);
      erased.push(f.id);
    } catch (err) {
      deps.logger.warn({ err, fileId: f.id }, 'could not erase an abandoned upload; kept for the next run');
    }
  }
  return repo.deleteFileRows(deps.db, erased);
}
