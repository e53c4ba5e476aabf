/**
 * /api/v1/notifications and the alerts.escalate job: each user sees and acts on only their own
 * notifications; critical alerts left unacknowledged notify every active Admin exactly once, whether
 * the job runs as a function or through pg-boss.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '@sentinel/db';
import type { Envelope } from '@sentinel/api';
import { raiseAlert, type RaiseAlertInput } from '../packages/api/src/alerts/service.ts';
import { escalateAlerts } from '../packages/api/src/alerts/escalation.ts';
import { notifyUsers } from '../packages/api/src/notifications/service.ts';
import { startTestSystem, type TestSystem } from './support/system.ts';

// the configured threshold (used by the pg-boss worker and its cron); direct calls pass a smaller one
const ESCALATE_AFTER_MINUTES = 60;
const ESCALATE_QUEUE = 'alerts.escalate';

let sys: TestSystem;
let admin: string;
let adminId: string;
let secondAdmin: { id: string; token: string };
let disabledAdminId: string;
let operator: { id: string; token: string };
let viewer: { id: string; token: string };
const events: Envelope[] = [];

beforeAll(async () => {
  sys = await startTestSystem({ ALERT_ESCALATE_AFTER_MINUTES: String(ESCALATE_AFTER_MINUTES) });
  admin = await sys.adminToken();
  adminId = (await sys.request('GET', '/api/v1/auth/me', { token: admin })).body.data.user.id;
  secondAdmin = await sys.createUser('ROLE-ADMIN');
  disabledAdminId = (await sys.createUser('ROLE-ADMIN')).id;
  expect((await sys.request('PUT', `/api/v1/users/${disabledAdminId}`, { token: admin, body: { status: 'disabled' } })).status).toBe(200);
  operator = await sys.createUser('ROLE-OPERATOR');
  viewer = await sys.createUser('ROLE-VIEWER');
  sys.system.app.events.subscribe((e) => events.push(e));
});
afterAll(() => sys.stop());

const api = (method: string, path: string, token: string, body?: unknown) =>
  sys.request(method, `/api/v1${path}`, { token, ...(body !== undefined ? { body } : {}) });

let seq = 0;
async function criticalAlert(ageMinutes: number, fields: Partial<RaiseAlertInput> = {}) {
  seq += 1;
  const { alert } = await raiseAlert(sys.system.app, { level: 'critical', type: 'camera-offline', title: `Camera down #${seq}`, message: 'no frames', ...fields });
  await sys.db.db.updateTable('alerts').set({ created_at: sql<Date>`now() - make_interval(mins => ${ageMinutes})` }).where('id', '=', alert.id).execute();
  return alert;
}

async function notificationsFor(alertId: string) {
  return sys.db.db.selectFrom('notifications').select(['user_id', 'id']).where('alert_id', '=', alertId).orderBy('user_id').execute();
}

async function until<T>(read: () => Promise<T>, done: (v: T) => boolean, timeoutMs = 25_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (done(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('escalation of unacknowledged critical alerts', () => {
  it('notifies each active Admin exactly once, and a second run adds nothing', async () => {
    const alert = await criticalAlert(5);
    const first = await escalateAlerts(sys.system.app, { afterMinutes: 2 });
    expect(first).toEqual({ alerts: 1, notifications: 2 });
    const rows = await notificationsFor(alert.id);
    expect(rows.map((r) => r.user_id).sort()).toEqual([adminId, secondAdmin.id].sort());
    expect(await escalateAlerts(sys.system.app, { afterMinutes: 2 })).toEqual({ alerts: 0, notifications: 0 });
    expect(await notificationsFor(alert.id)).toHaveLength(2);

    const listed = await api('GET', '/notifications', admin);
    expect(listed.status).toBe(200);
    const mine = listed.body.data.filter((n: { alertId: string }) => n.alertId === alert.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ level: 'critical', acknowledged: false, acknowledgedAt: null });
    expect(mine[0].title).toContain(alert.title);
    expect((await api('GET', `/alerts/${alert.id}`, admin)).body.data.escalatedAt).toMatch(/Z$/);

    for (const user of [operator, viewer]) expect((await api('GET', '/notifications', user.token)).body.data).toEqual([]);
    const audit = await sys.db.db.selectFrom('audit_logs').selectAll().where('resource_id', '=', alert.id).where('action', '=', 'alert.escalate').execute();
    expect(audit).toHaveLength(1);
  });

  it('publishes each new notification to its own user only', async () => {
    const alert = await criticalAlert(5);
    await escalateAlerts(sys.system.app, { afterMinutes: 2 });
    const published = await until(
      () => Promise.resolve(events.filter((e) => e.event.type === 'notification' && e.event.notification.alertId === alert.id)),
      (list) => list.length >= 2,
      5000,
    );
    expect(published.map((e) => e.userId).sort()).toEqual([adminId, secondAdmin.id].sort());
    expect(published.every((e) => e.channel === 'notifications')).toBe(true);
  });

  it('leaves young, non-critical, acknowledged, muted, cleared and resolved alerts alone', async () => {
    const young = await criticalAlert(1);
    const warning = await criticalAlert(30, { level: 'warning' });
    const acked = await criticalAlert(30);
    await api('POST', `/alerts/${acked.id}/acknowledge`, admin);
    const muted = await criticalAlert(30);
    await api('POST', `/alerts/${muted.id}/mute`, admin, { durationMinutes: 10 });
    const cleared = await criticalAlert(30);
    await api('DELETE', `/alerts/${cleared.id}`, admin);
    const resolved = await criticalAlert(30, { cameraId: null, type: 'provider-down' });
    await sys.db.db.updateTable('alerts').set({ resolved_at: new Date() }).where('id', '=', resolved.id).execute();
    await escalateAlerts(sys.system.app, { afterMinutes: 2 });
    for (const a of [young, warning, acked, muted, cleared, resolved]) expect(await notificationsFor(a.id), a.title).toEqual([]);
  });

  it('runs as the alerts.escalate pg-boss job, with the same once-per-Admin guarantee', async () => {
    const alert = await criticalAlert(ESCALATE_AFTER_MINUTES + 5);
    expect(await sys.system.app.jobs.send(ESCALATE_QUEUE, {})).toBeTruthy();
    const rows = await until(() => notificationsFor(alert.id), (r) => r.length >= 2);
    expect(rows.map((r) => r.user_id).sort()).toEqual([adminId, secondAdmin.id].sort());
    await sys.system.app.jobs.send(ESCALATE_QUEUE, {});
    await escalateAlerts(sys.system.app);
    await new Promise((r) => setTimeout(r, 3000)); // let the second job run
    expect(await notificationsFor(alert.id)).toHaveLength(2);
    expect(rows.some((r) => r.user_id === disabledAdminId || r.user_id === operator.id)).toBe(false);
  });
});

describe('each user sees and acts on only their own notifications', () => {
  it('keeps users apart: another user\'s id answers 404 for acknowledge and delete', async () => {
    const [own] = await notifyUsers(sys.system.app, [{ userId: operator.id, level: 'info', title: 'Export ready', message: 'attendance.csv' }]);
    const [others] = await notifyUsers(sys.system.app, [{ userId: viewer.id, level: 'warning', title: 'For the viewer', message: 'private' }]);
    const list = await api('GET', '/notifications', operator.token);
    expect(list.body.data.map((n: { id: string }) => n.id)).toEqual([own!.id]);
    expect(list.body.data[0]).toMatchObject({ title: 'Export ready', alertId: null, acknowledged: false });
    expect(list.body.meta).toMatchObject({ page: 1, total: 1 });

    for (const [method, path] of [['POST', `/notifications/${others!.id}/acknowledge`], ['DELETE', `/notifications/${others!.id}`]] as const) {
      const r = await api(method, path, operator.token);
      expect(r.status, `${method} ${path}`).toBe(404);
      expect(r.body.error.code).toBe('NOT_FOUND');
    }
    const theirs = await api('GET', '/notifications', viewer.token);
    expect(theirs.body.data).toEqual([expect.objectContaining({ id: others!.id, acknowledged: false })]);
  });

  it('acknowledges (idempotently), filters by acknowledged, dismisses with 204 and then answers 404', async () => {
    const [n] = await notifyUsers(sys.system.app, [{ userId: secondAdmin.id, level: 'warning', title: 'Disk almost full', message: '91%' }]);
    const ack = await api('POST', `/notifications/${n!.id}/acknowledge`, secondAdmin.token);
    expect(ack.status).toBe(200);
    expect(ack.body.data).toMatchObject({ id: n!.id, acknowledged: true });
    expect(ack.body.data.acknowledgedAt).toMatch(/Z$/);
    expect((await api('POST', `/notifications/${n!.id}/acknowledge`, secondAdmin.token)).body.data.acknowledgedAt).toBe(ack.body.data.acknowledgedAt);

    const acked = await api('GET', '/notifications?acknowledged=true', secondAdmin.token);
    expect(acked.body.data.map((x: { id: string }) => x.id)).toEqual([n!.id]);
    const open = await api('GET', '/notifications?acknowledged=false', secondAdmin.token);
    expect(open.body.data.some((x: { id: string }) => x.id === n!.id)).toBe(false);

    const del = await api('DELETE', `/notifications/${n!.id}`, secondAdmin.token);
    expect(del.status).toBe(204);
    expect((await api('GET', '/notifications?pageSize=200', secondAdmin.token)).body.data.some((x: { id: string }) => x.id === n!.id)).toBe(false);
    expect((await api('DELETE', `/notifications/${n!.id}`, secondAdmin.token)).status).toBe(404);
    expect((await api('POST', `/notifications/${n!.id}/acknowledge`, secondAdmin.token)).status).toBe(404);
    const audits = await sys.db.db.selectFrom('audit_logs').select('action').where('resource_id', '=', n!.id).orderBy('at').execute();
    expect(audits.map((a) => a.action)).toEqual(['notification.acknowledge', 'notification.dismiss']);
  });

  it('paginates newest first', async () => {
    const user = await sys.createUser('ROLE-VIEWER');
    for (const title of ['one', 'two', 'three']) await notifyUsers(sys.system.app, [{ userId: user.id, level: 'info', title, message: '' }]);
    const page = await api('GET', '/notifications?page=1&pageSize=2', user.token);
    expect(page.body.meta).toEqual({ page: 1, pageSize: 2, total: 3, totalPages: 2 });
    expect(page.body.data.map((n: { title: string }) => n.title)).toEqual(['three', 'two']);
  });

  it('needs a session, and refuses bad queries with 422 and unknown ids with 404', async () => {
    expect((await sys.request('GET', '/api/v1/notifications')).status).toBe(401);
    expect((await api('GET', '/notifications?acknowledged=perhaps', admin)).status).toBe(422);
    expect((await api('GET', '/notifications?pageSize=0', admin)).status).toBe(422);
    expect((await api('POST', '/notifications/NTF-NOPE/acknowledge', admin)).status).toBe(404);
    expect((await api('DELETE', '/notifications/NTF-NOPE', admin)).status).toBe(404);
  });
});
