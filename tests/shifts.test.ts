/**
 * /api/v1/shifts: shift schedules as an Admin manages them and everyone reads them, the /system/shifts alias,
 * validation, the one-shift-a-day rule, auditing, and which shift judges a person.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordSighting } from '../packages/api/src/attendance/sightings.ts';
import { startTestSystem, type TestSystem } from './support/system.ts';

let sys: TestSystem;
let admin: string;

const api = (method: string, path: string, body?: unknown, token = admin) => sys.request(method, `/api/v1${path}`, { token, ...(body !== undefined ? { body } : {}) });

async function create(body: Record<string, unknown>) {
  const res = await api('POST', '/shifts', body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.data as { id: string } & Record<string, unknown>;
}

const audits = (resourceId: string) => sys.db.db.selectFrom('audit_logs').selectAll().where('resource_type', '=', 'shift').where('resource_id', '=', resourceId).orderBy('at').execute();

beforeAll(async () => {
  sys = await startTestSystem();
  admin = await sys.adminToken();
});
afterAll(() => sys.stop());

describe('managing shifts', () => {
  it('creates a shift with 201, normalising days and departments, and audits it', async () => {
    const res = await api('POST', '/shifts', { name: 'Morning', days: ['fri', 'mon', 'mon'], start: '06:00', end: '14:00', graceMinutes: 10, departments: ['Packing', 'Packing', 'Dock'] });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({
      id: expect.stringMatching(/^SHF-/), name: 'Morning', days: ['mon', 'fri'], start: '06:00', end: '14:00', graceMinutes: 10, departments: ['Packing', 'Dock'],
      crossesMidnight: false, timezone: 'UTC',
    });
    const [entry] = await audits(res.body.data.id as string);
    expect(entry).toMatchObject({ action: 'shift.create', actor_name: 'Administrator', after: expect.objectContaining({ name: 'Morning' }) });
  });

  it('lists shifts by start time, and GET /system/shifts answers exactly like GET /shifts', async () => {
    await create({ name: 'Late', days: ['sat'], start: '23:00', end: '07:00' });
    await create({ name: 'Early', days: ['sat'], start: '04:00', end: '12:00', departments: ['Bakery'] });
    const list = await api('GET', '/shifts');
    expect(list.status).toBe(200);
    const starts = list.body.data.map((s: { start: string }) => s.start);
    expect(starts).toEqual([...starts].sort());
    expect(list.body.data.find((s: { name: string }) => s.name === 'Late')).toMatchObject({ crossesMidnight: true, graceMinutes: 0, departments: [] });
    const alias = await api('GET', '/system/shifts');
    expect(alias.status).toBe(200);
    expect(alias.body).toEqual(list.body);
  });

  it('updates only the fields sent, audits before and after, and deletes with 204', async () => {
    const shift = await create({ name: 'Swing', days: ['tue'], start: '14:00', end: '22:00', departments: ['Swing team'] });
    const res = await api('PUT', `/shifts/${shift.id}`, { graceMinutes: 20, days: ['tue', 'wed'] });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ name: 'Swing', start: '14:00', end: '22:00', graceMinutes: 20, days: ['tue', 'wed'], departments: ['Swing team'] });
    expect(new Date(res.body.data.updatedAt).getTime()).toBeGreaterThanOrEqual(new Date(shift.updatedAt as string).getTime());

    const del = await api('DELETE', `/shifts/${shift.id}`);
    expect(del.status).toBe(204);
    expect((await api('GET', '/shifts')).body.data.some((s: { id: string }) => s.id === shift.id)).toBe(false);
    expect((await audits(shift.id)).map((a) => a.action)).toEqual(['shift.create', 'shift.update', 'shift.delete']);
    const [, update] = await audits(shift.id);
    expect(update).toMatchObject({ before: expect.objectContaining({ graceMinutes: 0 }), after: expect.objectContaining({ graceMinutes: 20 }) });

    for (const method of ['PUT', 'DELETE']) {
      const missing = await api(method, `/shifts/${shift.id}`, method === 'PUT' ? { graceMinutes: 1 } : undefined);
      expect(missing.status, method).toBe(404);
      expect(missing.body.error.code).toBe('NOT_FOUND');
    }
  });
});

describe('validation and the one-shift-a-day rule', () => {
  it('answers 422 naming the field for bad times, days and grace', async () => {
    const good = { name: 'Valid', days: ['mon'], start: '08:00', end: '16:00' };
    const cases: [Record<string, unknown>, string][] = [
      [{ start: '24:00' }, 'start'],
      [{ end: '8am' }, 'end'],
      [{ end: '08:00' }, 'end'],
      [{ days: [] }, 'days'],
      [{ days: ['funday'] }, 'days.0'],
      [{ graceMinutes: -1 }, 'graceMinutes'],
      [{ graceMinutes: 480 }, 'graceMinutes'], // as long as the shift
      [{ name: '  ' }, 'name'],
    ];
    for (const [patch, field] of cases) {
      const res = await api('POST', '/shifts', { ...good, ...patch });
      expect(res.status, field).toBe(422);
      expect(Object.keys(res.body.error.details), field).toEqual([field]);
    }
    const shift = await create({ ...good, name: 'To edit', days: ['sun'] });
    const merged = await api('PUT', `/shifts/${shift.id}`, { end: '08:00' });
    expect(merged.status).toBe(422);
    expect(merged.body.error.details).toHaveProperty('end');
  });

  it('refuses a duplicate name and a second shift for the same department or default on the same weekday (409)', async () => {
    await create({ name: 'Gate day', days: ['mon', 'tue'], start: '08:00', end: '16:00', departments: ['Gate'] });
    await create({ name: 'Default day', days: ['mon', 'tue', 'wed'], start: '09:00', end: '17:00' });

    const dupName = await api('POST', '/shifts', { name: 'GATE DAY', days: ['sun'], start: '08:00', end: '16:00', departments: ['Other'] });
    expect(dupName.status).toBe(409);
    const sameDept = await api('POST', '/shifts', { name: 'Gate night', days: ['tue', 'thu'], start: '20:00', end: '04:00', departments: ['Gate', 'Yard'] });
    expect(sameDept.status).toBe(409);
    expect(sameDept.body.error).toMatchObject({ code: 'CONFLICT', details: { days: ['tue'], departments: ['Gate'] } });
    expect((await api('POST', '/shifts', { name: 'Default 2', days: ['wed'], start: '10:00', end: '18:00' })).status).toBe(409);

    // another weekday, or another department, is fine; so is moving a shift onto free days
    await create({ name: 'Gate weekend', days: ['sat', 'sun'], start: '20:00', end: '04:00', departments: ['Gate'] });
    const night = await create({ name: 'Yard', days: ['tue'], start: '20:00', end: '04:00', departments: ['Yard'] });
    expect((await api('PUT', `/shifts/${night.id}`, { departments: ['Yard', 'Gate'] })).status).toBe(409);
    expect((await api('PUT', `/shifts/${night.id}`, { departments: ['Yard', 'Gate'], days: ['thu'] })).status).toBe(200);
  });
});

describe('which shift judges a person', () => {
  it("uses the department's own shift before the default shift", async () => {
    const cam = (await api('POST', '/cameras', { name: 'Door', streamType: 'HTTP', streamUrl: 'http://10.0.0.3/mjpeg' })).body.data.id as string;
    await sys.db.db.insertInto('face_profiles').values([
      { id: 'FP-G1', employee_id: 'G-1', name: 'Gate Person', department: 'Gate' },
      { id: 'FP-D1', employee_id: 'D-1', name: 'Default Person', department: 'Accounts' },
    ]).execute();
    // Monday 2026-03-02 08:30: the Gate shift started at 08:00 (late); the default one starts at 09:00 (present)
    await recordSighting(sys.system.app, { employeeId: 'G-1', cameraId: cam, at: new Date('2026-03-02T08:30:00Z'), confidence: 0.9 });
    await recordSighting(sys.system.app, { employeeId: 'D-1', cameraId: cam, at: new Date('2026-03-02T08:30:00Z'), confidence: 0.9 });
    const logs = await api('GET', '/attendance/logs?dateFrom=2026-03-02&dateTo=2026-03-02&sortBy=employeeId');
    const shifts = (await api('GET', '/shifts')).body.data as { id: string; name: string }[];
    const shiftName = (id: string) => shifts.find((s) => s.id === id)?.name;
    expect(logs.body.data.map((l: { employeeId: string; status: string; shiftId: string }) => [l.employeeId, l.status, shiftName(l.shiftId)])).toEqual([
      ['D-1', 'present', 'Default day'],
      ['G-1', 'late', 'Gate day'],
    ]);
  });
});

describe('permissions', () => {
  it('lets Viewers and Operators read shifts but only settings:write (Admin) change them', async () => {
    const shift = await create({ name: 'Guarded', days: ['thu'], start: '07:00', end: '15:00', departments: ['Guards'] });
    for (const role of ['ROLE-VIEWER', 'ROLE-OPERATOR']) {
      const user = await sys.createUser(role);
      expect((await api('GET', '/shifts', undefined, user.token)).status, role).toBe(200);
      expect((await api('GET', '/system/shifts', undefined, user.token)).status, role).toBe(200);
      expect((await api('POST', '/shifts', { name: `By ${role}`, days: ['fri'], start: '07:00', end: '15:00' }, user.token)).status, role).toBe(403);
      expect((await api('PUT', `/shifts/${shift.id}`, { graceMinutes: 5 }, user.token)).status, role).toBe(403);
      expect((await api('DELETE', `/shifts/${shift.id}`, undefined, user.token)).status, role).toBe(403);
    }
  });
});
