/**
 * Reading attendance over REST: the filtered log page with its summary over the whole filter, pagination and
 * sorting, statistics by hour/day/camera, dashboard counters, aliases, permissions and input validation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordSighting } from '../packages/api/src/attendance/sightings.ts';
import { startTestSystem, type TestSystem } from './support/system.ts';

let sys: TestSystem;
let admin: string;
let gate: string;
let lobby: string;

const api = (method: string, path: string, body?: unknown, token = admin) => sys.request(method, `/api/v1${path}`, { token, ...(body !== undefined ? { body } : {}) });
const ids = (body: { data: { id: string }[] }) => body.data.map((l) => l.id);

async function addPerson(employeeId: string, name: string, department: string) {
  await sys.db.db.insertInto('face_profiles').values({ id: `FP-${employeeId}`, employee_id: employeeId, name, department }).execute();
}

const at = (date: string, minutes: number) => new Date(`${date}T00:00:00Z`).getTime() + minutes * 60_000;
const DAY = '2026-02-02'; // a Monday
const NEXT = '2026-02-03';

/**
 * On DAY: LOG-01..LOG-12 (Ops, shift 09:00 + 0 grace) arrive at 08:35 + 5 min steps: 01-06 present,
 * 07-12 late; odd ones on the gate, even ones in the lobby. LOG-13..15 are entered manually as missed (gate).
 * On NEXT: LOG-01..05 present. Odd people are named Rahman, even ones Khan.
 */
beforeAll(async () => {
  sys = await startTestSystem();
  admin = await sys.adminToken();
  gate = (await api('POST', '/cameras', { name: 'Main gate', streamType: 'HTTP', streamUrl: 'http://10.0.0.1/mjpeg' })).body.data.id as string;
  lobby = (await api('POST', '/cameras', { name: 'Lobby', streamType: 'HTTP', streamUrl: 'http://10.0.0.2/mjpeg' })).body.data.id as string;
  expect((await api('POST', '/shifts', { name: 'Ops', days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:00', departments: ['Ops'] })).status).toBe(201);
  for (let i = 1; i <= 15; i++) {
    const id = `LOG-${String(i).padStart(2, '0')}`;
    await addPerson(id, `${String.fromCharCode(64 + i)}nna ${i % 2 ? 'Rahman' : 'Khan'}`, i === 15 ? 'Support' : 'Ops');
    if (i <= 12) await recordSighting(sys.system.app, { employeeId: id, cameraId: i % 2 ? gate : lobby, at: new Date(at(DAY, 8 * 60 + 30 + 5 * i)), confidence: 0.8 + i / 100 });
    else expect((await api('POST', '/attendance/manual', { employeeId: id, cameraId: gate, timestamp: `${DAY}T10:00:00Z`, status: 'missed' })).status).toBe(201);
    if (i <= 5) await recordSighting(sys.system.app, { employeeId: id, cameraId: gate, at: new Date(at(NEXT, 8 * 60)), confidence: 0.9 });
  }
});
afterAll(() => sys.stop());

describe('GET /attendance/logs', () => {
  it('puts the summary of the whole filter beside data and meta, not of the page', async () => {
    const res = await api('GET', `/attendance/logs?dateFrom=${DAY}&dateTo=${DAY}&pageSize=10`);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['data', 'meta', 'success', 'summary']);
    expect(res.body.data).toHaveLength(10);
    expect(res.body.meta).toEqual({ page: 1, pageSize: 10, total: 15, totalPages: 2 });
    expect(res.body.summary).toEqual({ present: 6, late: 6, missed: 3, total: 15 });
    const page2 = await api('GET', `/attendance/logs?dateFrom=${DAY}&dateTo=${DAY}&pageSize=10&page=2`);
    expect(page2.body.data).toHaveLength(5);
    expect(page2.body.summary).toEqual(res.body.summary);
    const all = await api('GET', `/attendance/logs?dateFrom=${DAY}&dateTo=${DAY}&pageSize=50`);
    expect([...ids(res.body), ...ids(page2.body)]).toEqual(ids(all.body));
  });

  it('filters by camera, search (name or employee id, any case), status, department and Odoo status', async () => {
    const byCamera = await api('GET', `/attendance/logs?dateFrom=${DAY}&dateTo=${DAY}&cameraId=${gate}`);
    expect(byCamera.body.summary).toEqual({ present: 3, late: 3, missed: 3, total: 9 });
    expect(byCamera.body.data.every((l: { cameraId: string; cameraName: string }) => l.cameraId === gate && l.cameraName === 'Main gate')).toBe(true);

    const byName = await api('GET', `/attendance/logs?dateFrom=${DAY}&dateTo=${DAY}&search=rAhMaN`);
    expect(byName.body.summary.total).toBe(8); // odd numbers 1..15
    const byId = await api('GET', `/attendance/logs?search=LOG-1&pageSize=50`);
    expect(new Set(byId.body.data.map((l: { employeeId: string }) => l.employeeId))).toEqual(new Set(['LOG-10', 'LOG-11', 'LOG-12', 'LOG-13', 'LOG-14', 'LOG-15']));
    const literal = await api('GET', `/attendance/logs?search=${encodeURIComponent('%')}`);
    expect(literal.body.summary.total).toBe(0); // % is searched for, not a wildcard

    const combined = await api('GET', `/attendance/logs?dateFrom=${DAY}&dateTo=${NEXT}&cameraId=${gate}&search=rahman&status=present`);
    expect(combined.body.summary).toEqual({ present: 6, late: 0, missed: 0, total: 6 }); // 1,3,5 on DAY and on NEXT
    expect((await api('GET', '/attendance/logs?department=Support')).body.summary.total).toBe(1);

    const [one] = byCamera.body.data as { id: string }[];
    await sys.db.db.updateTable('attendance_logs').set({ odoo_status: 'synced', odoo_sync_time: new Date('2026-02-02T18:00:00Z') }).where('id', '=', one!.id).execute();
    const synced = await api('GET', '/attendance/logs?odooStatus=synced');
    expect(ids(synced.body)).toEqual([one!.id]);
    expect(synced.body.data[0]).toMatchObject({ odooStatus: 'synced', odooSyncTime: '2026-02-02T18:00:00.000Z' });
  });

  it('sorts newest first by default, and by any offered field either way with ties in a stable order', async () => {
    const byDefault = await api('GET', `/attendance/logs?dateFrom=${DAY}&dateTo=${NEXT}&pageSize=50`);
    const dates = byDefault.body.data.map((l: { date: string }) => l.date);
    expect(dates).toEqual([...dates].sort().reverse());
    const dayRows = byDefault.body.data.filter((l: { date: string }) => l.date === DAY) as { timeIn: string | null }[];
    expect(dayRows.slice(-3).map((l) => l.timeIn)).toEqual([null, null, null]); // missed (no time in) last
    expect(dayRows[0]!.timeIn).toBe(`${DAY}T09:30:00.000Z`);

    const byTimeAsc = await api('GET', `/attendance/logs?dateFrom=${DAY}&dateTo=${DAY}&sortBy=timeIn&sortDir=asc&pageSize=50`);
    const times = byTimeAsc.body.data.map((l: { timeIn: string | null }) => l.timeIn).filter(Boolean);
    expect(times).toEqual([...times].sort());
    expect(times[0]).toBe(`${DAY}T08:35:00.000Z`);

    const byName = await api('GET', `/attendance/logs?dateFrom=${DAY}&dateTo=${DAY}&sortBy=name&pageSize=5&page=2`);
    expect(byName.body.data.map((l: { name: string }) => l.name[0])).toEqual(['F', 'G', 'H', 'I', 'J']);
    const byNameDesc = await api('GET', `/attendance/logs?dateFrom=${DAY}&dateTo=${DAY}&sortBy=name&sortDir=desc&pageSize=1`);
    expect(byNameDesc.body.data[0].name).toBe('Onna Rahman');
  });

  it('answers 422 with the offending fields for bad filters', async () => {
    const badDate = await api('GET', '/attendance/logs?dateFrom=2026-13-45');
    expect(badDate.status).toBe(422);
    expect(badDate.body.error).toMatchObject({ code: 'VALIDATION_ERROR', details: { dateFrom: expect.any(String) } });
    const backwards = await api('GET', '/attendance/logs?dateFrom=2026-02-05&dateTo=2026-02-01');
    expect(backwards.body.error.details).toEqual({ dateTo: expect.stringMatching(/before/) });
    const several = await api('GET', '/attendance/logs?status=sideways&sortBy=mood&pageSize=1000&odooStatus=maybe');
    expect(several.status).toBe(422);
    expect(Object.keys(several.body.error.details).sort()).toEqual(['odooStatus', 'pageSize', 'sortBy', 'status']);
  });
});

describe('GET /attendance/statistics', () => {
  it('counts by attendance day with every day of the range present', async () => {
    const res = await api('GET', '/attendance/statistics?category=day&dateFrom=2026-02-01&dateTo=2026-02-04');
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual([
      { key: '2026-02-01', label: '2026-02-01', present: 0, late: 0, missed: 0, total: 0 },
      { key: DAY, label: DAY, present: 6, late: 6, missed: 3, total: 15 },
      { key: NEXT, label: NEXT, present: 5, late: 0, missed: 0, total: 5 },
      { key: '2026-02-04', label: '2026-02-04', present: 0, late: 0, missed: 0, total: 0 },
    ]);
    const byDefault = await api('GET', `/attendance/statistics?dateFrom=${DAY}&dateTo=${DAY}`);
    expect(byDefault.body.data).toEqual([res.body.data[1]]);
  });

  it('counts by hour of the time in, all 24 hours, leaving missed out', async () => {
    const res = await api('GET', `/attendance/statistics?category=hour&dateFrom=${DAY}&dateTo=${DAY}`);
    expect(res.body.data).toHaveLength(24);
    const hour = (h: string) => res.body.data.find((p: { key: string }) => p.key === h);
    expect(hour('08')).toEqual({ key: '08', label: '08:00', present: 5, late: 0, missed: 0, total: 5 });
    expect(hour('09')).toEqual({ key: '09', label: '09:00', present: 1, late: 6, missed: 0, total: 7 });
    expect(res.body.data.reduce((n: number, p: { total: number }) => n + p.total, 0)).toBe(12);
  });

  it('counts by camera with its name, and applies the log filters', async () => {
    const res = await api('GET', `/attendance/statistics?category=camera&dateFrom=${DAY}&dateTo=${DAY}`);
    expect(res.body.data).toEqual([
      { key: lobby, label: 'Lobby', present: 3, late: 3, missed: 0, total: 6 },
      { key: gate, label: 'Main gate', present: 3, late: 3, missed: 3, total: 9 },
    ]);
    const searched = await api('GET', `/attendance/statistics?category=camera&dateFrom=${DAY}&dateTo=${DAY}&search=khan`);
    expect(searched.body.data.map((p: { label: string; total: number }) => [p.label, p.total])).toEqual([['Lobby', 6], ['Main gate', 1]]);
    const bad = await api('GET', '/attendance/statistics?category=week');
    expect(bad.status).toBe(422);
    expect(bad.body.error.details).toHaveProperty('category');
  });
});

describe('dashboard counters', () => {
  it("shows today's presence cards, overview and live head count", async () => {
    const today = new Date().toISOString().slice(0, 10); // the site zone is UTC here
    await addPerson('NOW-1', 'Nadia Now', 'Sales');
    await addPerson('NOW-2', 'Omar Earlier', 'Sales');
    await recordSighting(sys.system.app, { employeeId: 'NOW-1', cameraId: gate, at: new Date(Date.now() - 60_000), confidence: 0.9 });
    await recordSighting(sys.system.app, { employeeId: 'NOW-2', cameraId: gate, at: new Date(Date.now() - 3 * 3600_000), confidence: 0.9 });
    await sys.db.db.insertInto('detections').values({ id: 'DET-UNKNOWN-1', camera_id: lobby, status: 'unknown', occurred_at: new Date() }).execute();
    await api('PUT', `/cameras/${gate}`, { status: 'online' });

    const cards = await api('GET', '/attendance/records?limit=5');
    expect(cards.status).toBe(200);
    expect(cards.body.data[0]).toMatchObject({ employeeId: 'NOW-1', date: today, status: 'present', department: 'Sales' });
    expect((await api('GET', '/attendance/records?department=Ops')).body.data).toEqual([]);

    const overview = await api('GET', '/attendance/overview');
    const todays = await api('GET', `/attendance/logs?dateFrom=${today}&dateTo=${today}`);
    expect(overview.body.data).toMatchObject({
      date: today, timezone: 'UTC', present: todays.body.summary.present, late: 0, unknowns: 1, activeCameras: 1, totalCameras: 2,
      lastSync: '2026-02-02T18:00:00.000Z',
    });
    expect(overview.body.data.present).toBeGreaterThanOrEqual(1);

    expect((await api('GET', '/attendance/live-count?windowMinutes=120')).body.data).toMatchObject({ count: 1, windowMinutes: 120 });
    expect((await api('GET', '/attendance/live-count?windowMinutes=240')).body.data.count).toBe(2);
    expect((await api('GET', '/attendance/live-count?windowMinutes=2')).status).toBe(422);
  });

  it('counts the Odoo queue, and the alias answers exactly the same', async () => {
    const pendingRows = await api('GET', '/attendance/logs?odooStatus=pending');
    const [failing] = pendingRows.body.data as { id: string }[];
    await sys.db.db.updateTable('attendance_logs').set({ odoo_status: 'failed' }).where('id', '=', failing!.id).execute();
    const pending = await api('GET', '/attendance/pending');
    expect(pending.status).toBe(200);
    expect(pending.body.data).toEqual({ pendingCount: pendingRows.body.summary.total - 1, failedCount: 1 });
    const alias = await api('GET', '/attendance/pending-counts');
    expect(alias.status).toBe(200);
    expect(alias.body).toEqual(pending.body);
  });
});

describe('who may do what', () => {
  it('lets a Viewer read but not write, an Operator write attendance but not shifts, and nobody in without a token', async () => {
    const viewer = await sys.createUser('ROLE-VIEWER');
    const operator = await sys.createUser('ROLE-OPERATOR');
    const record = (await api('GET', `/attendance/logs?dateFrom=${DAY}&dateTo=${DAY}&pageSize=1`)).body.data[0] as { id: string };
    const manual = { employeeId: 'LOG-01', cameraId: gate, timestamp: `${DAY}T08:00:00Z`, status: 'present' };

    for (const path of ['/attendance/logs', '/attendance/records', '/attendance/statistics', '/attendance/overview', '/attendance/live-count', '/attendance/pending', '/shifts']) {
      expect((await api('GET', path, undefined, viewer.token)).status, path).toBe(200);
    }
    expect((await api('POST', '/attendance/manual', manual, viewer.token)).status).toBe(403);
    const forbidden = await api('DELETE', `/attendance/${record.id}`, undefined, viewer.token);
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.code).toBe('AUTH_FORBIDDEN');
    expect((await api('POST', '/shifts', { name: 'Nope', days: ['mon'], start: '08:00', end: '09:00' }, operator.token)).status).toBe(403);
    expect((await api('POST', '/attendance/manual', manual, operator.token)).status).toBe(201);
    expect((await sys.request('GET', '/api/v1/attendance/logs')).status).toBe(401);
  });
});

describe('POST /attendance/manual validation', () => {
  it('answers 422 naming the field for an unknown camera or person, a bad status or a bad or future timestamp', async () => {
    const good = { employeeId: 'LOG-02', cameraId: gate, timestamp: `${DAY}T08:00:00Z`, status: 'present' };
    const cases: [Record<string, unknown>, string][] = [
      [{ cameraId: 'CAM-NOPE' }, 'cameraId'],
      [{ employeeId: 'NOBODY' }, 'employeeId'],
      [{ status: 'sick' }, 'status'],
      [{ timestamp: 'yesterday' }, 'timestamp'],
      [{ timestamp: new Date(Date.now() + 3600_000).toISOString() }, 'timestamp'],
    ];
    for (const [patch, field] of cases) {
      const res = await api('POST', '/attendance/manual', { ...good, ...patch });
      expect(res.status, field).toBe(422);
      expect(Object.keys(res.body.error.details), field).toEqual([field]);
    }
    const empty = await api('POST', '/attendance/manual', {});
    expect(Object.keys(empty.body.error.details).sort()).toEqual(['cameraId', 'employeeId', 'status', 'timestamp']);
  });
});
