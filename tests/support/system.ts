/**
 * Starts the whole system (HTTP + workers) for one test file on its own copy of the template database,
 * and offers helpers that speak REST the way a client would.
 */
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import type { DatabaseHandle } from '@sentinel/db';
import { startSystem, type RunningSystem } from '../../apps/server/src/system.ts';
import { ADMIN_PASSWORD, ADMIN_USERNAME, PGLITE_TEMPLATE, databaseUrlFor, testConfig, testDatabaseUrl } from './config.ts';

export interface ApiResponse {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests assert on arbitrary JSON
  body: any;
}

export interface RequestOptions {
  token?: string;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
}

export interface TestSystem {
  baseUrl: string;
  system: RunningSystem;
  db: DatabaseHandle;
  request(method: string, path: string, opts?: RequestOptions): Promise<ApiResponse>;
  login(username: string, password: string): Promise<{ accessToken: string; refreshToken: string }>;
  adminToken(): Promise<string>;
  createUser(roleId: string, password?: string): Promise<{ id: string; token: string; username: string; password: string }>;
  stop(): Promise<void>;
}

export async function createDatabaseCopy(server: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `sentinel_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.query(`CREATE DATABASE ${name} TEMPLATE ${inject('pgTemplate')}`);
      break;
    } catch (err) {
      if (attempt >= 20) throw err;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200)); // another file is copying the template
    }
  }
  await admin.end();
  return {
    url: databaseUrlFor(server, name),
    async drop() {
      const c = new pg.Client({ connectionString: server });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export async function startTestSystem(overrides: Record<string, string> = {}): Promise<TestSystem> {
  const server = testDatabaseUrl();
  const copy = server ? await createDatabaseCopy(server) : undefined;
  const system = await startSystem({
    config: testConfig({ ...(copy ? { DATABASE_URL: copy.url } : {}), ...overrides }),
    ...(copy ? {} : { database: { dataDir: 'memory://', loadDataDir: new Blob([readFileSync(PGLITE_TEMPLATE)]) } }),
  });
  const baseUrl = system.url!;
  let adminToken: string | undefined;

  const request = async (method: string, path: string, opts: RequestOptions = {}): Promise<ApiResponse> => {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body: string | undefined = opts.rawBody;
    if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(`${baseUrl}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await res.text();
    let parsed: unknown = text;
    if ((res.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text);
    return { status: res.status, headers: res.headers, body: parsed };
  };

  const login = async (username: string, password: string) => {
    const r = await request('POST', '/api/v1/auth/login', { body: { username, password } });
    if (r.status !== 200) throw new Error(`login failed: ${r.status} ${JSON.stringify(r.body)}`);
    return { accessToken: r.body.data.accessToken as string, refreshToken: r.body.data.refreshToken as string };
  };

  let counter = 0;
  const getAdminToken = async () => {
    adminToken ??= (await login(ADMIN_USERNAME, ADMIN_PASSWORD)).accessToken;
    return adminToken;
  };
  return {
    baseUrl,
    system,
    db: system.database,
    request,
    login,
    adminToken: getAdminToken,
    async createUser(roleId, password = 'user-password-123') {
      counter += 1;
      const username = `user${counter}${randomBytes(3).toString('hex')}`;
      const r = await request('POST', '/api/v1/users', {
        token: await getAdminToken(),
        body: { name: `Test ${username}`, email: `${username}@example.com`, username, roleId, password },
      });
      if (r.status !== 201) throw new Error(`createUser failed: ${r.status} ${JSON.stringify(r.body)}`);
      const { accessToken } = await login(username, password);
      return { id: r.body.data.id as string, token: accessToken, username, password };
    },
    async stop() {
      await system.stop();
      await copy?.drop();
    },
  };
}
