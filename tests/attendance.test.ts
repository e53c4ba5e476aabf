/**
 * How attendance records are made: sightings open and extend a person's day, late vs present against the
 * shift, de-duplication, manual entries winning, voids, and the mark-missed job. Sightings go through the
 * service the detection pipeline will call; everything is checked the way a client sees it, over HTTP.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { QUEUES } from '../packages/jobs/src/queues.ts';
import { recordSighting } from '../packages/api/src/attendance/sightings.ts';
import { markMissedAttendance } from '../packages/api/src/attendance/missed.ts';
import { setDedupeWindowSeconds } from '../packages/api/src/attendance/settings.ts';
import { SYSTEM_ACTOR } from '../packages/api/src/core/context.ts';
import { startTestSystem, type TestSystem } from './support/system.ts';

let sys: TestSystem;
let admin: string;
let gate: string;
let lobby: string;

const api = (method: string, path: string, body?: unknown, token = admin) => sys.request(method, `/api/v1${path}`, { token, ...(body !== undefined ? { body } : {}) });

async function addCamera(name: string): Promise<string> {
  const res = await api('POST', '/cameras', { name, location: 'HQ', streamType: 'HTTP', streamUrl: 'http://10.0.0.9/mjpeg' });
  expect(res.status).toBe(201);
  return res.body.data.id as string;
}

/** Registers a person the way the faces API would; `registeredAt` matters to the missed job only. */
async function addPerson(employeeId: string, department: string, registeredAt?: string) {
  await sys.db.db
    .insertInto('face_profiles')
    .values({ id: `FP-${employeeId}`, employee_id: employeeId, name: `Person ${employeeId}`, department, ...(registeredAt ? { created_at: new Date(registeredAt) } : {}) })
    .execute();
}

async function addShift(body: Record<string, unknown>) {
  const res = await api('POST', '/shifts', body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.data as { id: string };
}

const sight = (employeeId: string, cameraId: string, at: string, confidence = 0.91) => recordSighting(sys.system.app, { employeeId, cameraId, at: new Date(at), confidence });

/** The person's live records as GET /attendance/logs lists them (newest day first). */
async function logsOf(employeeId: string, extra = '') {
  const res = await api('GET', `/attendance/logs?search=${encodeURIComponent(employeeId)}&pageSize=50${extra}`);
  expect(res.status).toBe(200);
  return (res.body.data as { employeeId: string }[]).filter((l) => l.employeeId === employeeId) as Record<string, unknown>[];
}

async function dayOf(employeeId: string, date: string) {
  const logs = await logsOf(employeeId, `&dateFrom=${date}&dateTo=${date}`);
  expect(logs.length).toBeLessThanOrEqual(1);
  return logs[0];
}

const detectionsOf = async (employeeId: string) =>
  (await sys.db.db.selectFrom('detections').select('id').where('employee_id', '=', employeeId).execute()).length;

beforeAll(async () => {
  sys = await startTestSystem();
  admin = await sys.adminToken();
  gate = await addCamera('Main gate');
  lobby = await addCamera('Lobby');
  // Monday 2026-01-05 is the reference day; the site zone is UTC in this file
  await addShift({ name: 'Office', days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:00', graceMinutes: 10, departments: ['Engineering'] });
});
afterAll(() => sys.stop());

describe('sightings open and extend the day', () => {
  it('opens the record with the first sighting, moves the time out with later ones, and takes an earlier late-arriving one as time in', async () => {
    await addPerson('SEEN-1', 'Sales');
    const first = await sight('SEEN-1', gate, '2026-01-05T08:40:00Z', 0.97);
    expect(first.outcome).toBe('opened');
    expect(await dayOf('SEEN-1', '2026-01-05')).toMatchObject({
      date: '2026-01-05', timeIn: '2026-01-05T08:40:00.000Z', timeOut: null, cameraId: gate, cameraName: 'Main gate', accuracy: expect.closeTo(0.97, 5),
      status: 'present', source: 'auto', odooStatus: 'pending', name: 'Person SEEN-1', department: 'Sales',
    });
    await sight('SEEN-1', lobby, '2026-01-05T12:00:00Z');
    await sight('SEEN-1', gate, '2026-01-05T17:30:00Z');
    expect(await dayOf('SEEN-1', '2026-01-05')).toMatchObject({ timeIn: '2026-01-05T08:40:00.000Z', timeOut: '2026-01-05T17:30:00.000Z', cameraId: gate });
    // the pipeline delivers an older frame late: it becomes the time in, on its camera
    expect((await sight('SEEN-1', lobby, '2026-01-05T08:20:00Z')).outcome).toBe('updated');
    expect(await dayOf('SEEN-1', '2026-01-05')).toMatchObject({ timeIn: '2026-01-05T08:20:00.000Z', timeOut: '2026-01-05T17:30:00.000Z', cameraId: lobby, cameraName: 'Lobby' });
    // a sighting between time in and time out is kept for history but changes nothing
    expect((await sight('SEEN-1', gate, '2026-01-05T15:00:00Z')).outcome).toBe('unchanged');
    expect(await detectionsOf('SEEN-1')).toBe(5);
    // the next day is a new record
    await sight('SEEN-1', gate, '2026-01-06T08:00:00Z');
    expect((await logsOf('SEEN-1')).map((l) => l.date)).toEqual(['2026-01-06', '2026-01-05']);
  });

  it('refuses sightings of unknown people and cameras, and records but does not track inactive people', async () => {
    await expect(sight('NOBODY', gate, '2026-01-05T09:00:00Z')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await addPerson('GONE-1', 'Sales');
    await expect(sight('GONE-1', 'CAM-NOPE', '2026-01-05T09:00:00Z')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await sys.db.db.updateTable('face_profiles').set({ status: 'inactive' }).where('employee_id', '=', 'GONE-1').execute();
    expect((await sight('GONE-1', gate, '2026-01-05T09:00:00Z')).outcome).toBe('untracked');
    expect(await detectionsOf('GONE-1')).toBe(1);
    expect(await logsOf('GONE-1')).toEqual([]);
  });
});

describe('late or present against the shift', () => {
  it('is present up to shift start + grace and late after it', async () => {
    for (const id of ['EARLY-1', 'EDGE-1', 'LATE-1']) await addPerson(id, 'Engineering');
    await sight('EARLY-1', gate, '2026-01-05T08:55:00Z');
    await sight('EDGE-1', gate, '2026-01-05T09:10:00Z'); // exactly start + grace
    await sight('LATE-1', gate, '2026-01-05T09:10:01Z');
    expect(await dayOf('EARLY-1', '2026-01-05')).toMatchObject({ status: 'present', shiftId: expect.stringMatching(/^SHF-/) });
    expect(await dayOf('EDGE-1', '2026-01-05')).toMatchObject({ status: 'present' });
    expect(await dayOf('LATE-1', '2026-01-05')).toMatchObject({ status: 'late' });
  });

  it('judges the day again when an earlier sighting arrives late', async () => {
    await addPerson('REJUDGE-1', 'Engineering');
    await sight('REJUDGE-1', gate, '2026-01-05T09:40:00Z');
    expect(await dayOf('REJUDGE-1', '2026-01-05')).toMatchObject({ status: 'late' });
    await sight('REJUDGE-1', lobby, '2026-01-05T09:02:00Z');
    expect(await dayOf('REJUDGE-1', '2026-01-05')).toMatchObject({ status: 'present', timeIn: '2026-01-05T09:02:00.000Z', timeOut: '2026-01-05T09:40:00.000Z' });
  });

  it('is always present without a shift: another department, or a day the shift does not run', async () => {
    await addPerson('NOSHIFT-1', 'Sales');
    await addPerson('WEEKEND-1', 'Engineering');
    await sight('NOSHIFT-1', gate, '2026-01-05T23:00:00Z');
    await sight('WEEKEND-1', gate, '2026-01-10T15:00:00Z'); // a Saturday
    expect(await dayOf('NOSHIFT-1', '2026-01-05')).toMatchObject({ status: 'present', shiftId: null });
    expect(await dayOf('WEEKEND-1', '2026-01-10')).toMatchObject({ status: 'present', shiftId: null });
  });
});

describe('de-duplication', () => {
  it('drops a repeat on the same camera within the window, keeps one on another camera, and follows the setting', async () => {
    await addPerson('DUP-1', 'Sales');
    await sight('DUP-1', gate, '2026-01-05T10:00:00Z');
    const repeat = await sight('DUP-1', gate, '2026-01-05T10:00:59Z');
    expect(repeat).toMatchObject({ outcome: 'duplicate', detectionId: null, log: null });
    expect(await dayOf('DUP-1', '2026-01-05')).toMatchObject({ timeOut: null });
    expect((await sight('DUP-1', lobby, '2026-01-05T10:00:30Z')).outcome).toBe('updated');
    expect((await sight('DUP-1', gate, '2026-01-05T10:01:01Z')).outcome).toBe('updated'); // outside the 60 s default
    expect(await detectionsOf('DUP-1')).toBe(3);

    await setDedupeWindowSeconds(sys.db.db, 300, SYSTEM_ACTOR);
    try {
      expect((await sight('DUP-1', gate, '2026-01-05T10:05:00Z')).outcome).toBe('duplicate');
      expect((await sight('DUP-1', gate, '2026-01-05T10:06:02Z')).outcome).toBe('updated');
    } finally {
      await setDedupeWindowSeconds(sys.db.db, 60, SYSTEM_ACTOR);
    }
    expect(await dayOf('DUP-1', '2026-01-05')).toMatchObject({ timeOut: '2026-01-05T10:06:02.000Z' });
  });
});

describe('manual entries', () => {
  it('override the cameras, keep the record id, are audited, and later sightings only extend the time out', async () => {
    await addPerson('MAN-1', 'Engineering');
    await sight('MAN-1', gate, '2026-01-05T09:30:00Z', 0.88);
    const auto = await dayOf('MAN-1', '2026-01-05');
    expect(auto).toMatchObject({ status: 'late', source: 'auto' });

    const res = await api('POST', '/attendance/manual', { employeeId: 'MAN-1', cameraId: lobby, timestamp: '2026-01-05T09:00:00Z', status: 'present', note: 'badge reader log' });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({
      id: auto!.id, status: 'present', source: 'manual', timeIn: '2026-01-05T09:00:00.000Z', timeOut: '2026-01-05T09:30:00.000Z', cameraId: lobby,
      accuracy: null, note: 'badge reader log', odooStatus: 'pending', date: '2026-01-05',
    });
    const [audit] = await sys.db.db.selectFrom('audit_logs').selectAll().where('action', '=', 'attendance.manual').where('resource_id', '=', auto!.id as string).execute();
    expect(audit).toMatchObject({ actor_name: 'Administrator', before: expect.objectContaining({ status: 'late' }), after: expect.objectContaining({ status: 'present', source: 'manual' }) });

    // earlier sightings cannot move a manual time in or status; later ones still move the time out
    expect((await sight('MAN-1', gate, '2026-01-05T08:30:00Z')).outcome).toBe('unchanged');
    expect((await sight('MAN-1', gate, '2026-01-05T18:00:00Z')).outcome).toBe('updated');
    expect(await dayOf('MAN-1', '2026-01-05')).toMatchObject({ status: 'present', source: 'manual', timeIn: '2026-01-05T09:00:00.000Z', timeOut: '2026-01-05T18:00:00.000Z', cameraId: lobby });
  });

  it('can open a day the cameras missed, and a manual missed is final', async () => {
    await addPerson('MAN-2', 'Engineering');
    const opened = await api('POST', '/attendance/manual', { employeeId: 'MAN-2', cameraId: gate, timestamp: '2026-01-06T09:20:00Z', status: 'late' });
    expect(opened.status).toBe(201);
    expect(opened.body.data).toMatchObject({ date: '2026-01-06', status: 'late', source: 'manual', timeIn: '2026-01-06T09:20:00.000Z' });

    await sight('MAN-2', gate, '2026-01-07T09:00:00Z');
    const missed = await api('POST', '/attendance/manual', { employeeId: 'MAN-2', cameraId: gate, timestamp: '2026-01-07T12:00:00Z', status: 'missed', note: 'sighting was a look-alike' });
    expect(missed.body.data).toMatchObject({ date: '2026-01-07', status: 'missed', timeIn: null, timeOut: null });
    expect((await sight('MAN-2', lobby, '2026-01-07T15:00:00Z')).outcome).toBe('unchanged');
    expect(await dayOf('MAN-2', '2026-01-07')).toMatchObject({ status: 'missed', timeIn: null, timeOut: null });
  });
});

describe('voiding', () => {
  it('hides the record from lists and counts, audits it, answers 404 afterwards, and lets a new sighting open the day again', async () => {
    await addPerson('VOID-1', 'Sales');
    await sight('VOID-1', gate, '2026-01-08T08:00:00Z');
    const record = await dayOf('VOID-1', '2026-01-08');
    const before = await api('GET', '/attendance/logs?dateFrom=2026-01-08&dateTo=2026-01-08');

    const res = await api('DELETE', `/attendance/${record!.id as string}`);
    expect(res.status).toBe(204);
    expect(res.body).toBe('');
    expect(await dayOf('VOID-1', '2026-01-08')).toBeUndefined();
    const after = await api('GET', '/attendance/logs?dateFrom=2026-01-08&dateTo=2026-01-08');
    expect(after.body.summary.total).toBe(before.body.summary.total - 1);
    const stats = await api('GET', '/attendance/statistics?category=day&dateFrom=2026-01-08&dateTo=2026-01-08');
    expect(stats.body.data[0].total).toBe(after.body.summary.total);
    const audit = await sys.db.db.selectFrom('audit_logs').selectAll().where('action', '=', 'attendance.void').where('resource_id', '=', record!.id as string).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ severity: 'warning', before: expect.objectContaining({ employeeId: 'VOID-1' }) });

    expect((await api('DELETE', `/attendance/${record!.id as string}`)).status).toBe(404);
    expect((await api('DELETE', '/attendance/ATT-NOPE')).body).toMatchObject({ success: false, error: { code: 'NOT_FOUND' } });

    await sight('VOID-1', gate, '2026-01-08T16:00:00Z');
    expect(await dayOf('VOID-1', '2026-01-08')).toMatchObject({ timeIn: '2026-01-08T16:00:00.000Z' });
    expect((await dayOf('VOID-1', '2026-01-08'))!.id).not.toBe(record!.id);
  });
});

describe('live events', () => {
  it('announces recorded and voided records on the attendance channel, after they are committed', async () => {
    await addPerson('LIVE-1', 'Sales');
    const events: Record<string, unknown>[] = [];
    const unsubscribe = sys.system.app.events.subscribe((envelope) => {
      if (envelope.channel === 'attendance') events.push(envelope.event);
    });
    try {
      const { log } = await sight('LIVE-1', gate, '2026-01-09T08:00:00Z');
      await vi.waitFor(() => expect(events).toContainEqual({ type: 'attendance', log: expect.objectContaining({ id: log!.id, cameraId: gate, change: 'recorded' }) }));
      // what a listener reads back is already stored
      expect(await dayOf('LIVE-1', '2026-01-09')).toMatchObject({ id: log!.id });
      await api('DELETE', `/attendance/${log!.id}`);
      await vi.waitFor(() => expect(events).toContainEqual({ type: 'attendance', log: expect.objectContaining({ id: log!.id, change: 'voided' }) }));
    } finally {
      unsubscribe();
    }
  });
});

describe('the mark-missed job', () => {
  it('marks only registered people of an ended shift who were never seen', async () => {
    await addShift({ name: 'Assembly', days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '08:00', end: '16:00', graceMinutes: 5, departments: ['Assembly'] });
    await addPerson('ASM-ABSENT', 'Assembly', '2025-06-01T00:00:00Z');
    await addPerson('ASM-SEEN', 'Assembly', '2025-06-01T00:00:00Z');
    await addPerson('ASM-NEW', 'Assembly', '2026-01-12T10:00:00Z'); // enrolled after Monday's shift had started
    await addPerson('ASM-VOIDED', 'Assembly', '2025-06-01T00:00:00Z');
    await addPerson('OTHER-1', 'Sales', '2025-06-01T00:00:00Z'); // no shift: never missed
    await sight('ASM-SEEN', gate, '2026-01-12T07:55:00Z');
    await sight('ASM-VOIDED', gate, '2026-01-12T08:00:00Z');
    await api('DELETE', `/attendance/${(await dayOf('ASM-VOIDED', '2026-01-12'))!.id as string}`);

    // Monday 15:59: the shift has not ended yet
    await markMissedAttendance(sys.system.app, { now: new Date('2026-01-12T15:59:00Z'), lookbackDays: 0 });
    expect(await dayOf('ASM-ABSENT', '2026-01-12')).toBeUndefined();

    await markMissedAttendance(sys.system.app, { now: new Date('2026-01-12T16:00:00Z'), lookbackDays: 0 });
    expect(await dayOf('ASM-ABSENT', '2026-01-12')).toMatchObject({ status: 'missed', timeIn: null, timeOut: null, source: 'auto', odooStatus: 'pending' });
    expect(await dayOf('ASM-SEEN', '2026-01-12')).toMatchObject({ status: 'present' });
    expect(await dayOf('ASM-NEW', '2026-01-12')).toBeUndefined();
    expect(await dayOf('ASM-VOIDED', '2026-01-12')).toBeUndefined();
    expect(await dayOf('OTHER-1', '2026-01-12')).toBeUndefined();

    // running again changes nothing; a late sighting turns the missed day into a late one
    const again = await markMissedAttendance(sys.system.app, { now: new Date('2026-01-12T17:00:00Z'), lookbackDays: 0 });
    expect(again.marked).toBe(0);
    await sight('ASM-ABSENT', lobby, '2026-01-12T16:30:00Z');
    expect(await dayOf('ASM-ABSENT', '2026-01-12')).toMatchObject({ status: 'late', timeIn: '2026-01-12T16:30:00.000Z', cameraId: lobby });
  });

  it('runs as the scheduled queue job', async () => {
    await addShift({ name: 'Warehouse', days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], start: '05:00', end: '06:00', departments: ['Warehouse'] });
    await addPerson('WH-1', 'Warehouse', '2025-06-01T00:00:00Z');
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10); // the site zone is UTC here
    expect(await sys.system.app.jobs.send(QUEUES.attendanceMarkMissed.name, {})).toEqual(expect.any(String));
    const deadline = Date.now() + 20_000;
    let record: Record<string, unknown> | undefined;
    while (!record && Date.now() < deadline) {
      record = await dayOf('WH-1', yesterday);
      if (!record) await new Promise((r) => setTimeout(r, 250));
    }
    expect(record).toMatchObject({ status: 'missed', date: yesterday });
  });
});
