/**
 * /api/v1/history/person/{employeeId}: one person's sightings, manual attendance entries and alerts, newest
 * first with pagination and filters, and as a chronological timeline.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordSighting } from '../packages/api/src/attendance/sightings.ts';
import { startTestSystem, type TestSystem } from './support/system.ts';

let sys: TestSystem;
let admin: string;
let gate: string;
let lobby: string;
let voidedManualId: string;

const api = (method: string, path: string, body?: unknown, token = admin) => sys.request(method, `/api/v1${path}`, { token, ...(body !== undefined ? { body } : {}) });
const sight = (employeeId: string, cameraId: string, at: string | Date, thumbnail: string | null = null) =>
  recordSighting(sys.system.app, { employeeId, cameraId, at: new Date(at), confidence: 0.87, thumbnail });

async function addAlert(id: string, employeeId: string, createdAt: string, extra: Record<string, unknown> = {}) {
  await sys.db.db
    .insertInto('alerts')
    .values({ id, level: 'warning', type: 'watchlist', title: 'Watchlist match', message: 'seen at the gate', camera_id: gate, employee_id: employeeId, fingerprint: id, created_at: new Date(createdAt), ...extra })
    .execute();
}

const recent = (hoursAgo: number) => new Date(Date.now() - hoursAgo * 3600_000);

beforeAll(async () => {
  sys = await startTestSystem();
  admin = await sys.adminToken();
  gate = (await api('POST', '/cameras', { name: 'Main gate', streamType: 'HTTP', streamUrl: 'http://10.0.0.1/mjpeg' })).body.data.id as string;
  lobby = (await api('POST', '/cameras', { name: 'Lobby', streamType: 'HTTP', streamUrl: 'http://10.0.0.2/mjpeg' })).body.data.id as string;
  await sys.db.db.insertInto('face_profiles').values([
    { id: 'FP-H1', employee_id: 'H-1', name: 'Hana Hossain', department: 'Ops' },
    { id: 'FP-H2', employee_id: 'H-2', name: 'Other Person', department: 'Ops' },
  ]).execute();

  await sight('H-1', gate, '2026-01-05T08:00:00Z', 'https://cdn.example.com/faces/1.jpg');
  await sight('H-1', gate, '2026-01-05T08:00:20Z'); // within the de-duplication window: not a new sighting
  await sight('H-1', lobby, '2026-01-05T12:30:00Z', 'detections/2026/01/05/DET-2.jpg');
  await addAlert('ALR-H1', 'H-1', '2026-01-05T12:31:00Z');
  await addAlert('ALR-CLEARED', 'H-1', '2026-01-05T12:32:00Z', { cleared_at: new Date('2026-01-05T13:00:00Z') });
  await addAlert('ALR-H2', 'H-2', '2026-01-05T12:33:00Z');
  const manual = await api('POST', '/attendance/manual', { employeeId: 'H-1', cameraId: gate, timestamp: '2026-01-06T09:00:00Z', status: 'present', note: 'forgot badge' });
  expect(manual.status).toBe(201);
  const voided = await api('POST', '/attendance/manual', { employeeId: 'H-1', cameraId: gate, timestamp: '2026-01-07T09:00:00Z', status: 'late' });
  voidedManualId = voided.body.data.id as string;
  expect((await api('DELETE', `/attendance/${voidedManualId}`)).status).toBe(204);
  await sight('H-2', gate, '2026-01-05T09:00:00Z');
  for (const hoursAgo of [50, 30, 2, 1]) await sight('H-1', gate, recent(hoursAgo));
  await sight('H-1', lobby, recent(24 * 9)); // older than the timeline's default week
});
afterAll(() => sys.stop());

describe('GET /history/person/{employeeId}', () => {
  it("lists the person's sightings, manual entries and alerts newest first, nobody else's, nothing voided or cleared", async () => {
    const res = await api('GET', '/history/person/H-1?to=2026-01-31T00:00:00Z');
    expect(res.status).toBe(200);
    expect(res.body.meta).toEqual({ page: 1, pageSize: 20, total: 4, totalPages: 1 });
    expect(res.body.data.map((e: { type: string; timestamp: string }) => [e.type, e.timestamp])).toEqual([
      ['manual', '2026-01-06T09:00:00.000Z'],
      ['alert', '2026-01-05T12:31:00.000Z'],
      ['sighting', '2026-01-05T12:30:00.000Z'],
      ['sighting', '2026-01-05T08:00:00.000Z'],
    ]);
    const [manual, alert, lobbySighting, gateSighting] = res.body.data;
    expect(manual).toMatchObject({ employeeId: 'H-1', cameraId: gate, cameraName: 'Main gate', status: 'present', accuracy: null, description: expect.stringContaining('forgot badge') });
    expect(alert).toMatchObject({ id: 'ALR-H1', status: 'warning', cameraName: 'Main gate', description: 'Watchlist match: seen at the gate' });
    expect(gateSighting).toMatchObject({ cameraName: 'Main gate', accuracy: expect.closeTo(0.87, 5), status: 'known', thumbnail: 'https://cdn.example.com/faces/1.jpg' });
    // a stored frame is served through an expiring signed link
    expect(lobbySighting.thumbnail).toMatch(/^\/files\/content\/detections\/2026\/01\/05\/DET-2\.jpg\?exp=\d+&sig=[0-9a-f]{64}$/);
    expect(JSON.stringify(res.body)).not.toContain(voidedManualId);
  });

  it('filters by camera, time range and type, and pages', async () => {
    const range = 'from=2026-01-05T00:00:00Z&to=2026-01-31T00:00:00Z';
    const byCamera = await api('GET', `/history/person/H-1?${range}&cameraId=${lobby}`);
    expect(byCamera.body.data.map((e: { type: string }) => e.type)).toEqual(['sighting']);
    const byType = await api('GET', `/history/person/H-1?${range}&type=alert`);
    expect(byType.body.data.map((e: { id: string }) => e.id)).toEqual(['ALR-H1']);
    const morning = await api('GET', '/history/person/H-1?from=2026-01-05T00:00:00Z&to=2026-01-05T12:30:00Z');
    expect(morning.body.meta.total).toBe(2);
    const page2 = await api('GET', `/history/person/H-1?${range}&pageSize=3&page=2`);
    expect(page2.body.meta).toEqual({ page: 2, pageSize: 3, total: 4, totalPages: 2 });
    expect(page2.body.data.map((e: { timestamp: string }) => e.timestamp)).toEqual(['2026-01-05T08:00:00.000Z']);
    const everything = await api('GET', '/history/person/H-1?pageSize=200');
    expect(everything.body.meta.total).toBe(9); // 4 above + 5 recent sightings
  });

  it('answers 404 for someone not registered and 422 for a bad range', async () => {
    const unknown = await api('GET', '/history/person/NOBODY');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('NOT_FOUND');
    expect((await api('GET', '/history/person/NOBODY/timeline')).status).toBe(404);
    const bad = await api('GET', '/history/person/H-1?from=last-week&type=rumour');
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.error.details).sort()).toEqual(['from', 'type']);
    const backwards = await api('GET', '/history/person/H-1?from=2026-01-06T00:00:00Z&to=2026-01-05T00:00:00Z');
    expect(backwards.body.error.details).toHaveProperty('to');
  });
});

describe('GET /history/person/{employeeId}/timeline', () => {
  it('gives the last week oldest first by default, with the person', async () => {
    const res = await api('GET', '/history/person/H-1/timeline');
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ employeeId: 'H-1', name: 'Hana Hossain', department: 'Ops', truncated: false });
    const times = res.body.data.events.map((e: { timestamp: string }) => e.timestamp);
    expect(times).toHaveLength(4); // 50, 30, 2 and 1 hours ago; not the one 9 days ago
    expect(times).toEqual([...times].sort());
    expect(Date.parse(res.body.data.to) - Date.parse(res.body.data.from)).toBe(7 * 86_400_000);
  });

  it('keeps the earliest events of a range when it holds more than the limit, and says so', async () => {
    const res = await api('GET', '/history/person/H-1/timeline?from=2026-01-01T00:00:00Z&to=2026-01-31T00:00:00Z&limit=2');
    expect(res.body.data.truncated).toBe(true);
    expect(res.body.data.events.map((e: { type: string; timestamp: string }) => [e.type, e.timestamp])).toEqual([
      ['sighting', '2026-01-05T08:00:00.000Z'],
      ['sighting', '2026-01-05T12:30:00.000Z'],
    ]);
    const all = await api('GET', '/history/person/H-1/timeline?from=2026-01-01T00:00:00Z&to=2026-01-31T00:00:00Z');
    expect(all.body.data).toMatchObject({ truncated: false, events: expect.arrayContaining([expect.objectContaining({ type: 'alert' }), expect.objectContaining({ type: 'manual' })]) });
  });

  it('is readable with attendance:read (Viewer), not without a token', async () => {
    const viewer = await sys.createUser('ROLE-VIEWER');
    expect((await api('GET', '/history/person/H-1', undefined, viewer.token)).status).toBe(200);
    expect((await api('GET', '/history/person/H-1/timeline', undefined, viewer.token)).status).toBe(200);
    expect((await sys.request('GET', '/api/v1/history/person/H-1')).status).toBe(401);
  });
});
