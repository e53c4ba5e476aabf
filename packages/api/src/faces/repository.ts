/** SQL for face profiles, their image rows, and the detection thumbnails that point into a profile's files. */
import { containsPattern, escapeLike, type Database, type Kysely, type Transaction } from '@sentinel/db';
import type { TFaceProfile, TListFaceProfilesRequest } from '@sentinel/contracts';

type Db = Kysely<Database> | Transaction<Database>;

export interface ProfileRecord {
  id: string;
  name: string;
  employeeId: string;
  department: string;
  status: TFaceProfile['status'];
  createdAt: string;
  updatedAt: string;
}

export interface ImageRecord {
  id: string;
  profileId: string;
  storageKey: string;
  thumbnailKey: string;
  contentType: string;
  width: number;
  height: number;
  bytes: number;
  sha256: string;
  createdAt: string;
}

const PROFILE_COLUMNS = ['id', 'name', 'employee_id', 'department', 'status', 'created_at', 'updated_at'] as const;
const IMAGE_COLUMNS = ['id', 'profile_id', 'storage_key', 'thumbnail_key', 'content_type', 'width', 'height', 'bytes', 'sha256', 'created_at'] as const;

const profiles = (db: Db) => db.selectFrom('face_profiles').select(PROFILE_COLUMNS);
const images = (db: Db) => db.selectFrom('face_images').select(IMAGE_COLUMNS);

type ProfileRow = Awaited<ReturnType<ReturnType<typeof profiles>['executeTakeFirstOrThrow']>>;
type ImageRow = Awaited<ReturnType<ReturnType<typeof images>['executeTakeFirstOrThrow']>>;

function toProfile(r: ProfileRow): ProfileRecord {
  return {
    id: r.id,
    name: r.name,
    employeeId: r.employee_id,
    department: r.department,
    status: r.status as ProfileRecord['status'],
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

function toImage(r: ImageRow): ImageRecord {
  return {
    id: r.id,
    profileId: r.profile_id,
    storageKey: r.storage_key,
    thumbnailKey: r.thumbnail_key,
    contentType: r.content_type,
    width: r.width,
    height: r.height,
    bytes: r.bytes,
    sha256: r.sha256,
    createdAt: r.created_at.toISOString(),
  };
}

export async function findProfile(db: Db, id: string): Promise<ProfileRecord | undefined> {
  const row = await profiles(db).where('id', '=', id).executeTakeFirst();
  return row ? toProfile(row) : undefined;
}

/** Locks the profile row for the rest of the transaction (uploads and erasure of one profile take turns). */
export async function lockProfile(trx: Transaction<Database>, id: string): Promise<ProfileRecord | undefined> {
  const row = await profiles(trx).where('id', '=', id).forUpdate().executeTakeFirst();
  return row ? toProfile(row) : undefined;
}

export async function findProfileByEmployeeId(db: Db, employeeId: string): Promise<ProfileRecord | undefined> {
  const row = await profiles(db).where('employee_id', '=', employeeId).executeTakeFirst();
  return row ? toProfile(row) : undefined;
}

const SORT = { name: 'name', employeeId: 'employee_id', department: 'department', createdAt: 'created_at' } as const;

export async function listProfiles(db: Db, q: TListFaceProfilesRequest): Promise<{ rows: ProfileRecord[]; total: number }> {
  let query = profiles(db);
  if (q.status) query = query.where('status', '=', q.status);
  if (q.department !== undefined) query = query.where('department', '=', q.department);
  if (q.search) {
    const like = containsPattern(q.search);
    query = query.where((eb) =>
      eb.or([
        eb(eb.fn('lower', ['name']), 'like', like),
        eb(eb.fn('lower', ['employee_id']), 'like', like),
        eb(eb.fn('lower', ['department']), 'like', like),
      ]),
    );
  }
  const [{ total } = { total: 0 }] = await query.clearSelect().select((eb) => eb.fn.countAll<number>().as('total')).execute();
  const rows = await query
    .orderBy(SORT[q.sortBy], q.sortDir ?? 'asc')
    .orderBy('id')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute();
  return { rows: rows.map(toProfile), total: Number(total) };
}

export interface ProfileWrite {
  name: string;
  employeeId: string;
  department: string;
  status: string;
}

export async function insertProfile(db: Db, id: string, p: ProfileWrite): Promise<void> {
  await db.insertInto('face_profiles').values({ id, name: p.name, employee_id: p.employeeId, department: p.department, status: p.status }).execute();
}

export async function updateProfile(db: Db, id: string, p: ProfileWrite): Promise<void> {
  await db
    .updateTable('face_profiles')
    .set({ name: p.name, employee_id: p.employeeId, department: p.department, status: p.status, updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}

export async function touchProfile(db: Db, id: string): Promise<void> {
  await db.updateTable('face_profiles').set({ updated_at: new Date() }).where('id', '=', id).execute();
}

/** Deletes the profile; its image rows go with it (ON DELETE CASCADE). */
export async function deleteProfile(db: Db, id: string): Promise<void> {
  await db.deleteFrom('face_profiles').where('id', '=', id).execute();
}

export async function imagesOf(db: Db, profileIds: readonly string[]): Promise<Map<string, ImageRecord[]>> {
  const out = new Map<string, ImageRecord[]>(profileIds.map((id) => [id, []]));
  if (!profileIds.length) return out;
  const rows = await images(db).where('profile_id', 'in', profileIds).orderBy('seq').execute();
  for (const r of rows) out.get(r.profile_id)?.push(toImage(r));
  return out;
}

export async function findImage(db: Db, profileId: string, imageId: string): Promise<ImageRecord | undefined> {
  const row = await images(db).where('profile_id', '=', profileId).where('id', '=', imageId).executeTakeFirst();
  return row ? toImage(row) : undefined;
}

export type ImageWrite = Omit<ImageRecord, 'createdAt'>;

export async function insertImages(db: Db, rows: readonly ImageWrite[]): Promise<void> {
  if (!rows.length) return;
  await db
    .insertInto('face_images')
    .values(rows.map((r) => ({
      id: r.id,
      profile_id: r.profileId,
      storage_key: r.storageKey,
      thumbnail_key: r.thumbnailKey,
      content_type: r.contentType,
      width: r.width,
      height: r.height,
      bytes: r.bytes,
      sha256: r.sha256,
    })))
    .execute();
}

export async function deleteImage(db: Db, imageId: string): Promise<void> {
  await db.deleteFrom('face_images').where('id', '=', imageId).execute();
}


/**
 * Detections whose thumbnail is one of the profile's files (by storage key or by a download link to it)
 * lose that thumbnail; the detection itself is a record and stays. Returns how many were cleared.
 */
export async function clearDetectionThumbnails(db: Db, storagePrefix: string, keys?: readonly string[]): Promise<number> {
  const patterns = keys ? keys.flatMap((k) => [escapeLike(k), `%/files/content/${escapeLike(k)}?%`]) : [`${escapeLike(storagePrefix)}%`, `%/files/content/${escapeLike(storagePrefix)}%`];
  if (!patterns.length) return 0;
  const result = await db
    .updateTable('detections')
    .set({ thumbnail: null })
    .where('thumbnail', 'is not', null)
    .where((eb) => eb.or(patterns.map((p) => eb('thumbnail', 'like', p))))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
