/** /api/v1/cameras as a REST client sees it: envelope, status codes, validation, masking, filters, import/export, summaries. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '@sentinel/db';
import { startTestSystem, type TestSystem } from './support/system.ts';

let sys: TestSystem;
let admin: string;

beforeAll(async () => {
  sys = await startTestSystem();
  admin = await sys.adminToken();
});
afterAll(() => sys.stop());

const PASSWORD = 's3cret-Pa55';
const api = (method: string, path: string, body?: unknown, token = admin) =>
  sys.request(method, `/api/v1${path}`, { token, ...(body !== undefined ? { body } : {}) });

async function createCamera(fields: Record<string, unknown>) {
  const res = await api('POST', '/cameras', { name: 'Camera', location: 'Lobby', streamType: 'RTSP', streamUrl: 'rtsp://10.0.0.1/live', ...fields });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.data as { id: string; streamUrl: string | null } & Record<string, unknown>;
}

async function storedRow(id: string) {
  return sys.db.db.selectFrom('cameras').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

async function auditEntries(filter: { resourceId?: string; action?: string }) {
  let q = sys.db.db.selectFrom('audit_logs').selectAll().orderBy('at');
  if (filter.resourceId) q = q.where('resource_id', '=', filter.resourceId);
  if (filter.action) q = q.where('action', '=', filter.action);
  return q.execute();
}

describe('create, read, update, delete', () => {
  it('creates a camera with 201, a generated id, and the credentials masked', async () => {
    const res = await api('POST', '/cameras', { name: 'Gate A', location: 'Lobby', streamType: 'RTSP', streamUrl: `rtsp://admin:${PASSWORD}@10.0.0.5:554/stream1` });
    expect(res.status).toBe(201);
    expect(res.body.success).toBe(true);
    const cam = res.body.data;
    expect(cam.id).toMatch(/^CAM-/);
    expect(cam).toMatchObject({
      name: 'Gate A', streamType: 'RTSP', streamUrl: 'rtsp://admin:****@10.0.0.5:554/stream1', hasCredentials: true,
      ipAddress: '10.0.0.5', enabled: true, status: 'offline', tags: [], devicePath: null, fps: null,
    });
    expect(new Date(cam.createdAt).toISOString()).toBe(cam.createdAt);
    expect((await storedRow(cam.id)).stream_url_sealed).not.toContain(PASSWORD);
  });

  it('never shows the password in GET, the list, or the audit trail', async () => {
    const cam = await createCamera({ name: 'Secret cam', streamUrl: `rtsp://viewer:${PASSWORD}@10.0.0.6/live` });
    const one = await api('GET', `/cameras/${cam.id}`);
    expect(one.status).toBe(200);
    expect(one.body.data.streamUrl).toBe('rtsp://viewer:****@10.0.0.6/live');
    const list = await api('GET', '/cameras?pageSize=200');
    expect(list.body.data.some((c: { id: string }) => c.id === cam.id)).toBe(true);
    await api('PUT', `/cameras/${cam.id}`, { name: 'Secret cam 2' });
    for (const body of [one.body, list.body, await auditEntries({ resourceId: cam.id })]) expect(JSON.stringify(body)).not.toContain(PASSWORD);
    const [created] = await auditEntries({ resourceId: cam.id, action: 'camera.create' });
    expect(created?.after).toMatchObject({ id: cam.id, streamUrl: 'rtsp://viewer:****@10.0.0.6/live' });
  });

  it('answers 404 NOT_FOUND in the error envelope for an unknown id', async () => {
    const res = await api('GET', '/cameras/CAM-NOPE');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ success: false, error: { code: 'NOT_FOUND' } });
    expect(typeof res.body.requestId).toBe('string');
    expect((await api('PUT', '/cameras/CAM-NOPE', { name: 'x' })).status).toBe(404);
    expect((await api('DELETE', '/cameras/CAM-NOPE')).status).toBe(404);
  });

  it('answers 409 CONFLICT when the id already exists', async () => {
    await createCamera({ id: 'GATE-DUP' });
    const res = await api('POST', '/cameras', { id: 'GATE-DUP', name: 'Again', streamType: 'RTSP', streamUrl: 'rtsp://10.0.0.2/live' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('CONFLICT');
  });

  it('answers 422 naming the field for an RTSP camera with an http:// URL and a USB camera without /dev/videoN', async () => {
    const rtsp = await api('POST', '/cameras', { name: 'Bad', streamType: 'RTSP', streamUrl: 'http://10.0.0.5/stream' });
    expect(rtsp.status).toBe(422);
    expect(rtsp.body.error.code).toBe('VALIDATION_ERROR');
    expect(rtsp.body.error.details.streamUrl).toEqual(expect.any(String));
    const usb = await api('POST', '/cameras', { name: 'Bad USB', streamType: 'USB', devicePath: '/dev/sda' });
    expect(usb.status).toBe(422);
    expect(usb.body.error.details.devicePath).toEqual(expect.any(String));
    const ok = await api('POST', '/cameras', { name: 'Desk USB', streamType: 'USB', devicePath: '/dev/video0' });
    expect(ok.status).toBe(201);
    expect(ok.body.data).toMatchObject({ streamUrl: null, devicePath: '/dev/video0', ipAddress: null, hasCredentials: false });
  });

  it('updates partially, ignores telemetry, and keeps stored credentials when the masked URL is echoed back', async () => {
    const cam = await createCamera({ streamUrl: `rtsp://admin:${PASSWORD}@10.0.0.7/live` });
    const sealed = (await storedRow(cam.id)).stream_url_sealed;
    const res = await api('PUT', `/cameras/${cam.id}`, { name: 'Renamed', streamUrl: cam.streamUrl, fps: 99, hasCredentials: false, tags: ['door'] });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ name: 'Renamed', location: 'Lobby', fps: null, hasCredentials: true, tags: ['door'], streamUrl: cam.streamUrl });
    expect((await storedRow(cam.id)).stream_url_sealed).toBe(sealed);

    const moved = await api('PUT', `/cameras/${cam.id}`, { streamUrl: 'rtsp://admin:****@10.9.9.9/live' });
    expect(moved.status).toBe(422);
    expect(moved.body.error.details.streamUrl).toMatch(/re-enter/);

    const changed = await api('PUT', `/cameras/${cam.id}`, { streamUrl: 'rtsp://10.0.0.8/live' });
    expect(changed.body.data).toMatchObject({ streamUrl: 'rtsp://10.0.0.8/live', hasCredentials: false, ipAddress: '10.0.0.8' });
  });

  it('keeps the sealed URL when the same URL is sent again in clear, and seals a changed one anew', async () => {
    const url = `rtsp://admin:${PASSWORD}@10.0.0.9/live`;
    const cam = await createCamera({ streamUrl: url });
    const sealed = (await storedRow(cam.id)).stream_url_sealed;
    expect((await api('PUT', `/cameras/${cam.id}`, { streamUrl: url, name: 'Same source' })).status).toBe(200);
    expect((await storedRow(cam.id)).stream_url_sealed).toBe(sealed);
    const imported = await api('POST', '/cameras/import', { mode: 'merge', cameras: [{ id: cam.id, name: 'Same source', streamType: 'RTSP', streamUrl: url }] });
    expect(imported.body.data).toMatchObject({ updated: 1 });
    expect((await storedRow(cam.id)).stream_url_sealed).toBe(sealed);
    expect((await api('PUT', `/cameras/${cam.id}`, { streamUrl: url.replace('10.0.0.9', '10.0.0.10') })).status).toBe(200);
    expect((await storedRow(cam.id)).stream_url_sealed).not.toBe(sealed);
  });

  it('validates the merged result when only the stream type changes', async () => {
    const cam = await createCamera({});
    const res = await api('PUT', `/cameras/${cam.id}`, { streamType: 'USB' });
    expect(res.status).toBe(422);
    expect(res.body.error.details.devicePath).toEqual(expect.any(String));
    const usb = await api('PUT', `/cameras/${cam.id}`, { streamType: 'USB', devicePath: '/dev/video3' });
    expect(usb.body.data).toMatchObject({ streamType: 'USB', devicePath: '/dev/video3', streamUrl: null });
  });

  it('toggles enabled with PATCH /state', async () => {
    const cam = await createCamera({});
    const res = await api('PATCH', `/cameras/${cam.id}/state`, { enabled: false });
    expect(res.status).toBe(200);
    expect(res.body.data.enabled).toBe(false);
    expect((await auditEntries({ resourceId: cam.id, action: 'camera.disable' })).length).toBe(1);
  });

  it('refuses a boolean sent as a string in a JSON body instead of coercing it', async () => {
    // a query string is coerced ("false" -> false); a JSON body must carry real booleans
    const res = await api('POST', '/cameras', { name: 'Str bool', streamType: 'RTSP', streamUrl: 'rtsp://10.1.1.1/s', enabled: 'false' });
    expect(res.status).toBe(422);
    expect(res.body.error.details).toHaveProperty('enabled');
  });

  it('deletes with 204 and no body', async () => {
    const cam = await createCamera({});
    const res = await api('DELETE', `/cameras/${cam.id}`);
    expect(res.status).toBe(204);
    expect(res.body).toBe('');
    expect((await api('GET', `/cameras/${cam.id}`)).status).toBe(404);
  });
});

describe('listing', () => {
  beforeAll(async () => {
    await createCamera({ name: 'WH-1 North', location: 'Warehouse-F', tags: ['dock_7'] });
    await createCamera({ name: 'WH-2 South', location: 'Warehouse-F', tags: ['dockA7'], enabled: false });
    const third = await createCamera({ name: 'WH-3 Yard', location: 'Warehouse-F', streamType: 'HTTP', streamUrl: 'http://10.0.0.30/mjpg' });
    await api('PUT', `/cameras/${third.id}`, { status: 'online' });
  });

  it('filters by enabled=false given as a query string', async () => {
    const off = await api('GET', '/cameras?search=warehouse-f&enabled=false');
    expect(off.body.data.map((c: { name: string }) => c.name)).toEqual(['WH-2 South']);
    const on = await api('GET', '/cameras?search=warehouse-f&enabled=true');
    expect(on.body.meta.total).toBe(2);
  });

  it('filters by status and stream type, and searches tags with LIKE wildcards escaped', async () => {
    expect((await api('GET', '/cameras?search=warehouse-f&status=online')).body.data.map((c: { name: string }) => c.name)).toEqual(['WH-3 Yard']);
    expect((await api('GET', '/cameras?search=warehouse-f&streamType=HTTP')).body.meta.total).toBe(1);
    expect((await api('GET', '/cameras?search=DOCK_7')).body.data.map((c: { name: string }) => c.name)).toEqual(['WH-1 North']);
  });

  it('paginates with meta and sorts', async () => {
    const res = await api('GET', '/cameras?search=warehouse-f&pageSize=2&page=2&sortBy=name&sortDir=desc');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ success: true, meta: { page: 2, pageSize: 2, total: 3, totalPages: 2 } });
    expect(res.body.data.map((c: { name: string }) => c.name)).toEqual(['WH-1 North']);
  });

  it('shows times as ISO 8601 UTC with milliseconds and tags as stored, the same in the list, GET and tRPC', async () => {
    const cam = await createCamera({ name: 'WH-4 Times', location: 'Timekeeping', tags: ['a,b', 'quote"d', 'ünï', '{braces}'] });
    // microseconds are truncated to milliseconds; null times stay null
    await sys.db.db
      .updateTable('cameras')
      .set({ last_seen: new Date('2026-03-04T05:06:07.000Z'), created_at: new Date('2025-12-31T23:59:59.999Z') })
      .where('id', '=', cam.id)
      .execute();
    await sql`update cameras set updated_at = '2026-01-02 03:04:05.678901+00', last_checked = null where id = ${cam.id}`.execute(sys.db.db);
    const expected = {
      lastSeen: '2026-03-04T05:06:07.000Z',
      lastChecked: null,
      createdAt: '2025-12-31T23:59:59.999Z',
      updatedAt: '2026-01-02T03:04:05.678Z',
      tags: ['a,b', 'quote"d', 'ünï', '{braces}'],
    };
    const listed = (await api('GET', '/cameras?search=timekeeping')).body.data;
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject(expected);
    expect((await api('GET', `/cameras/${cam.id}`)).body.data).toMatchObject(expected);
    const trpc = await sys.request('GET', `/api/trpc/cameras.get?input=${encodeURIComponent(JSON.stringify({ json: { id: cam.id } }))}`, { token: admin });
    expect(trpc.body.result.data.json).toMatchObject(expected);
  });

  it('lets a Viewer list but not create (403 AUTH_FORBIDDEN)', async () => {
    const viewer = await sys.createUser('ROLE-VIEWER');
    expect((await api('GET', '/cameras', undefined, viewer.token)).status).toBe(200);
    const res = await api('POST', '/cameras', { name: 'Nope', streamType: 'RTSP', streamUrl: 'rtsp://10.0.0.1/x' }, viewer.token);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('AUTH_FORBIDDEN');
  });
});

describe('import and export', () => {
  it('merges: updates known ids, inserts new ones, skips invalid items with their reasons', async () => {
    const known = await createCamera({ id: 'IMP-KNOWN', name: 'Before' });
    const res = await api('POST', '/cameras/import', {
      mode: 'merge',
      cameras: [
        { id: known.id, name: 'After', streamType: 'RTSP', streamUrl: 'rtsp://10.0.1.1/live' },
        { id: 'IMP-NEW', name: 'New', streamType: 'Socket', streamUrl: 'tcp://10.0.1.2:5000' },
        { id: 'IMP-BAD', name: 'Bad', streamType: 'USB', devicePath: '/dev/sda' },
        { id: 'IMP-MASKED', name: 'Masked', streamType: 'RTSP', streamUrl: 'rtsp://admin:****@10.0.1.3/live' },
        'not a camera',
      ],
    });
    expect(res.status).toBe(202);
    expect(res.body.data).toMatchObject({ imported: 1, updated: 1, skipped: 3, deleted: 0 });
    expect(res.body.data.errors).toEqual([
      { index: 2, id: 'IMP-BAD', reason: expect.stringContaining('devicePath') },
      { index: 3, id: 'IMP-MASKED', reason: 'credentials were masked in the export; re-enter the stream URL' },
      { index: 4, id: null, reason: expect.any(String) },
    ]);
    expect((await api('GET', `/cameras/${known.id}`)).body.data.name).toBe('After');
    expect((await api('GET', '/cameras/IMP-NEW')).body.data.streamType).toBe('Socket');
    const [audit] = (await auditEntries({ action: 'camera.import' })).slice(-1);
    expect(audit?.after).toMatchObject({ mode: 'merge', imported: 1, updated: 1, skipped: 3, deleted: 0 });
  });

  it('round-trips export -> import keeping the stored credentials', async () => {
    const cam = await createCamera({ id: 'RT-CREDS', streamUrl: `rtsp://admin:${PASSWORD}@10.0.2.1/live` });
    const sealed = (await storedRow(cam.id)).stream_url_sealed;
    const exported = await api('GET', '/cameras/export');
    expect(exported.status).toBe(200);
    expect(exported.body.data.version).toBe(1);
    expect(JSON.stringify(exported.body)).not.toContain(PASSWORD);
    const file = exported.body.data.cameras as { id: string; streamUrl: string }[];
    expect(file.find((c) => c.id === cam.id)?.streamUrl).toBe('rtsp://admin:****@10.0.2.1/live');
    expect((await api('POST', '/cameras/export', {})).body.data.cameras).toHaveLength(file.length);

    const res = await api('POST', '/cameras/import', { mode: 'merge', cameras: file });
    expect(res.body.data).toMatchObject({ imported: 0, updated: file.length, skipped: 0 });
    expect((await storedRow(cam.id)).stream_url_sealed).toBe(sealed);
    expect((await api('GET', `/cameras/${cam.id}`)).body.data.hasCredentials).toBe(true);
  });

  it('replace deletes the cameras the file does not name', async () => {
    const before = (await api('GET', '/cameras?pageSize=200')).body.meta.total as number;
    const res = await api('POST', '/cameras/import', {
      mode: 'replace',
      cameras: [{ id: 'ONLY-ONE', name: 'Only', streamType: 'Local File', streamUrl: 'file:///srv/footage/only.mp4' }],
    });
    expect(res.status).toBe(202);
    expect(res.body.data).toMatchObject({ imported: 1, updated: 0, skipped: 0, deleted: before });
    const list = await api('GET', '/cameras');
    expect(list.body.data.map((c: { id: string; devicePath: string }) => [c.id, c.devicePath])).toEqual([['ONLY-ONE', '/srv/footage/only.mp4']]);
  });
});

describe('summaries', () => {
  it('counts today\'s detections and computes 24-hour uptime from the status history', async () => {
    const cam = await createCamera({ name: 'Summary cam' });
    const now = Date.now();
    const hoursAgo = (h: number) => new Date(now - h * 3_600_000);
    const db = sys.db.db;
    await db.updateTable('cameras').set({ created_at: hoursAgo(48), status: 'online' }).where('id', '=', cam.id).execute();
    await db.deleteFrom('camera_status_history').where('camera_id', '=', cam.id).execute();
    await db.insertInto('camera_status_history').values([
      { camera_id: cam.id, status: 'online', changed_at: hoursAgo(30) },
      { camera_id: cam.id, status: 'offline', changed_at: hoursAgo(12) },
      { camera_id: cam.id, status: 'online', changed_at: hoursAgo(6) },
    ]).execute();
    const midnight = new Date(new Date(now).setUTCHours(0, 0, 0, 0));
    await db.insertInto('detections').values([
      { id: 'DET-S1', camera_id: cam.id, status: 'recognized', occurred_at: new Date(now) },
      { id: 'DET-S2', camera_id: cam.id, status: 'recognized', occurred_at: new Date(now) },
      { id: 'DET-S3', camera_id: cam.id, status: 'unknown', occurred_at: new Date(now) },
      { id: 'DET-S4', camera_id: cam.id, status: 'unknown', occurred_at: new Date(midnight.getTime() - 3_600_000) },
    ]).execute();

    // online for 12 of the first 18 hours of the window, then the last 6: 18 of 24 hours
    const expected = { id: cam.id, name: 'Summary cam', status: 'online', detectionsToday: 3, unknownFaces: 1, uptimePercent: 75 };
    const one = await api('GET', `/cameras/${cam.id}/summary`);
    expect(one.status).toBe(200);
    expect(one.body.data).toEqual(expected);
    const all = await api('GET', '/cameras/summary');
    expect(all.status).toBe(200);
    expect(all.body.data).toContainEqual(expected);
    expect((await api('GET', '/cameras/CAM-NOPE/summary')).status).toBe(404);
  });

  it('measures a young camera from its creation and records status changes made through PUT', async () => {
    const cam = await createCamera({ name: 'Young cam' });
    await api('PUT', `/cameras/${cam.id}`, { status: 'online' });
    const db = sys.db.db;
    const history = await db.selectFrom('camera_status_history').select(['id', 'status']).where('camera_id', '=', cam.id).orderBy('id').execute();
    expect(history.map((h) => h.status)).toEqual(['offline', 'online']);
    // created 10 hours ago, offline for 5 of them: the 14 hours before it existed do not count against it
    const now = Date.now();
    await db.updateTable('cameras').set({ created_at: new Date(now - 10 * 3_600_000) }).where('id', '=', cam.id).execute();
    await db.updateTable('camera_status_history').set({ changed_at: new Date(now - 10 * 3_600_000) }).where('id', '=', history[0]!.id).execute();
    await db.updateTable('camera_status_history').set({ changed_at: new Date(now - 5 * 3_600_000) }).where('id', '=', history[1]!.id).execute();
    const summary = (await api('GET', `/cameras/${cam.id}/summary`)).body.data;
    expect(summary).toMatchObject({ detectionsToday: 0, unknownFaces: 0, status: 'online', uptimePercent: 50 });
  });
});
