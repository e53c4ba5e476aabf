/** SQL for cameras, their status history and the detection counts their summaries need. */
import { MASK } from '@sentinel/platform';
import { containsPattern, isoUtc, isoUtcNotNull, sql, type Database, type Kysely, type Transaction } from '@sentinel/db';
import type { TCamera, TListCamerasRequest } from '@sentinel/contracts';

type Db = Kysely<Database> | Transaction<Database>;

/** A camera as stored: the API shape plus the sealed (encrypted) full stream URL, which never leaves the service. */
export interface CameraRecord extends TCamera {
  streamUrlSealed: string | null;
}

/** What services write: the address is already checked, the URL already sealed and masked. */
export interface CameraWrite {
  name: string;
  location: string;
  streamType: string;
  streamUrlSealed: string | null;
  streamUrlMasked: string | null;
  devicePath: string | null;
  ipAddress: string | null;
  rtspTransport: TCamera['rtspTransport'];
  enabled: boolean;
  status: string;
  tags: string[];
}

const PLAIN_COLUMNS = [
  'id', 'name', 'location', 'stream_type', 'stream_url_masked', 'device_path', 'rtsp_transport', 'enabled', 'status', 'fps',
  'latency', 'bitrate', 'resolution', 'codec', 'ip_address', 'thumbnail',
] as const;

/**
 * What every camera read selects. Timestamps come as ISO text and tags as JSON, both made by the database:
 * the driver then neither parses four Dates nor a text[] per row (the bulk of a list's CPU otherwise).
 */
const DERIVED_COLUMNS = [
  isoUtc('last_seen').as('last_seen'),
  isoUtc('last_checked').as('last_checked'),
  isoUtcNotNull('created_at').as('created_at'),
  isoUtcNotNull('updated_at').as('updated_at'),
  sql<string[]>`to_json(tags)`.as('tags'),
] as const;

function base(db: Db) {
  return db.selectFrom('cameras').select([...PLAIN_COLUMNS, ...DERIVED_COLUMNS, 'stream_url_sealed']);
}

type Row = Awaited<ReturnType<ReturnType<typeof base>['executeTakeFirstOrThrow']>>;

function toRecord(r: Row): CameraRecord {
  return { ...toApiCamera(r), streamUrlSealed: r.stream_url_sealed };
}

function toApiCamera(r: Omit<Row, 'stream_url_sealed'>): TCamera {
  return {
    id: r.id,
    name: r.name,
    location: r.location,
    streamType: r.stream_type as TCamera['streamType'],
    streamUrl: r.stream_url_masked,
    devicePath: r.device_path,
    rtspTransport: r.rtsp_transport as TCamera['rtspTransport'],
    enabled: r.enabled,
    status: r.status as TCamera['status'],
    fps: r.fps,
    latency: r.latency,
    bitrate: r.bitrate,
    resolution: r.resolution,
    codec: r.codec,
    lastSeen: r.last_seen,
    lastChecked: r.last_checked,
    ipAddress: r.ip_address,
    tags: r.tags,
    thumbnail: r.thumbnail,
    // masking replaces exactly the secret parts with MASK, so its presence means credentials are stored
    hasCredentials: r.stream_url_masked?.includes(MASK) ?? false,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function toCamera(record: CameraRecord): TCamera {
  const { streamUrlSealed: _sealed, ...camera } = record;
  return camera;
}

export async function findCamera(db: Db, id: string): Promise<CameraRecord | undefined> {
  const row = await base(db).where('id', '=', id).executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

export async function findCameras(db: Db, ids: readonly string[]): Promise<Map<string, CameraRecord>> {
  if (!ids.length) return new Map();
  const rows = await base(db).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, toRecord(r)]));
}

export async function allCameras(db: Db): Promise<CameraRecord[]> {
  const rows = await base(db).orderBy('name').orderBy('id').execute();
  return rows.map(toRecord);
}

const SORT = { name: 'name', location: 'location', status: 'status', createdAt: 'created_at', lastSeen: 'last_seen' } as const;

/** The statement behind a page of the camera list: the rows and, in each row, the filter's total. */
export function cameraPageQuery(db: Db, q: TListCamerasRequest) {
  return filteredCameras(db, q)
    .select(sql<number>`count(*) over ()`.as('total'))
    .orderBy(SORT[q.sortBy], q.sortDir ?? 'asc')
    .orderBy('id')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
}

function filteredCameras(db: Db, q: TListCamerasRequest) {
  // Lists never need the sealed URL: leaving it out spares reading a long ciphertext per row.
  let query = db.selectFrom('cameras').select([...PLAIN_COLUMNS, ...DERIVED_COLUMNS]);
  if (q.status) query = query.where('status', '=', q.status);
  if (q.streamType) query = query.where('stream_type', '=', q.streamType);
  if (q.enabled !== undefined) query = query.where('enabled', '=', q.enabled);
  if (q.search) {
    const like = containsPattern(q.search);
    query = query.where((eb) =>
      eb.or([
        eb(eb.fn('lower', ['id']), 'like', like),
        eb(eb.fn('lower', ['name']), 'like', like),
        eb(eb.fn('lower', ['location']), 'like', like),
        sql<boolean>`exists (select 1 from unnest(cameras.tags) as tag where lower(tag) like ${like})`,
      ]),
    );
  }
  return query;
}

export async function listCameras(db: Db, q: TListCamerasRequest): Promise<{ rows: TCamera[]; total: number }> {
  // One statement carries the page and the filter's total; only a page past the end needs a second count.
  const rows = await cameraPageQuery(db, q).execute();
  const total =
    rows[0]?.total ??
    (q.page > 1 ? (await filteredCameras(db, q).clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n : 0);
  return { rows: rows.map(toApiCamera), total };
}

function columnsOf(c: CameraWrite) {
  return {
    name: c.name,
    location: c.location,
    stream_type: c.streamType,
    stream_url_sealed: c.streamUrlSealed,
    stream_url_masked: c.streamUrlMasked,
    device_path: c.devicePath,
    ip_address: c.ipAddress,
    rtsp_transport: c.rtspTransport,
    enabled: c.enabled,
    status: c.status,
    tags: c.tags,
  };
}

export async function insertCamera(db: Db, id: string, camera: CameraWrite): Promise<void> {
  await db.insertInto('cameras').values({ id, ...columnsOf(camera) }).execute();
}

export async function updateCamera(db: Db, id: string, camera: CameraWrite): Promise<void> {
  await db.updateTable('cameras').set({ ...columnsOf(camera), updated_at: new Date() }).where('id', '=', id).execute();
}

export async function setCameraEnabled(db: Db, id: string, enabled: boolean): Promise<void> {
  await db.updateTable('cameras').set({ enabled, updated_at: new Date() }).where('id', '=', id).execute();
}

export async function deleteCamera(db: Db, id: string): Promise<void> {
  await db.deleteFrom('cameras').where('id', '=', id).execute();
}

/** Deletes every camera whose id is not kept; returns the ids that went. */
export async function deleteCamerasExcept(db: Db, keep: readonly string[]): Promise<string[]> {
  let query = db.deleteFrom('cameras');
  if (keep.length) query = query.where('id', 'not in', keep);
  const rows = await query.returning('id').execute();
  return rows.map((r) => r.id);
}

/** What a probe measured; null fields keep the stored value. */
export interface Telemetry {
  status: string;
  fps: number | null;
  latency: number | null;
  bitrate: number | null;
  resolution: string | null;
  codec: string | null;
  lastChecked: Date;
  lastSeen: Date | null;
  probeFailures: number;
}

export async function writeTelemetry(db: Db, id: string, t: Telemetry): Promise<void> {
  await db
    .updateTable('cameras')
    .set((eb) => ({
      status: t.status,
      fps: t.fps ?? eb.ref('fps'),
      latency: t.latency ?? eb.ref('latency'),
      bitrate: t.bitrate ?? eb.ref('bitrate'),
      resolution: t.resolution ?? eb.ref('resolution'),
      codec: t.codec ?? eb.ref('codec'),
      last_checked: t.lastChecked,
      last_seen: t.lastSeen ?? eb.ref('last_seen'),
      probe_failures: t.probeFailures,
    }))
    .where('id', '=', id)
    .execute();
}

/** Locks the camera row for a read-modify-write of its status. */
export async function lockCamera(db: Db, id: string): Promise<{ status: string; probeFailures: number; enabled: boolean } | undefined> {
  const row = await db.selectFrom('cameras').select(['status', 'probe_failures', 'enabled']).where('id', '=', id).forUpdate().executeTakeFirst();
  return row ? { status: row.status, probeFailures: row.probe_failures, enabled: row.enabled } : undefined;
}

/** Storage keys of the snapshots of some cameras, or of every camera but some (`except`). */
export async function snapshotKeysOf(db: Db, cameras: { ids: readonly string[] } | { except: readonly string[] }): Promise<string[]> {
  let query = db.selectFrom('camera_snapshots').select('storage_key');
  if ('ids' in cameras) {
    if (!cameras.ids.length) return [];
    query = query.where('camera_id', 'in', cameras.ids);
  } else if (cameras.except.length) {
    query = query.where('camera_id', 'not in', cameras.except);
  }
  const rows = await query.execute();
  return rows.map((r) => r.storage_key);
}

export async function setThumbnail(db: Db, id: string, key: string): Promise<void> {
  await db.updateTable('cameras').set({ thumbnail: key }).where('id', '=', id).execute();
}

export async function recordStatusChange(db: Db, cameraId: string, status: string, reason: string): Promise<void> {
  await db.insertInto('camera_status_history').values({ camera_id: cameraId, status, reason }).execute();
}

export interface StatusChange {
  cameraId: string;
  status: string;
  changedAt: Date;
}

/**
 * Status transitions from `since` on, plus each camera's last transition before it, which tells the
 * status the camera was in when the window opened. For each camera, the rows come in time order.
 */
export async function statusChangesSince(db: Db, since: Date, cameraIds?: readonly string[]): Promise<StatusChange[]> {
  if (cameraIds && !cameraIds.length) return [];
  let before = db.selectFrom('camera_status_history').select(['camera_id', 'status', 'changed_at']).where('changed_at', '<=', since);
  let within = db.selectFrom('camera_status_history').select(['camera_id', 'status', 'changed_at']).where('changed_at', '>', since);
  if (cameraIds) {
    before = before.where('camera_id', 'in', cameraIds);
    within = within.where('camera_id', 'in', cameraIds);
  }
  const opening = await before.distinctOn('camera_id').orderBy('camera_id').orderBy('changed_at', 'desc').orderBy('id', 'desc').execute();
  const later = await within.orderBy('camera_id').orderBy('changed_at').orderBy('id').execute();
  return [...opening, ...later].map((r) => ({ cameraId: r.camera_id, status: r.status, changedAt: r.changed_at }));
}

/** Detections per camera since a moment: all of them, and those of unknown faces. */
export async function detectionCountsSince(db: Db, since: Date, cameraIds?: readonly string[]): Promise<Map<string, { total: number; unknown: number }>> {
  if (cameraIds && !cameraIds.length) return new Map();
  let query = db
    .selectFrom('detections')
    .select((eb) => [
      'camera_id',
      eb.fn.countAll<number>().as('total'),
      eb.fn.countAll<number>().filterWhere('status', '=', 'unknown').as('unknown'),
    ])
    .where('occurred_at', '>=', since)
    .where('camera_id', 'is not', null)
    .groupBy('camera_id');
  if (cameraIds) query = query.where('camera_id', 'in', cameraIds);
  const rows = await query.execute();
  return new Map(rows.map((r) => [r.camera_id ?? '', { total: r.total, unknown: r.unknown }]));
}
