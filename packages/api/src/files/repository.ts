/** SQL for uploaded files: pending rows (upload URL issued) become uploaded when the bytes arrive. */
import { sql, type Database, type Kysely, type Transaction } from '@sentinel/db';

type Db = Kysely<Database> | Transaction<Database>;

export interface FileRecord {
  id: string;
  ownerId: string | null;
  filename: string;
  contentType: string;
  declaredSize: number | null;
  size: number | null;
  sha256: string | null;
  storageKey: string;
  status: 'pending' | 'uploaded';
  createdAt: Date;
  uploadedAt: Date | null;
}

const COLUMNS = ['id', 'owner_id', 'filename', 'content_type', 'declared_size', 'size', 'sha256', 'storage_key', 'status', 'created_at', 'uploaded_at'] as const;

function base(db: Db) {
  return db.selectFrom('files').select(COLUMNS);
}

type Row = Awaited<ReturnType<ReturnType<typeof base>['executeTakeFirstOrThrow']>>;

function toRecord(r: Row): FileRecord {
  return {
    id: r.id,
    ownerId: r.owner_id,
    filename: r.filename,
    contentType: r.content_type,
    declaredSize: r.declared_size,
    size: r.size,
    sha256: r.sha256,
    storageKey: r.storage_key,
    status: r.status as FileRecord['status'],
    createdAt: r.created_at,
    uploadedAt: r.uploaded_at,
  };
}

export async function insertFile(db: Db, f: { id: string; ownerId: string; filename: string; contentType: string; declaredSize: number | null; storageKey: string }): Promise<FileRecord> {
  const row = await db
    .insertInto('files')
    .values({ id: f.id, owner_id: f.ownerId, filename: f.filename, content_type: f.contentType, declared_size: f.declaredSize, storage_key: f.storageKey })
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
  return toRecord(row);
}

export async function findFile(db: Db, id: string): Promise<FileRecord | undefined> {
  const row = await base(db).where('id', '=', id).executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

/** false when the file is no longer pending (uploaded meanwhile, or deleted). */
export async function markUploaded(db: Db, id: string, size: number, sha256: string): Promise<boolean> {
  const r = await db
    .updateTable('files')
    .set({ status: 'uploaded', size, sha256, uploaded_at: new Date() })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function deleteFileRow(db: Db, id: string): Promise<FileRecord | undefined> {
  const row = await db.deleteFrom('files').where('id', '=', id).returning(COLUMNS).executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

/** Pending uploads older than `hours`: their URL expired long ago. */
export async function abandonedUploads(db: Db, hours: number, limit: number): Promise<{ id: string; storageKey: string }[]> {
  const rows = await db
    .selectFrom('files')
    .select(['id', 'storage_key'])
    .where('status', '=', 'pending')
    .where('created_at', '<', sql<Date>`now() - make_interval(hours => ${hours})`)
    .orderBy('created_at')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: r.id, storageKey: r.storage_key }));
}

export async function deleteFileRows(db: Db, ids: readonly string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const r = await db.deleteFrom('files').where('id', 'in', ids).where('status', '=', 'pending').executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function userName(db: Db, userId: string): Promise<string | undefined> {
  const row = await db.selectFrom('users').select('name').where('id', '=', userId).executeTakeFirst();
  return row?.name;
}
