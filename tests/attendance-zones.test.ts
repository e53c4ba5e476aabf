/**
 * Attendance days in the site's time zone: shifts crossing midnight belong to the day they start, days and
 * hours are site-local while instants stay UTC, and daylight-saving changes move the shift with the clock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordSighting } from '../packages/api/src/attendance/sightings.ts';
import { markMissedAttendance } from '../packages/api/src/attendance/missed.ts';
import { setSiteTimezone } from '../packages/api/src/settings/site.ts';
import { SYSTEM_ACTOR } from '../packages/api/src/core/context.ts';
import { startTestSystem, type TestSystem } from './support/system.ts';

let sys: TestSystem;
let admin: string;
let gate: string;

const api = (method: string, path: string, body?: unknown) => sys.request(method, `/api/v1${path}`, { token: admin, ...(body !== undefined ? { body } : {}) });

async function addPerson(employeeId: string, department: string, registeredAt?: string) {
  await sys.db.db
    .insertInto('face_profiles')
    .values({ id: `FP-${employeeId}`, employee_id: employeeId, name: `Person ${employeeId}`, department, ...(registeredAt ? { created_at: new Date(registeredAt) } : {}) })
    .execute();
}

const sight = (employeeId: string, at: string) => recordSighting(sys.system.app, { employeeId, cameraId: gate, at: new Date(at), confidence: 0.9 });

async function logsOf(employeeId: string) {
  const res = await api('GET', `/attendance/logs?search=${employeeId}&pageSize=50`);
  expect(res.status).toBe(200);
  return (res.body.data as Record<string, unknown>[]).filter((l) => l.employeeId === employeeId);
}

beforeAll(async () => {
  sys = await startTestSystem();
  admin = await sys.adminToken();
  const cam = await api('POST', '/cameras', { name: 'Night gate', streamType: 'HTTP', streamUrl: 'http://10.0.0.7/mjpeg' });
  gate = cam.body.data.id as string;
});
afterAll(() => sys.stop());

describe('a night shift in Asia/Dhaka (UTC+6)', () => {
  beforeAll(async () => {
    expect(await setSiteTimezone(sys.db.db, 'Asia/Dhaka', SYSTEM_ACTOR)).toBe('Asia/Dhaka');
    const res = await api('POST', '/shifts', { name: 'Night', days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], start: '22:00', end: '06:00', graceMinutes: 15, departments: ['Security'] });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ crossesMidnight: true, timezone: 'Asia/Dhaka', start: '22:00', end: '06:00' });
  });

  it('puts a 02:00 sighting on the day the shift started, and extends that record', async () => {
    await addPerson('SEC-1', 'Security');
    await sight('SEC-1', '2026-01-05T16:10:00Z'); // 22:10 Monday, Dhaka: within grace
    await sight('SEC-1', '2026-01-05T20:00:00Z'); // 02:00 Tuesday, Dhaka
    expect(await logsOf('SEC-1')).toEqual([
      expect.objectContaining({ date: '2026-01-05', status: 'present', timeIn: '2026-01-05T16:10:00.000Z', timeOut: '2026-01-05T20:00:00.000Z' }),
    ]);
  });

  it('judges a first sighting after midnight late against the previous evening, until halfway to the next start', async () => {
    await addPerson('SEC-2', 'Security');
    await addPerson('SEC-3', 'Security');
    await addPerson('SEC-4', 'Security');
    await sight('SEC-2', '2026-01-05T20:00:00Z'); // 02:00 Tuesday
    await sight('SEC-3', '2026-01-06T07:59:00Z'); // 13:59 Tuesday: still Monday's night (break 06:00-22:00, halfway 14:00)
    await sight('SEC-4', '2026-01-06T08:00:00Z'); // 14:00 Tuesday: Tuesday's, early for its 22:00 start
    expect(await logsOf('SEC-2')).toEqual([expect.objectContaining({ date: '2026-01-05', status: 'late' })]);
    expect(await logsOf('SEC-3')).toEqual([expect.objectContaining({ date: '2026-01-05', status: 'late' })]);
    expect(await logsOf('SEC-4')).toEqual([expect.objectContaining({ date: '2026-01-06', status: 'present' })]);
  });

  it('dates people without a shift by the site-local calendar, not the UTC one', async () => {
    await addPerson('OFF-1', 'Sales');
    await sight('OFF-1', '2026-01-05T20:30:00Z'); // Monday in UTC, 02:30 Tuesday in Dhaka
    expect(await logsOf('OFF-1')).toEqual([expect.objectContaining({ date: '2026-01-06', status: 'present' })]);
    const byDay = await api('GET', '/attendance/logs?dateFrom=2026-01-06&dateTo=2026-01-06&search=OFF-1');
    expect(byDay.body.summary.total).toBe(1);
  });

  it('groups statistics by the site-local hour of the time in', async () => {
    const res = await api('GET', '/attendance/statistics?category=hour&dateFrom=2026-01-05&dateTo=2026-01-05');
    const hours = Object.fromEntries((res.body.data as { key: string; total: number }[]).map((p) => [p.key, p.total]));
    expect(hours['22']).toBe(1); // SEC-1 at 22:10 local
    expect(hours['02']).toBe(1); // SEC-2 at 02:00 local
    expect(hours['13']).toBe(1); // SEC-3 at 13:59 local
    expect(hours['16']).toBe(0); // 16:10 UTC is not a local hour of anyone
  });

  it('marks a night shift missed once it ended the next morning', async () => {
    await addPerson('SEC-MISS', 'Security', '2025-06-01T00:00:00Z');
    await markMissedAttendance(sys.system.app, { now: new Date('2026-01-12T23:59:00Z'), lookbackDays: 0 }); // 05:59 Tuesday
    expect((await logsOf('SEC-MISS')).filter((l) => l.date === '2026-01-12')).toEqual([]);
    await markMissedAttendance(sys.system.app, { now: new Date('2026-01-13T00:00:00Z'), lookbackDays: 0 }); // 06:00 Tuesday
    expect((await logsOf('SEC-MISS')).filter((l) => l.date === '2026-01-12')).toEqual([expect.objectContaining({ status: 'missed' })]);
  });

  it('reports today in the site zone and refuses a zone nobody knows', async () => {
    const overview = await api('GET', '/attendance/overview');
    const dhakaToday = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Dhaka' }).format(new Date());
    expect(overview.body.data).toMatchObject({ timezone: 'Asia/Dhaka', date: dhakaToday });
    await expect(setSiteTimezone(sys.db.db, 'Mars/Olympus_Mons', SYSTEM_ACTOR)).rejects.toMatchObject({ code: 'VALIDATION_ERROR', details: { timezone: expect.any(String) } });
  });
});

describe('a day shift across a daylight-saving change (America/New_York)', () => {
  beforeAll(async () => {
    await setSiteTimezone(sys.db.db, 'America/New_York', SYSTEM_ACTOR);
    const res = await api('POST', '/shifts', { name: 'Clinic', days: ['mon'], start: '09:00', end: '17:00', graceMinutes: 0, departments: ['Clinic'] });
    expect(res.status).toBe(201);
  });

  it('starts at 09:00 local in winter (14:00 UTC) and in summer (13:00 UTC)', async () => {
    for (const id of ['NY-W-OK', 'NY-W-LATE', 'NY-S-OK', 'NY-S-LATE']) await addPerson(id, 'Clinic');
    await sight('NY-W-OK', '2026-01-05T14:00:00Z');
    await sight('NY-W-LATE', '2026-01-05T14:00:01Z');
    await sight('NY-S-OK', '2026-03-09T13:00:00Z'); // the Monday after clocks moved forward
    await sight('NY-S-LATE', '2026-03-09T13:00:01Z');
    expect((await logsOf('NY-W-OK'))[0]).toMatchObject({ date: '2026-01-05', status: 'present' });
    expect((await logsOf('NY-W-LATE'))[0]).toMatchObject({ status: 'late' });
    expect((await logsOf('NY-S-OK'))[0]).toMatchObject({ date: '2026-03-09', status: 'present' });
    expect((await logsOf('NY-S-LATE'))[0]).toMatchObject({ status: 'late' });
  });
});
