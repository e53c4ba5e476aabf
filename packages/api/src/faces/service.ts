/**
 * Business rules for face profiles. Images are checked and thumbnailed before anything is written; files
 * are written before the rows that name them and erased again if the rows do not commit. Erasure runs the
 * other way round: files first (a storage failure leaves the profile in place, so a retry can finish),
 * then the rows, then one more sweep of the profile's prefix for an upload that raced. Every change is
 * audited in its own transaction, with metadata only: no image bytes, no hashes.
 */
import { conflict, newId, notFound, type AppConfig } from '@sentinel/platform';
import type { Database, Kysely, Transaction } from '@sentinel/db';
import {
  pageMeta, type Page, type TAddFaceImagesRequest, type TAddFaceImagesResult, type TCreateFaceProfileRequest, type TFaceDefaultPayload,
  type TFaceImage, type TFacePreview, type TFaceProfile, type TListFaceProfilesRequest, type TUpdateFaceProfileRequest,
} from '@sentinel/contracts';
import type { Actor } from '../core/context.ts';
import { recordAudit } from '../audit/trail.ts';
import { eraseImageFiles, eraseProfileFiles, eraseQuietly, keysOf, profilePrefix, storeFaceImages, toFaceImage, type FaceFilesDeps } from './files.ts';
import { checkFaceImages, sampleJpegBase64, type UploadLimits } from './images.ts';
import * as repo from './repository.ts';

export interface FaceDeps extends FaceFilesDeps {
  db: Kysely<Database>;
  config: Pick<AppConfig, 'UPLOAD_MAX_FILE_BYTES' | 'UPLOAD_MAX_FILES'>;
}

const limitsOf = (deps: FaceDeps): UploadLimits => ({ maxFileBytes: deps.config.UPLOAD_MAX_FILE_BYTES, maxFiles: deps.config.UPLOAD_MAX_FILES });

const duplicate = (employeeId: string) => conflict(`A face profile for employee '${employeeId}' already exists`, { employeeId });

function toProfile(deps: FaceDeps, p: repo.ProfileRecord, images: readonly repo.ImageRecord[]): TFaceProfile {
  return { ...p, images: images.map((i) => toFaceImage(deps.urls, i)) };
}

/** What the audit trail keeps of images: what they were, not what they show. */
const auditImages = (rows: readonly repo.ImageWrite[]) => rows.map((r) => ({ imageId: r.id, contentType: r.contentType, width: r.width, height: r.height, bytes: r.bytes }));

async function requireProfile(db: Kysely<Database> | Transaction<Database>, id: string): Promise<repo.ProfileRecord> {
  const profile = await repo.findProfile(db, id);
  if (!profile) throw notFound('Face profile', id);
  return profile;
}

export async function listFaceProfiles(deps: FaceDeps, q: TListFaceProfilesRequest): Promise<Page<TFaceProfile>> {
  const { rows, total } = await repo.listProfiles(deps.db, q);
  const images = await repo.imagesOf(deps.db, rows.map((r) => r.id));
  return { data: rows.map((p) => toProfile(deps, p, images.get(p.id) ?? [])), meta: pageMeta(q.page, q.pageSize, total) };
}

export async function getFaceProfile(deps: FaceDeps, id: string): Promise<TFaceProfile> {
  const profile = await requireProfile(deps.db, id);
  const images = await repo.imagesOf(deps.db, [id]);
  return toProfile(deps, profile, images.get(id) ?? []);
}

export async function createFaceProfile(deps: FaceDeps, input: TCreateFaceProfileRequest, actor: Actor): Promise<TFaceProfile> {
  const checked = await checkFaceImages(input.images, limitsOf(deps));
  if (await repo.findProfileByEmployeeId(deps.db, input.employeeId)) throw duplicate(input.employeeId);
  const id = newId('FACE');
  const rows = await storeFaceImages(deps, id, checked);
  try {
    return await deps.db.transaction().execute(async (trx) => {
      if (await repo.findProfileByEmployeeId(trx, input.employeeId)) throw duplicate(input.employeeId);
      await repo.insertProfile(trx, id, input);
      await repo.insertImages(trx, rows);
      const profile = await requireProfile(trx, id);
      await recordAudit(trx, actor, { action: 'face.create', resourceType: 'face_profile', resourceId: id, after: { ...profile, images: auditImages(rows) } });
      return toProfile(deps, profile, (await repo.imagesOf(trx, [id])).get(id) ?? []);
    });
  } catch (err) {
    await eraseQuietly(deps, keysOf(rows), { profileId: id });
    throw err;
  }
}

export async function updateFaceProfile(deps: FaceDeps, input: TUpdateFaceProfileRequest, actor: Actor): Promise<TFaceProfile> {
  const after = await deps.db.transaction().execute(async (trx) => {
    const before = await repo.lockProfile(trx, input.id);
    if (!before) throw notFound('Face profile', input.id);
    const employeeId = input.employeeId ?? before.employeeId;
    if (employeeId !== before.employeeId && (await repo.findProfileByEmployeeId(trx, employeeId))) throw duplicate(employeeId);
    await repo.updateProfile(trx, input.id, {
      name: input.name ?? before.name,
      employeeId,
      department: input.department ?? before.department,
      status: input.status ?? before.status,
    });
    const updated = await requireProfile(trx, input.id);
    await recordAudit(trx, actor, { action: 'face.update', resourceType: 'face_profile', resourceId: input.id, before, after: updated });
    return updated;
  });
  const images = await repo.imagesOf(deps.db, [after.id]);
  return toProfile(deps, after, images.get(after.id) ?? []);
}

/**
 * Erases a profile: every original, thumbnail and other file under its prefix, its rows, and the
 * thumbnails of detections that point at its files. Attendance records and detections themselves stay.
 */
export async function deleteFaceProfile(deps: FaceDeps, id: string, actor: Actor): Promise<void> {
  const profile = await requireProfile(deps.db, id);
  const stored = (await repo.imagesOf(deps.db, [id])).get(id) ?? [];
  await eraseImageFiles(deps, stored);
  await eraseProfileFiles(deps, id);
  await deps.db.transaction().execute(async (trx) => {
    const locked = await repo.lockProfile(trx, id);
    if (!locked) throw notFound('Face profile', id);
    const images = (await repo.imagesOf(trx, [id])).get(id) ?? [];
    const detectionThumbnails = await repo.clearDetectionThumbnails(trx, profilePrefix(id));
    await repo.deleteProfile(trx, id);
    await recordAudit(trx, actor, {
      action: 'face.delete',
      resourceType: 'face_profile',
      resourceId: id,
      severity: 'warning',
      message: `erased ${images.length} image(s) with their thumbnails; cleared ${detectionThumbnails} detection thumbnail(s)`,
      before: { ...profile, images: auditImages(images) },
    });
  });
  // an upload that committed between the first sweep and the delete left files its rows no longer name
  await eraseProfileFiles(deps, id).catch(() => undefined);
}

export async function listFaceImages(deps: FaceDeps, id: string): Promise<TFaceImage[]> {
  await requireProfile(deps.db, id);
  const images = (await repo.imagesOf(deps.db, [id])).get(id) ?? [];
  return images.map((i) => toFaceImage(deps.urls, i));
}

export async function addFaceImages(deps: FaceDeps, input: TAddFaceImagesRequest, actor: Actor): Promise<TAddFaceImagesResult> {
  await requireProfile(deps.db, input.id);
  const checked = await checkFaceImages(input.images, limitsOf(deps));
  const rows = await storeFaceImages(deps, input.id, checked);
  try {
    const added = await deps.db.transaction().execute(async (trx) => {
      if (!(await repo.lockProfile(trx, input.id))) throw notFound('Face profile', input.id);
      await repo.insertImages(trx, rows);
      await repo.touchProfile(trx, input.id);
      await recordAudit(trx, actor, { action: 'face.image.add', resourceType: 'face_profile', resourceId: input.id, after: { images: auditImages(rows) } });
      const ids = new Set(rows.map((r) => r.id));
      return ((await repo.imagesOf(trx, [input.id])).get(input.id) ?? []).filter((i) => ids.has(i.id));
    });
    const images = added.map((i) => toFaceImage(deps.urls, i));
    return { ...images[0]!, images };
  } catch (err) {
    await eraseQuietly(deps, keysOf(rows), { profileId: input.id });
    throw err;
  }
}

export async function deleteFaceImage(deps: FaceDeps, input: { id: string; imageId: string }, actor: Actor): Promise<void> {
  await requireProfile(deps.db, input.id);
  const image = await repo.findImage(deps.db, input.id, input.imageId);
  if (!image) throw notFound('Face image', input.imageId);
  await eraseImageFiles(deps, [image]);
  await deps.db.transaction().execute(async (trx) => {
    if (!(await repo.lockProfile(trx, input.id))) throw notFound('Face profile', input.id);
    const cleared = await repo.clearDetectionThumbnails(trx, profilePrefix(input.id), keysOf([image]));
    await repo.deleteImage(trx, image.id);
    await repo.touchProfile(trx, input.id);
    await recordAudit(trx, actor, {
      action: 'face.image.delete',
      resourceType: 'face_profile',
      resourceId: input.id,
      severity: 'warning',
      message: `erased image ${image.id} and its thumbnail${cleared ? `; cleared ${cleared} detection thumbnail(s)` : ''}`,
      before: { images: auditImages([image]) },
    });
  });
}

export async function previewFaceProfile(deps: FaceDeps, id: string): Promise<TFacePreview> {
  const profile = await requireProfile(deps.db, id);
  const images = (await repo.imagesOf(deps.db, [id])).get(id) ?? [];
  return {
    id: profile.id,
    name: profile.name,
    employeeId: profile.employeeId,
    department: profile.department,
    status: profile.status,
    thumbnails: images.map((i) => ({ imageId: i.id, url: deps.urls.sign(i.thumbnailKey), createdAt: i.createdAt })),
  };
}

/** An example body for POST /faces, with a small real JPEG, so the developer console can send it as is. */
export async function defaultFacePayload(): Promise<TFaceDefaultPayload> {
  return {
    name: 'Jane Doe',
    employeeId: 'EMP-00123',
    department: 'Operations',
    status: 'active',
    images: [{ filename: 'face-1.jpg', contentType: 'image/jpeg', data: await sampleJpegBase64() }],
  };
}
