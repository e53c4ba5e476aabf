import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, type TestSystem } from './support/system.ts';

let sys: TestSystem;
let admin: string;

beforeAll(async () => {
  sys = await startTestSystem();
  admin = await sys.adminToken();
});
afterAll(() => sys.stop());

describe('users', () => {
  it('creates a user (201), lists it with pagination meta and finds it by search', async () => {
    const created = await sys.request('POST', '/api/v1/users', { token: admin, body: { name: 'Grace Hopper', email: 'grace@example.com', roleId: 'ROLE-OPERATOR', password: 'long-enough-pw' } });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({ name: 'Grace Hopper', roleId: 'ROLE-OPERATOR', status: 'active', roleName: 'Operator' });
    expect(created.body.data.createdAt).toMatch(/Z$/);

    const list = await sys.request('GET', '/api/v1/users?search=grace&page=1&pageSize=5', { token: admin });
    expect(list.status).toBe(200);
    expect(list.body.data.map((u: { email: string }) => u.email)).toEqual(['grace@example.com']);
    expect(list.body.meta).toEqual({ page: 1, pageSize: 5, total: 1, totalPages: 1 });

    const byRole = await sys.request('GET', '/api/v1/users?role=Operator', { token: admin });
    expect(byRole.body.data.every((u: { roleId: string }) => u.roleId === 'ROLE-OPERATOR')).toBe(true);
  });

  it('refuses a duplicate email with 409 CONFLICT, case-insensitively', async () => {
    const r = await sys.request('POST', '/api/v1/users', { token: admin, body: { name: 'Other', email: 'GRACE@example.com', roleId: 'ROLE-VIEWER' } });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('CONFLICT');
  });

  it('refuses an unknown role and a bad page size with 422', async () => {
    const r = await sys.request('POST', '/api/v1/users', { token: admin, body: { name: 'X', email: 'x@example.com', roleId: 'ROLE-NOPE' } });
    expect(r.status).toBe(422);
    expect(r.body.error.details).toHaveProperty('roleId');
    const p = await sys.request('GET', '/api/v1/users?pageSize=100000', { token: admin });
    expect(p.status).toBe(422);
    expect(p.body.error.details).toHaveProperty('pageSize');
  });

  it('a user created without a password is invited and cannot log in', async () => {
    const r = await sys.request('POST', '/api/v1/users', { token: admin, body: { name: 'Invitee', email: 'invitee@example.com', username: 'invitee', roleId: 'ROLE-VIEWER' } });
    expect(r.body.data.status).toBe('invited');
    const login = await sys.request('POST', '/api/v1/auth/login', { body: { username: 'invitee', password: 'anything-at-all' } });
    expect(login.status).toBe(401);
  });

  it('updates, then soft-deletes a user, who can no longer log in; both are audited', async () => {
    const u = await sys.createUser('ROLE-VIEWER');
    const upd = await sys.request('PUT', `/api/v1/users/${u.id}`, { token: admin, body: { name: 'Renamed', roleId: 'ROLE-OPERATOR' } });
    expect(upd.status).toBe(200);
    expect(upd.body.data).toMatchObject({ name: 'Renamed', roleId: 'ROLE-OPERATOR' });
    const del = await sys.request('DELETE', `/api/v1/users/${u.id}`, { token: admin });
    expect(del.status).toBe(204);
    expect((await sys.request('GET', `/api/v1/users/${u.id}`, { token: admin })).status).toBe(404);
    expect((await sys.request('POST', '/api/v1/auth/login', { body: { username: u.username, password: u.password } })).status).toBe(401);
    // the deleted user's existing access token stops working once the short cache expires or at once in this process
    const audit = await sys.request('GET', `/api/v1/audit?resourceId=${u.id}`, { token: admin });
    expect(audit.body.data.map((e: { action: string }) => e.action)).toEqual(['user.delete', 'user.update', 'auth.login', 'user.create']);
    const upd2 = audit.body.data.find((e: { action: string }) => e.action === 'user.update');
    expect(upd2.before.name).toMatch(/^Test /);
    expect(upd2.after.name).toBe('Renamed');
    expect(JSON.stringify(audit.body.data)).not.toMatch(/argon2|passwordHash/);
  });

  it('protects the last active Admin', async () => {
    const me = await sys.request('GET', '/api/v1/auth/me', { token: admin });
    const r = await sys.request('PUT', `/api/v1/users/${me.body.data.user.id}`, { token: admin, body: { roleId: 'ROLE-VIEWER' } });
    expect(r.status).toBe(409);
    expect((await sys.request('DELETE', `/api/v1/users/${me.body.data.user.id}`, { token: admin })).status).toBe(409);
  });

  it('only an Admin manages users: Operator and Viewer get 403', async () => {
    for (const role of ['ROLE-OPERATOR', 'ROLE-VIEWER']) {
      const u = await sys.createUser(role);
      const r = await sys.request('POST', '/api/v1/users', { token: u.token, body: { name: 'Y', email: `y-${role}@example.com`, roleId: 'ROLE-ADMIN' } });
      expect(r.status).toBe(403);
      expect(r.body.error.code).toBe('AUTH_FORBIDDEN');
      expect((await sys.request('GET', '/api/v1/users', { token: u.token })).status).toBe(403);
    }
  });

  it('PATCH /users/{id}/password: self with old password, Admin for others, not other users', async () => {
    const a = await sys.createUser('ROLE-OPERATOR');
    const b = await sys.createUser('ROLE-OPERATOR');
    expect((await sys.request('PATCH', `/api/v1/users/${b.id}/password`, { token: a.token, body: { newPassword: 'hijacked-password' } })).status).toBe(403);
    expect((await sys.request('PATCH', `/api/v1/users/${a.id}/password`, { token: a.token, body: { oldPassword: a.password, newPassword: 'self-changed-pw' } })).status).toBe(204);
    expect((await sys.request('PATCH', `/api/v1/users/${b.id}/password`, { token: admin, body: { newPassword: 'admin-set-pw-1' } })).status).toBe(204);
    await expect(sys.login(b.username, 'admin-set-pw-1')).resolves.toBeTruthy();
  });
});

describe('roles and permissions', () => {
  it('lists the built-in roles and the permission dictionary', async () => {
    const roles = await sys.request('GET', '/api/v1/roles', { token: admin });
    expect(roles.body.data.map((r: { name: string }) => r.name)).toEqual(expect.arrayContaining(['Admin', 'Operator', 'Viewer']));
    const viewer = roles.body.data.find((r: { id: string }) => r.id === 'ROLE-VIEWER');
    expect(viewer.permissions.every((p: string) => p.endsWith(':read'))).toBe(true);
    const perms = await sys.request('GET', '/api/v1/permissions', { token: admin });
    expect(perms.body.data).toEqual(expect.arrayContaining([{ id: 'users:write', description: expect.any(String), adminOnly: true }]));
  });

  it('a custom role grants exactly its permissions', async () => {
    const role = await sys.request('POST', '/api/v1/roles', { token: admin, body: { id: 'ROLE-CAMERA-TECH', name: 'Camera tech', permissions: ['cameras:read', 'cameras:write'] } });
    expect(role.status).toBe(201);
    const tech = await sys.createUser('ROLE-CAMERA-TECH');
    expect((await sys.request('GET', '/api/v1/cameras', { token: tech.token })).status).toBe(200);
    expect((await sys.request('GET', '/api/v1/audit', { token: tech.token })).status).toBe(403);

    const upd = await sys.request('PUT', '/api/v1/roles/ROLE-CAMERA-TECH', { token: admin, body: { permissions: ['cameras:read', 'audit:read'] } });
    expect(upd.status).toBe(200);
    expect((await sys.request('GET', '/api/v1/audit', { token: tech.token })).status).toBe(200);
  });

  it('custom roles cannot hold Admin-only permissions, and built-in roles keep theirs', async () => {
    const r = await sys.request('POST', '/api/v1/roles', { token: admin, body: { name: 'Sneaky', permissions: ['users:write'] } });
    expect(r.status).toBe(422);
    expect(r.body.error.details.permissions).toMatch(/Admin/);
    const unknown = await sys.request('POST', '/api/v1/roles', { token: admin, body: { name: 'Typo', permissions: ['cameras:fly'] } });
    expect(unknown.status).toBe(422);
    const builtin = await sys.request('PUT', '/api/v1/roles/ROLE-VIEWER', { token: admin, body: { permissions: ['cameras:write'] } });
    expect(builtin.status).toBe(409);
    const desc = await sys.request('PUT', '/api/v1/roles/ROLE-VIEWER', { token: admin, body: { description: 'Read-only wall screens' } });
    expect(desc.status).toBe(200);
  });

  it('a duplicate role name is a 409', async () => {
    const r = await sys.request('POST', '/api/v1/roles', { token: admin, body: { name: 'viewer', permissions: [] } });
    expect(r.status).toBe(409);
  });
});
