/** The banner ticker under its three names: everyone reads, only an Admin writes, the aliases answer alike. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, type TestSystem } from './support/system.ts';

let sys: TestSystem;
let admin: string;
let operator: string;
let viewer: string;

beforeAll(async () => {
  sys = await startTestSystem();
  admin = await sys.adminToken();
  operator = (await sys.createUser('ROLE-OPERATOR')).token;
  viewer = (await sys.createUser('ROLE-VIEWER')).token;
});
afterAll(() => sys.stop());

const READS = ['/services/banner-messages', '/banner/messages', '/services/rotating-banners'];
const WRITES = ['/services/banner-messages', '/services/rotating-banners'];

const api = (method: string, path: string, token: string, body?: unknown) =>
  sys.request(method, `/api/v1${path}`, { token, ...(body !== undefined ? { body } : {}) });

async function readAll(token: string) {
  const out = [];
  for (const path of READS) {
    const r = await api('GET', path, token);
    expect(r.status, path).toBe(200);
    out.push(r.body);
  }
  return out;
}

describe('banner messages', () => {
  it('starts empty, on every alias', async () => {
    for (const body of await readAll(viewer)) expect(body).toEqual({ success: true, data: [] });
  });

  it('lets an Admin replace the ticker through either write path; every read path answers the same', async () => {
    const set = await api('POST', '/services/banner-messages', admin, { messages: ['  Shift change at 18:00 ', 'Gate B closed'] });
    expect(set.status).toBe(200);
    expect(set.body).toEqual({ success: true, data: ['Shift change at 18:00', 'Gate B closed'] });
    for (const body of await readAll(operator)) expect(body).toEqual(set.body);

    const alias = await api('POST', '/services/rotating-banners', admin, { messages: ['Fire drill on Friday'] });
    expect(alias.status).toBe(200);
    expect(alias.body).toEqual({ success: true, data: ['Fire drill on Friday'] });
    for (const body of await readAll(viewer)) expect(body).toEqual(alias.body);
  });

  it('audits each change with the list before and after', async () => {
    await api('POST', '/services/banner-messages', admin, { messages: ['Audit me'] });
    const [entry] = await sys.db.db.selectFrom('audit_logs').selectAll().where('action', '=', 'banners.update').orderBy('at', 'desc').limit(1).execute();
    expect(entry?.after).toEqual({ messages: ['Audit me'] });
    expect(entry?.actor_name).toBeTruthy();
  });

  it('refuses writes by an Operator or a Viewer with 403, and everything without a token with 401', async () => {
    const before = (await api('GET', '/services/banner-messages', admin)).body.data;
    for (const token of [operator, viewer]) {
      for (const path of WRITES) {
        const r = await api('POST', path, token, { messages: ['hijacked'] });
        expect(r.status, path).toBe(403);
        expect(r.body.error.code).toBe('AUTH_FORBIDDEN');
      }
    }
    for (const path of READS) expect((await sys.request('GET', `/api/v1${path}`)).status).toBe(401);
    expect((await api('GET', '/services/banner-messages', admin)).body.data).toEqual(before);
  });

  it('refuses empty, blank, oversized or mistyped input with 422 on both write paths', async () => {
    const before = (await api('GET', '/services/banner-messages', admin)).body.data;
    const bad = [
      {},
      { messages: [] },
      { messages: [''] },
      { messages: ['   '] },
      { messages: ['x'.repeat(281)] },
      { messages: Array.from({ length: 51 }, (_, i) => `m${i}`) },
      { messages: 'one string' },
      { messages: [1, 2] },
    ];
    for (const path of WRITES) {
      for (const body of bad) {
        const r = await api('POST', path, admin, body);
        expect(r.status, `${path} ${JSON.stringify(body).slice(0, 60)}`).toBe(422);
        expect(r.body.error.code).toBe('VALIDATION_ERROR');
      }
    }
    expect((await api('GET', '/services/banner-messages', admin)).body.data).toEqual(before);
  });

  it('accepts the limits exactly: 50 messages of 280 characters', async () => {
    const messages = Array.from({ length: 50 }, (_, i) => `${i}`.padEnd(280, '.'));
    const r = await api('POST', '/services/banner-messages', admin, { messages });
    expect(r.status).toBe(200);
    expect(r.body.data).toEqual(messages);
  });

  it('documents every path in the OpenAPI document', async () => {
    const doc = (await sys.request('GET', '/api/v1/openapi.json')).body;
    for (const path of READS) expect(doc.paths[path]?.get, path).toBeDefined();
    for (const path of WRITES) expect(doc.paths[path]?.post, path).toBeDefined();
  });
});
