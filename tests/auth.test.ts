import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, ADMIN_USERNAME, testConfig } from './support/config.ts';
import { startTestSystem, type TestSystem } from './support/system.ts';

let sys: TestSystem;
const outbox = path.resolve(`.test-data/outbox-${process.pid}`);

beforeAll(async () => {
  rmSync(outbox, { recursive: true, force: true });
  sys = await startTestSystem({ MAIL_OUTBOX_DIR: outbox, LOGIN_MAX_FAILURES: '3' });
});
afterAll(() => sys.stop());

async function auditActions(resourceId?: string): Promise<string[]> {
  let q = sys.db.db.selectFrom('audit_logs').select('action').orderBy('at');
  if (resourceId) q = q.where('resource_id', '=', resourceId);
  return (await q.execute()).map((r) => r.action);
}

describe('login', () => {
  it('returns tokens and the user in the envelope, with a request id header', async () => {
    const r = await sys.request('POST', '/api/v1/auth/login', { body: { username: ADMIN_USERNAME, password: ADMIN_PASSWORD } });
    expect(r.status).toBe(200);
    expect(r.headers.get('x-request-id')).toMatch(/[0-9a-f-]{36}/);
    expect(r.body.success).toBe(true);
    expect(r.body.data.user).toMatchObject({ roleId: 'ROLE-ADMIN', status: 'active', roleName: 'Admin' });
    expect(r.body.data.accessToken.split('.')).toHaveLength(3);
    expect(r.body.data.expiresIn).toBe(900);
    expect(JSON.stringify(r.body)).not.toContain('passwordHash');
  });

  it('accepts the email as the username', async () => {
    const r = await sys.request('POST', '/api/v1/auth/login', { body: { username: 'ADMIN@example.com', password: ADMIN_PASSWORD } });
    expect(r.status).toBe(200);
  });

  it('refuses a wrong password with 401 AUTH_UNAUTHORIZED and audits the failure', async () => {
    const r = await sys.request('POST', '/api/v1/auth/login', { body: { username: 'nobody-here', password: 'wrong-password' } });
    expect(r.status).toBe(401);
    expect(r.body).toMatchObject({ success: false, error: { code: 'AUTH_UNAUTHORIZED' } });
    expect(r.body.requestId).toBe(r.headers.get('x-request-id'));
    expect(await auditActions()).toContain('auth.login_failed');
  });

  it('audits a successful login with the request id and ip', async () => {
    const r = await sys.request('POST', '/api/v1/auth/login', { body: { username: ADMIN_USERNAME, password: ADMIN_PASSWORD } });
    const row = await sys.db.db.selectFrom('audit_logs').selectAll().where('request_id', '=', r.headers.get('x-request-id')).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ action: 'auth.login', actor_name: 'Administrator', ip: '127.0.0.1' });
  });

  it('validates the body with per-field details (422)', async () => {
    const r = await sys.request('POST', '/api/v1/auth/login', { body: { username: 42 } });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('VALIDATION_ERROR');
    expect(Object.keys(r.body.error.details)).toEqual(expect.arrayContaining(['username', 'password']));
  });

  it('answers malformed JSON with 400 in the envelope, without a stack trace', async () => {
    const r = await sys.request('POST', '/api/v1/auth/login', { rawBody: '{"username": "admin",', headers: { 'content-type': 'application/json' } });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ success: false, error: { code: 'BAD_REQUEST' } });
    expect(JSON.stringify(r.body)).not.toMatch(/at .*\.ts|SyntaxError/);
  });

  it('accepts a JSON content type with a charset parameter', async () => {
    const r = await sys.request('POST', '/api/v1/auth/login', {
      rawBody: JSON.stringify({ username: ADMIN_USERNAME, password: ADMIN_PASSWORD }),
      headers: { 'content-type': 'application/json; charset=utf-8' },
    });
    expect(r.status).toBe(200);
  });

  it('refuses an oversized body with 413', async () => {
    const r = await sys.request('POST', '/api/v1/auth/login', { body: { username: 'x'.repeat(2_000_000), password: 'y' } });
    expect(r.status).toBe(413);
    expect(r.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('rate-limits repeated failures for a username with 429 and Retry-After', async () => {
    const body = { username: 'victim-user', password: 'bad-password' };
    for (let i = 0; i < 3; i++) expect((await sys.request('POST', '/api/v1/auth/login', { body })).status).toBe(401);
    const r = await sys.request('POST', '/api/v1/auth/login', { body });
    expect(r.status).toBe(429);
    expect(r.body.error.code).toBe('RATE_LIMITED');
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('tokens', () => {
  it('rotates the refresh token, and a reused one revokes the whole family', async () => {
    const first = await sys.login(ADMIN_USERNAME, ADMIN_PASSWORD);
    const r1 = await sys.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: first.refreshToken } });
    expect(r1.status).toBe(200);
    const second = r1.body.data;
    expect(second.refreshToken).not.toBe(first.refreshToken);

    const reuse = await sys.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: first.refreshToken } });
    expect(reuse.status).toBe(401);
    // the legitimate holder's newer token is now dead too
    const after = await sys.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: second.refreshToken } });
    expect(after.status).toBe(401);
    expect(await auditActions()).toContain('auth.refresh_reuse');
  });

  it('stores refresh tokens only as hashes', async () => {
    const t = await sys.login(ADMIN_USERNAME, ADMIN_PASSWORD);
    const rows = await sys.db.db.selectFrom('refresh_tokens').select('token_hash').execute();
    expect(rows.some((r) => r.token_hash === t.refreshToken)).toBe(false);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.token_hash))).toBe(true);
  });

  it('logout revokes the refresh token (204, no body)', async () => {
    const t = await sys.login(ADMIN_USERNAME, ADMIN_PASSWORD);
    const out = await sys.request('POST', '/api/v1/auth/logout', { body: { refreshToken: t.refreshToken } });
    expect(out.status).toBe(204);
    expect(out.body).toBe('');
    expect((await sys.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: t.refreshToken } })).status).toBe(401);
  });

  it('tells an expired access token apart from a missing one', async () => {
    const cfg = testConfig();
    const expired = await new SignJWT({ role: 'ROLE-ADMIN' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('USR-X')
      .setIssuer('sentinel')
      .setAudience('sentinel-api')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 3600)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(new TextEncoder().encode(cfg.JWT_SECRET));
    const a = await sys.request('GET', '/api/v1/auth/me', { token: expired });
    expect(a.status).toBe(401);
    expect(a.body.error.code).toBe('AUTH_TOKEN_EXPIRED');
    const b = await sys.request('GET', '/api/v1/auth/me');
    expect(b.status).toBe(401);
    expect(b.body.error.code).toBe('AUTH_UNAUTHORIZED');
    const c = await sys.request('GET', '/api/v1/auth/me', { token: 'not.a.jwt' });
    expect(c.body.error.code).toBe('AUTH_UNAUTHORIZED');
  });

  it('GET /auth/me returns the user and permissions', async () => {
    const r = await sys.request('GET', '/api/v1/auth/me', { token: await sys.adminToken() });
    expect(r.status).toBe(200);
    expect(r.body.data.user.username).toBe(ADMIN_USERNAME);
    expect(r.body.data.permissions).toEqual(expect.arrayContaining(['cameras:write', 'users:write', 'system:admin']));
  });
});

describe('passwords', () => {
  it('request-reset answers the same for known and unknown emails, and mails a working token', async () => {
    const user = await sys.createUser('ROLE-OPERATOR');
    const known = await sys.request('POST', '/api/v1/auth/request-reset', { body: { email: `${user.username}@example.com` } });
    const unknown = await sys.request('POST', '/api/v1/auth/request-reset', { body: { email: 'nobody@example.com' } });
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(known.body.data).toEqual(unknown.body.data);

    const mails = readdirSync(outbox).map((f) => readFileSync(path.join(outbox, f), 'utf8'));
    expect(mails).toHaveLength(1);
    const token = /Reset token: (\S+)/.exec(mails[0]!)![1]!;
    const bad = await sys.request('POST', '/api/v1/auth/reset', { body: { token: 'wrong', newPassword: 'brand-new-password' } });
    expect(bad.status).toBe(422);
    const ok = await sys.request('POST', '/api/v1/auth/reset', { body: { token, newPassword: 'brand-new-password' } });
    expect(ok.status).toBe(204);
    expect((await sys.request('POST', '/api/v1/auth/reset', { body: { token, newPassword: 'another-password' } })).status).toBe(422);
    await expect(sys.login(user.username, 'brand-new-password')).resolves.toBeTruthy();
    await expect(sys.login(user.username, user.password)).rejects.toThrow(/401/);
  });

  it('change-password needs the old password and ends other sessions', async () => {
    const user = await sys.createUser('ROLE-VIEWER');
    const session = await sys.login(user.username, user.password);
    const wrong = await sys.request('POST', '/api/v1/auth/change-password', { token: user.token, body: { oldPassword: 'nope-nope', newPassword: 'changed-password-1' } });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error.details).toHaveProperty('oldPassword');
    const ok = await sys.request('POST', '/api/v1/auth/change-password', { token: user.token, body: { oldPassword: user.password, newPassword: 'changed-password-1' } });
    expect(ok.status).toBe(204);
    expect((await sys.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: session.refreshToken } })).status).toBe(401);
    await expect(sys.login(user.username, 'changed-password-1')).resolves.toBeTruthy();
  });

  it('stores passwords as argon2id hashes', async () => {
    const row = await sys.db.db.selectFrom('users').select('password_hash').where('username', '=', ADMIN_USERNAME).executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
  });
});
