import { readFileSync } from 'node:fs';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, type TestSystem } from './support/system.ts';

let sys: TestSystem;
let admin: string;

beforeAll(async () => {
  sys = await startTestSystem();
  admin = await sys.adminToken();
});
afterAll(() => sys.stop());

/** The endpoints of the plan this issue covers (everything but media, which comes later). */
function foundationEndpoints(): { method: string; path: string }[] {
  const spec = readFileSync(new URL('../../shared/spec/endpoints.txt', import.meta.url), 'utf8');
  const out: { method: string; path: string }[] = [];
  let section = '';
  for (const line of spec.split('\n')) {
    if (line.startsWith('## ')) section = line.slice(3).trim();
    const m = /^(GET|POST|PUT|PATCH|DELETE) (\S+)/.exec(line);
    if (!m || !['Auth', 'Users, roles, permissions', 'Cameras'].includes(section)) continue;
    if (/test-connection|snapshot/.test(m[2]!)) continue;
    out.push({ method: m[1]!.toLowerCase(), path: m[2]!.replace(/\{[^}]+\}/g, '{}') });
  }
  return out;
}

describe('the REST contract', () => {
  it('answers an unknown route with 404 in the error envelope, with the request id', async () => {
    const r = await sys.request('GET', '/api/v1/no-such-thing', { token: admin });
    expect(r.status).toBe(404);
    expect(r.body).toMatchObject({ success: false, error: { code: 'NOT_FOUND' } });
    expect(r.body.requestId).toBe(r.headers.get('x-request-id'));
  });

  it('keeps a well-formed X-Request-Id sent by the client', async () => {
    const r = await sys.request('GET', '/health/live', { headers: { 'x-request-id': 'trace-1234abcd' } });
    expect(r.headers.get('x-request-id')).toBe('trace-1234abcd');
  });

  it('answers wrong query types with 422 VALIDATION_ERROR naming the field', async () => {
    const r = await sys.request('GET', '/api/v1/cameras?page=abc&sortDir=sideways', { token: admin });
    expect(r.status).toBe(422);
    expect(Object.keys(r.body.error.details)).toEqual(expect.arrayContaining(['page', 'sortDir']));
  });

  it('refuses a body that is not a JSON object, and a non-JSON content type', async () => {
    const a = await sys.request('POST', '/api/v1/cameras', { token: admin, rawBody: '[1,2]', headers: { 'content-type': 'application/json' } });
    expect(a.status).toBe(422);
    const b = await sys.request('POST', '/api/v1/cameras', { token: admin, rawBody: 'name=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(b.status).toBe(415);
    expect(b.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('replays a POST with the same Idempotency-Key and body without writing twice', async () => {
    const body = { name: 'Idempotent cam', streamType: 'HTTP', streamUrl: 'http://10.2.2.2/mjpeg' };
    const headers = { 'idempotency-key': 'key-create-1' };
    const first = await sys.request('POST', '/api/v1/cameras', { token: admin, body, headers });
    const second = await sys.request('POST', '/api/v1/cameras', { token: admin, body, headers });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    const list = await sys.request('GET', '/api/v1/cameras?search=Idempotent', { token: admin });
    expect(list.body.meta.total).toBe(1);
    const conflict = await sys.request('POST', '/api/v1/cameras', { token: admin, body: { ...body, name: 'Other' }, headers });
    expect(conflict.status).toBe(409);
    // another caller's key space is separate
    const viewer = await sys.createUser('ROLE-OPERATOR');
    const other = await sys.request('POST', '/api/v1/cameras', { token: viewer.token, body, headers });
    expect(other.status).toBe(201);
    expect(other.body.data.id).not.toBe(first.body.data.id);
  });

  it('publishes an OpenAPI 3.1 document with every foundation endpoint, the envelope and security', async () => {
    for (const path of ['/openapi.json', '/api/v1/openapi.json']) {
      const r = await sys.request('GET', path);
      expect(r.status).toBe(200);
      const doc = r.body;
      expect(doc.openapi).toMatch(/^3\.1/);
      const have = new Set<string>();
      for (const [p, item] of Object.entries(doc.paths as Record<string, object>)) {
        for (const m of Object.keys(item)) have.add(`${m} ${p.replace(/\{[^}]+\}/g, '{}')}`);
      }
      const missing = foundationEndpoints().filter((e) => !have.has(`${e.method} ${e.path}`));
      expect(missing).toEqual([]);
      const create = doc.paths['/cameras'].post;
      expect(create.security).toEqual([{ bearerAuth: [] }]);
      expect(Object.keys(create.responses)).toEqual(expect.arrayContaining(['201', '401', '403', '422']));
      expect(create.responses['201'].content['application/json'].schema.properties.success).toEqual({ const: true });
      expect(doc.paths['/cameras/{id}'].delete.responses).toHaveProperty('204');
      expect(doc.paths['/auth/login'].post.security ?? []).toEqual([]);
      expect(doc.components.schemas.ErrorEnvelope).toBeTruthy();
    }
  });

  it('serves the interactive reference from the package, with no CDN', async () => {
    const page = await sys.request('GET', '/docs');
    expect(page.status).toBe(200);
    expect(page.body).toContain('swagger-ui');
    expect(page.body).not.toMatch(/src="https?:/);
    const bundle = await fetch(`${sys.baseUrl}/docs/swagger-ui-bundle.js`);
    expect(bundle.status).toBe(200);
    expect((await bundle.text()).length).toBeGreaterThan(100_000);
  });
});

describe('the tRPC transport', () => {
  it('serves the same procedures with superjson, and errors carry the app code', async () => {
    const input = encodeURIComponent(JSON.stringify({ json: { page: 1, pageSize: 5 } }));
    const ok = await sys.request('GET', `/api/trpc/cameras.list?input=${input}`, { token: admin });
    expect(ok.status).toBe(200);
    expect(ok.body.result.data.json.meta).toMatchObject({ page: 1, pageSize: 5 });
    const denied = await sys.request('GET', `/api/trpc/cameras.list?input=${input}`);
    expect(denied.status).toBe(401);
    expect(denied.body.error.json.data.appCode).toBe('AUTH_UNAUTHORIZED');
    const missing = await sys.request('GET', `/api/trpc/cameras.get?input=${encodeURIComponent(JSON.stringify({ json: { id: 'NOPE' } }))}`, { token: admin });
    expect(missing.status).toBe(404);
    expect(missing.body.error.json.data.appCode).toBe('NOT_FOUND');
  });
});

describe('operations', () => {
  it('reports liveness and readiness (database, migrations, workers)', async () => {
    expect((await sys.request('GET', '/health/live')).status).toBe(200);
    const ready = await sys.request('GET', '/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.data.checks).toMatchObject({ database: { ok: true }, migrations: { ok: true, pending: [] }, jobs: { ok: true, workers: expect.arrayContaining(['maintenance.cleanup']) } });
  });

  it('exposes Prometheus metrics: request durations per route and status, queues, pool', async () => {
    await sys.request('GET', '/api/v1/cameras', { token: admin });
    const r = await fetch(`${sys.baseUrl}/metrics`);
    const text = await r.text();
    expect(r.headers.get('content-type')).toContain('text/plain');
    expect(text).toMatch(/http_request_duration_seconds_bucket\{[^}]*route="\/api\/v1\/cameras"[^}]*status="200"/);
    expect(text).toMatch(/job_queue_jobs\{queue="maintenance.cleanup",state="queued"\}/);
    expect(text).toMatch(/db_pool_connections\{state="total"\}/);
  });

  it('creates every job queue at boot with its dead-letter queue', async () => {
    const names = (await sys.system.app.jobs.boss.getQueues()).map((q) => q.name);
    for (const q of ['maintenance.cleanup', 'detection.capture', 'odoo.sync', 'exports.generate', 'camera.watchdog']) {
      expect(names).toContain(q);
      expect(names).toContain(`${q}.dead`);
    }
  });

  it('runs the cleanup job: expired sessions are deleted by the worker', async () => {
    const me = await sys.request('GET', '/api/v1/auth/me', { token: admin });
    await sys.db.db
      .insertInto('refresh_tokens')
      .values({ id: 'RT-EXPIRED', user_id: me.body.data.user.id, family_id: 'FAM-X', token_hash: 'f'.repeat(64), expires_at: new Date(Date.now() - 1000) })
      .execute();
    await sys.system.app.jobs.send('maintenance.cleanup', {});
    const deadline = Date.now() + 20_000;
    let left = 1;
    while (Date.now() < deadline && left > 0) {
      await new Promise((r) => setTimeout(r, 300));
      left = (await sys.db.db.selectFrom('refresh_tokens').select('id').where('id', '=', 'RT-EXPIRED').execute()).length;
    }
    expect(left).toBe(0);
  });
});

describe('graceful shutdown', () => {
  it('finishes an in-flight request before stopping', async () => {
    const other = await startTestSystem();
    const { port } = new URL(other.baseUrl);
    const body = JSON.stringify({ username: 'admin', password: 'wrong-password-for-shutdown' });
    const socket = net.connect(Number(port), '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    const response = new Promise<string>((resolve) => {
      let data = '';
      socket.on('data', (d) => (data += d.toString()));
      socket.on('close', () => resolve(data));
    });
    socket.write(`POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body.slice(0, 10)}`);
    await new Promise((r) => setTimeout(r, 100));
    const stopped = other.stop();
    await new Promise((r) => setTimeout(r, 100));
    socket.write(body.slice(10));
    const raw = await response;
    await stopped;
    expect(raw).toMatch(/^HTTP\/1\.1 401/);
    expect(raw).toContain('AUTH_UNAUTHORIZED');
  });
});
