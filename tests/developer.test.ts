/**
 * /api/v1/developer as an Admin's console sees it: Admin only, the catalogue, in-process invocation with
 * the caller's own permissions, redaction, the allowlisted proxy, demo data sets, sanitized system info,
 * job queues, the rate limit and the audit trail.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_QUEUES } from '../packages/jobs/src/queues.ts';
import { invokeEndpoint } from '../packages/api/src/developer/invoke.ts';
import { startTestSystem, type TestSystem } from './support/system.ts';
import { ADMIN_PASSWORD, ADMIN_USERNAME, testConfig } from './support/config.ts';

const DEV = '/api/v1/developer';
const SECRET_FIELD = 'sk-live-0123456789abcdef';

let sys: TestSystem;
let admin: string;
let operator: { id: string; token: string };
let viewer: { id: string; token: string };
let fake: http.Server;
let fakeUrl: string;

/** An outside HTTP service for the proxy: an echo with secrets, redirects, a slow and a huge answer. */
function startFakeService(): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const path = req.url ?? '/';
    if (path === '/allowed/echo') {
      res.setHeader('Set-Cookie', 'session=abc123; HttpOnly');
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ method: req.method, authorization: req.headers.authorization ?? null, note: `called with ${req.headers.authorization}`, apiKey: SECRET_FIELD, stream: 'rtsp://cam:hunter22@10.0.0.9/live', ok: true }));
    } else if (path === '/allowed/hop') {
      res.writeHead(302, { Location: '/allowed/echo' }).end();
    } else if (path === '/allowed/escape') {
      res.writeHead(302, { Location: '/private/admin' }).end();
    } else if (path === '/allowed/slow') {
      setTimeout(() => res.end('late'), 3000).unref();
    } else if (path === '/allowed/huge') {
      res.setHeader('Content-Type', 'text/plain');
      res.end('x'.repeat(200_000));
    } else {
      res.writeHead(404).end('not here');
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

beforeAll(async () => {
  fake = await startFakeService();
  fakeUrl = `http://127.0.0.1:${(fake.address() as AddressInfo).port}`;
  sys = await startTestSystem({
    DEVELOPER_RATE_LIMIT: '1000',
    DEVELOPER_PROXY_ALLOWLIST: `self, ${fakeUrl}/allowed`,
    DEVELOPER_PROXY_TIMEOUT_MS: '1000',
    DEVELOPER_PROXY_MAX_BYTES: '100000',
  });
  admin = await sys.adminToken();
  operator = await sys.createUser('ROLE-OPERATOR');
  viewer = await sys.createUser('ROLE-VIEWER');
});
afterAll(async () => {
  await sys.stop();
  fake.closeAllConnections();
  await new Promise((r) => fake.close(r));
});

const dev = (method: string, path: string, body?: unknown, token = admin) => sys.request(method, `${DEV}${path}`, { token, ...(body !== undefined ? { body } : {}) });
const api = (method: string, path: string, body?: unknown, token = admin) => sys.request(method, `/api/v1${path}`, { token, ...(body !== undefined ? { body } : {}) });
const invoke = (id: string, body: Record<string, unknown> = {}, token = admin) => dev('POST', `/endpoints/${id}/invoke`, body, token);
const proxy = (body: Record<string, unknown>) => dev('POST', '/proxy', body);

const EVERY_ENDPOINT: [string, string, unknown?][] = [
  ['GET', '/endpoints'],
  ['POST', '/endpoints/cameras-list/invoke', {}],
  ['POST', '/proxy', { target: '/api/v1/cameras', method: 'GET' }],
  ['GET', '/mocks'],
  ['PUT', '/mocks', { sets: { demo: true } }],
  ['GET', '/system'],
  ['GET', '/jobs'],
];

describe('access', () => {
  it('answers 403 to an Operator and a Viewer, and 401 without a token, on every developer endpoint', async () => {
    for (const [method, path, body] of EVERY_ENDPOINT) {
      for (const who of [operator, viewer]) {
        const r = await dev(method, path, body, who.token);
        expect(r.status, `${method} ${path}`).toBe(403);
        expect(r.body.error.code).toBe('AUTH_FORBIDDEN');
      }
      const anonymous = await sys.request(method, `${DEV}${path}`, body !== undefined ? { body } : {});
      expect(anonymous.status, `${method} ${path}`).toBe(401);
    }
    expect((await dev('GET', '/mocks')).body.data.find((s: { id: string }) => s.id === 'demo').loaded).toBe(false);
  });
});

describe('catalogue', () => {
  it('lists every REST endpoint from the OpenAPI document with a stable id, label and sample payload', async () => {
    const r = await dev('GET', '/endpoints');
    expect(r.status).toBe(200);
    const list = r.body.data as { id: string; method: string; path: string; label: string; samplePayload: unknown; permission: string | null; pathParams: string[] }[];
    const cameras = list.find((e) => e.method === 'GET' && e.path === '/api/v1/cameras');
    expect(cameras).toMatchObject({ id: 'cameras-list', permission: 'cameras:read', samplePayload: { page: 1, pageSize: 20 } });
    expect(cameras?.label.length).toBeGreaterThan(0);
    const create = list.find((e) => e.method === 'POST' && e.path === '/api/v1/cameras');
    expect(create?.samplePayload).toMatchObject({ name: expect.any(String), streamType: expect.any(String) });
    expect(list.find((e) => e.path === '/api/v1/cameras/{id}' && e.method === 'GET')?.pathParams).toEqual(['id']);
    expect(list.find((e) => e.id === 'auth-login')).toMatchObject({ authenticated: false, samplePayload: { username: expect.any(String), password: expect.any(String) } });
    expect(new Set(list.map((e) => e.id)).size).toBe(list.length);
    expect(list.some((e) => e.path.startsWith('/api/v1/developer'))).toBe(false);
  });
});

describe('invoke', () => {
  it('runs GET /cameras in-process and returns the status, headers and the envelope body', async () => {
    await api('POST', '/cameras', { name: 'Invoke cam', location: 'Lab', streamType: 'RTSP', streamUrl: 'rtsp://viewer:cam-pass-99@10.0.0.7/live' });
    const r = await invoke('cameras-list', { query: { pageSize: 5, search: 'Invoke' } });
    expect(r.status).toBe(200);
    const reply = r.body.data;
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toContain('application/json');
    expect(reply.headers['x-request-id']).toEqual(expect.any(String));
    expect(reply.body).toMatchObject({ success: true, meta: { page: 1, pageSize: 5, total: 1 } });
    expect(reply.body.data[0]).toMatchObject({ name: 'Invoke cam', streamUrl: 'rtsp://viewer:****@10.0.0.7/live' });
    expect(JSON.stringify(reply)).not.toContain('cam-pass-99');
  });

  it('fills path parameters, sends GET payloads as the query, and passes envelope errors through', async () => {
    const cam = (await api('POST', '/cameras', { name: 'Path cam', streamType: 'RTSP', streamUrl: 'rtsp://10.0.0.8/live' })).body.data;
    const one = await invoke('cameras-get', { pathParams: { id: cam.id } });
    expect(one.body.data).toMatchObject({ status: 200, body: { success: true, data: { id: cam.id, name: 'Path cam' } } });
    const byPayload = await invoke('cameras-list', { payload: { search: 'Path cam' } });
    expect(byPayload.body.data.body.meta.total).toBe(1);
    const missing = await invoke('cameras-get', { pathParams: { id: 'CAM-NOPE' } });
    expect(missing.status).toBe(200);
    expect(missing.body.data).toMatchObject({ status: 404, body: { success: false, error: { code: 'NOT_FOUND' } } });
    const invalid = await invoke('cameras-create', { payload: { name: '' } });
    expect(invalid.body.data).toMatchObject({ status: 422, body: { error: { code: 'VALIDATION_ERROR' } } });
  });

  it('creates a user through POST /users as the Admin, audited as the Admin', async () => {
    const r = await invoke('users-create', { payload: { name: 'Invoked User', email: 'invoked@example.com', roleId: 'ROLE-VIEWER', password: 'invoked-password-1' } });
    expect(r.status).toBe(200);
    expect(r.body.data.status).toBe(201);
    const created = r.body.data.body.data;
    expect(created).toMatchObject({ name: 'Invoked User', roleId: 'ROLE-VIEWER' });
    expect((await api('GET', `/users/${created.id}`)).status).toBe(200);
    const audit = await sys.db.db.selectFrom('audit_logs').selectAll().where('action', '=', 'user.create').where('resource_id', '=', created.id).executeTakeFirstOrThrow();
    expect(audit.actor_name).toBe('Administrator');
    expect(JSON.stringify(r.body)).not.toContain('invoked-password-1');
  });

  it("runs with the caller's own permissions: a Viewer's invocation of POST /users answers 403, an anonymous one 401", async () => {
    const app = sys.system.app;
    const payload = { name: 'Sneaky', email: 'sneaky@example.com', roleId: 'ROLE-ADMIN', password: 'sneaky-password-1' };
    const asViewer = await invokeEndpoint(app, { id: 'users-create', payload, caller: { id: viewer.id }, ip: '10.9.9.9' });
    expect(asViewer.status).toBe(403);
    expect(asViewer.body).toMatchObject({ success: false, error: { code: 'AUTH_FORBIDDEN' } });
    const anonymous = await invokeEndpoint(app, { id: 'users-create', payload, caller: null, ip: null });
    expect(anonymous.status).toBe(401);
    const asOperator = await invokeEndpoint(app, { id: 'cameras-create', payload: { name: 'Operator cam', streamType: 'RTSP', streamUrl: 'rtsp://10.0.0.10/live' }, caller: { id: operator.id }, ip: null });
    expect(asOperator.status).toBe(201);
    const users = await api('GET', '/users?search=sneaky');
    expect(users.body.meta.total).toBe(0);
  });

  it('redacts the tokens of an invoked POST /auth/login', async () => {
    const r = await invoke('auth-login', { payload: { username: ADMIN_USERNAME, password: ADMIN_PASSWORD } });
    const reply = r.body.data;
    expect(reply.status).toBe(200);
    expect(reply.body.data.accessToken).toBe('[redacted]');
    expect(reply.body.data.refreshToken).toBe('[redacted]');
    expect(reply.body.data.user).toMatchObject({ roleId: 'ROLE-ADMIN' });
    expect(JSON.stringify(reply)).not.toMatch(/eyJ[\w-]+\.eyJ/);
    expect(JSON.stringify(reply)).not.toContain(ADMIN_PASSWORD);
  });

  it('answers 404 for an unknown endpoint or a developer endpoint, 422 for bad input, never 500', async () => {
    expect((await invoke('no-such-endpoint')).status).toBe(404);
    expect((await invoke('developer-jobs')).status).toBe(404);
    const noPath = await invoke('cameras-get', {});
    expect(noPath.status).toBe(422);
    expect(noPath.body.error.details).toHaveProperty(['pathParams.id']);
    expect((await invoke('cameras-list', { payload: 'not an object' })).status).toBe(422);
    expect((await invoke('cameras-list', { query: { nested: { a: 1 } } })).status).toBe(422);
    const malformed = await sys.request('POST', `${DEV}/endpoints/cameras-list/invoke`, { token: admin, rawBody: '{oops', headers: { 'content-type': 'application/json' } });
    expect(malformed.status).toBe(400);
  });
});

describe('proxy', () => {
  it("calls this server's own /api/v1 by path or URL with the headers given", async () => {
    const byPath = await proxy({ target: '/api/v1/cameras?pageSize=1', method: 'GET', headers: { authorization: `Bearer ${admin}` } });
    expect(byPath.status).toBe(200);
    expect(byPath.body.data).toMatchObject({ status: 200, body: { success: true, meta: { pageSize: 1 } } });
    const byUrl = await proxy({ target: `${sys.baseUrl}/api/v1/auth/me`, method: 'GET', headers: { authorization: `Bearer ${admin}` } });
    expect(byUrl.body.data.body.data.user.roleId).toBe('ROLE-ADMIN');
    const anonymous = await proxy({ target: '/api/v1/cameras', method: 'GET' });
    expect(anonymous.body.data.status).toBe(401);
  });

  it('refuses targets off the allowlist (403) and malformed ones (422)', async () => {
    for (const target of ['http://example.com/api/v1/cameras', `${sys.baseUrl}/metrics`, '/api/v1/../metrics', '/api/v1evil', `${fakeUrl}/private/admin`, `${fakeUrl}/allowedx`, '/api/v1/developer/jobs']) {
      const r = await proxy({ target, method: 'GET' });
      expect(r.status, target).toBe(403);
      expect(r.body.error.code).toBe('AUTH_FORBIDDEN');
    }
    for (const target of ['ftp://127.0.0.1/file', `http://user:secret@${new URL(fakeUrl).host}/allowed/echo`, 'http://[bad']) {
      expect((await proxy({ target, method: 'GET' })).status, target).toBe(422);
    }
    expect((await proxy({ method: 'GET' })).status).toBe(422);
    expect((await proxy({ target: '/api/v1/cameras', method: 'TRACE' })).status).toBe(422);
  });

  it('redacts secrets from an allowlisted service, follows redirects only on the allowlist', async () => {
    const echo = await proxy({ target: `${fakeUrl}/allowed/echo`, method: 'POST', headers: { Authorization: 'Bearer outside-token' }, body: { hello: 'world' } });
    const reply = echo.body.data;
    expect(reply.status).toBe(200);
    expect(reply.headers['set-cookie']).toBe('[redacted]');
    expect(reply.body).toMatchObject({ method: 'POST', ok: true, apiKey: '[redacted]', authorization: '[redacted]', note: 'called with Bearer [redacted]', stream: 'rtsp://cam:****@10.0.0.9/live' });
    expect(JSON.stringify(reply)).not.toContain(SECRET_FIELD);
    expect(JSON.stringify(reply)).not.toContain('outside-token');

    const hop = await proxy({ target: `${fakeUrl}/allowed/hop`, method: 'GET' });
    expect(hop.body.data).toMatchObject({ status: 200, body: { ok: true } });
    const escape = await proxy({ target: `${fakeUrl}/allowed/escape`, method: 'GET' });
    expect(escape.body.data.status).toBe(302);
    expect(escape.body.data.headers.location).toBe('/private/admin');
  });

  it('gives up on a slow target (503) and a too large answer (413)', async () => {
    const slow = await proxy({ target: `${fakeUrl}/allowed/slow`, method: 'GET' });
    expect(slow.status).toBe(503);
    expect(slow.body.error.message).toMatch(/1000 ms/);
    const huge = await proxy({ target: `${fakeUrl}/allowed/huge`, method: 'GET' });
    expect(huge.status).toBe(413);
  });
});

describe('mock data sets', () => {
  const cameraTotal = async () => (await api('GET', '/cameras?pageSize=1')).body.meta.total as number;
  type MockSet = { id: string; loaded: boolean; counts: Record<string, number> };
  const sets = async (): Promise<Record<string, MockSet>> => Object.fromEntries(((await dev('GET', '/mocks')).body.data as MockSet[]).map((s) => [s.id, s]));

  it('loads and removes the demo sets, idempotently, leaving user-created rows untouched', async () => {
    const mine = (await api('POST', '/cameras', { name: 'Mine, not demo', streamType: 'RTSP', streamUrl: 'rtsp://10.0.0.11/live' })).body.data;
    const before = await cameraTotal();
    expect((await sets()).demo).toMatchObject({ loaded: false, counts: { cameras: 0, users: 0 } });

    const loaded = await dev('PUT', '/mocks', { sets: { demo: true, 'demo-alerts': true } });
    expect(loaded.status).toBe(200);
    const after = Object.fromEntries((loaded.body.data as { id: string }[]).map((s) => [s.id, s]));
    expect(after.demo).toMatchObject({ loaded: true, counts: { cameras: 6, users: 2 } });
    expect(after['demo-alerts']).toMatchObject({ loaded: true, counts: { alerts: 5 } });
    expect(await cameraTotal()).toBe(before + 6);
    expect((await api('GET', '/cameras/CAM-1')).body.data.streamUrl).toBe('rtsp://viewer:****@192.168.10.21:554/stream1');
    expect((await api('GET', '/alerts?pageSize=200')).body.data.find((a: { id: string }) => a.id === 'ALR-DEMO-1')).toMatchObject({ cameraId: 'CAM-1' });

    expect((await dev('PUT', '/mocks', { sets: { demo: true } })).status).toBe(200);
    expect(await cameraTotal()).toBe(before + 6);

    const removed = await dev('PUT', '/mocks', { sets: { demo: false, 'demo-alerts': false } });
    expect(removed.status).toBe(200);
    expect(await cameraTotal()).toBe(before);
    expect((await api('GET', `/cameras/${mine.id}`)).status).toBe(200);
    expect((await api('GET', '/users/USR-DEMO-OPERATOR')).status).toBe(404);
    expect(await sets()).toMatchObject({ demo: { loaded: false, counts: { cameras: 0, users: 0 } }, 'demo-alerts': { loaded: false, counts: { alerts: 0 } } });
    expect((await dev('PUT', '/mocks', { sets: { demo: false } })).status).toBe(200);
    expect(await cameraTotal()).toBe(before);
  });

  it('refuses to load over a row that is not its own (409) and never removes what it did not load', async () => {
    await api('POST', '/cameras', { id: 'CAM-1', name: 'A real camera named like a demo one', streamType: 'RTSP', streamUrl: 'rtsp://10.0.0.12/live' });
    const r = await dev('PUT', '/mocks', { sets: { demo: true } });
    expect(r.status).toBe(409);
    expect(r.body.error.message).toContain('CAM-1');
    expect((await sets()).demo?.loaded).toBe(false);
    expect((await dev('PUT', '/mocks', { sets: { demo: false } })).status).toBe(200);
    expect((await api('GET', '/cameras/CAM-1')).body.data.name).toBe('A real camera named like a demo one');
    expect((await api('GET', '/cameras/CAM-2')).status).toBe(404);
  });

  it('answers 422 for an unknown set or a malformed body', async () => {
    const r = await dev('PUT', '/mocks', { sets: { nope: true } });
    expect(r.status).toBe(422);
    expect(r.body.error.details).toHaveProperty(['sets.nope']);
    expect((await dev('PUT', '/mocks', { sets: [true] })).status).toBe(422);
    expect((await dev('PUT', '/mocks', { sets: { demo: 'yes' } })).status).toBe(422);
  });
});

describe('system and jobs', () => {
  it('shows sanitized system information with no secret value anywhere', async () => {
    const r = await dev('GET', '/system');
    expect(r.status).toBe(200);
    const info = r.body.data;
    expect(info.app).toMatchObject({ version: '1.0.0', role: 'all' });
    expect(info.runtime.node).toBe(process.version);
    expect(['pglite', 'postgres']).toContain(info.database.kind);
    expect(info.database.version).toMatch(/PostgreSQL/);
    expect(info.config).toMatchObject({ JWT_SECRET: '[set]', ENCRYPTION_KEY: '[set]', ADMIN_PASSWORD: '[set]', DEVELOPER_RATE_LIMIT: 1000 });
    expect(info.queues).toContain('odoo.sync');
    const text = JSON.stringify(r.body);
    const config = testConfig();
    for (const secret of [config.JWT_SECRET!, config.ENCRYPTION_KEY!, ADMIN_PASSWORD]) expect(text).not.toContain(secret);
    const dbUrl = sys.system.app.config.DATABASE_URL;
    const password = dbUrl ? new URL(dbUrl).password : '';
    if (password) expect(text).not.toContain(password);
  });

  it("lists every queue with its counts and its dead-letter queue's", async () => {
    const r = await dev('GET', '/jobs');
    expect(r.status).toBe(200);
    const queues = r.body.data as { name: string; queued: number; active: number; failed: number; completed: number; workerAttached: boolean; deadLetter: { name: string; queued: number } }[];
    expect(queues.map((q) => q.name).sort()).toEqual(ALL_QUEUES.map((q) => q.name).sort());
    for (const q of queues) {
      expect(q.deadLetter.name).toBe(`${q.name}.dead`);
      for (const n of [q.queued, q.active, q.failed, q.completed, q.deadLetter.queued]) expect(Number.isInteger(n)).toBe(true);
    }
    expect(queues.find((q) => q.name === 'maintenance.cleanup')?.workerAttached).toBe(true);
  });
});

describe('audit', () => {
  it('records every developer call with the Admin as actor, the target and the outcome', async () => {
    await dev('GET', '/jobs');
    await invoke('cameras-list');
    await proxy({ target: 'http://example.com/', method: 'GET' });
    const rows = await sys.db.db.selectFrom('audit_logs').selectAll().where('resource_type', '=', 'developer').orderBy('at').execute();
    const actions = new Set(rows.map((r) => r.action));
    for (const action of ['developer.endpoints', 'developer.invoke', 'developer.proxy', 'developer.mocks', 'developer.updateMocks', 'developer.system', 'developer.jobs']) expect(actions).toContain(action);
    expect(rows.every((r) => r.actor_name === 'Administrator')).toBe(true);
    const invoked = rows.filter((r) => r.action === 'developer.invoke' && r.resource_id === 'cameras-list').at(-1);
    expect(invoked?.message).toBe('Answered 200');
    const refused = rows.filter((r) => r.action === 'developer.proxy').at(-1);
    expect(refused).toMatchObject({ resource_id: 'http://example.com/', severity: 'warning', message: 'Failed: AUTH_FORBIDDEN' });
    expect(JSON.stringify(rows)).not.toContain(ADMIN_PASSWORD);
  });
});

describe('rate limit', () => {
  let limited: TestSystem;
  beforeAll(async () => {
    limited = await startTestSystem({ DEVELOPER_RATE_LIMIT: '3' });
  });
  afterAll(() => limited.stop());

  it('answers 429 with Retry-After after DEVELOPER_RATE_LIMIT calls a minute, per user', async () => {
    const token = await limited.adminToken();
    for (let i = 0; i < 3; i++) expect((await limited.request('GET', `${DEV}/jobs`, { token })).status).toBe(200);
    const r = await limited.request('GET', `${DEV}/system`, { token });
    expect(r.status).toBe(429);
    expect(r.body.error.code).toBe('RATE_LIMITED');
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(r.headers.get('retry-after'))).toBeLessThanOrEqual(60);

    const other = await limited.createUser('ROLE-ADMIN');
    expect((await limited.request('GET', `${DEV}/jobs`, { token: other.token })).status).toBe(200);
    const audit = await limited.db.db.selectFrom('audit_logs').selectAll().where('action', '=', 'developer.system').where('message', '=', 'Rate limited').execute();
    expect(audit).toHaveLength(1);
  });
});
