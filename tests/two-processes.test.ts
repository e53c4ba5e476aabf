/**
 * Two server processes on one PostgreSQL database: a client connected to either receives every event,
 * because events travel through LISTEN/NOTIFY. (The embedded database serves one process, so this runs
 * when TEST_DATABASE_URL names a server.)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, ADMIN_USERNAME, testConfig, testDatabaseUrl } from './support/config.ts';
import { openSocket, openSse } from './support/live.ts';
import { createDatabaseCopy } from './support/system.ts';

const server = testDatabaseUrl();

interface ServerProcess {
  child: ChildProcess;
  url: string;
  exited: Promise<number | null>;
}

function startProcess(databaseUrl: string): Promise<ServerProcess> {
  const cfg = testConfig();
  // the Node binary itself (not a wrapper script), so SIGTERM reaches the server's own handler
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts', '--no-web'], {
    env: {
      NODE_ENV: 'test',
      PATH: process.env.PATH,
      DATABASE_URL: databaseUrl,
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'warn',
      SEED_DEMO: 'false',
      ADMIN_PASSWORD,
      JWT_SECRET: cfg.JWT_SECRET,
      ENCRYPTION_KEY: cfg.ENCRYPTION_KEY,
      DATA_DIR: cfg.DATA_DIR,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 60_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /Sentinel is up: (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1]!, exited });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
  });
}

describe.skipIf(!server)('two server processes on one database', () => {
  let db: { url: string; drop(): Promise<void> };
  let a: ServerProcess;
  let b: ServerProcess;
  let token: string;

  beforeAll(async () => {
    db = await createDatabaseCopy(server!);
    [a, b] = await Promise.all([startProcess(db.url), startProcess(db.url)]);
    const login = await fetch(`${a.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: ADMIN_USERNAME, password: ADMIN_PASSWORD }) });
    token = ((await login.json()) as { data: { accessToken: string } }).data.accessToken;
  });
  afterAll(async () => {
    a?.child.kill('SIGTERM');
    b?.child.kill('SIGTERM');
    await Promise.all([a?.exited, b?.exited]);
    await db?.drop();
  });

  const call = (base: string, method: string, path: string, body?: unknown) =>
    fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });

  it('a client on either process receives events caused on the other', async () => {
    expect((await call(b.url, 'POST', '/api/v1/cameras', { id: 'TWO-1', name: 'Two', streamType: 'RTSP', streamUrl: 'rtsp://10.0.0.2/s' })).status).toBe(201);
    const onA = await openSocket(`${a.url.replace('http', 'ws')}/ws`, { token });
    const onB = await openSocket(`${b.url.replace('http', 'ws')}/ws/live`, { token });
    const sseOnA = await openSse(`${a.url}/sse/events?token=${token}&channels=camera-status`);
    onA.send({ action: 'subscribe', channel: 'camera-status' });
    onB.send({ action: 'subscribe', channel: 'camera-status' });
    await onA.next((m) => m.type === 'subscribed');
    await onB.next((m) => m.type === 'subscribed');

    expect((await call(b.url, 'PUT', '/api/v1/cameras/TWO-1', { status: 'maintenance' })).status).toBe(200);
    expect(await onA.next((m) => m.type === 'camera-status')).toEqual({ type: 'camera-status', cameraId: 'TWO-1', status: 'maintenance', lastSeen: null });
    await onB.next((m) => m.type === 'camera-status' && m.status === 'maintenance');
    await sseOnA.reader!.next((e) => e.data.status === 'maintenance');

    expect((await call(a.url, 'PUT', '/api/v1/cameras/TWO-1', { status: 'offline' })).status).toBe(200);
    await onB.next((m) => m.type === 'camera-status' && m.status === 'offline');
    await onA.next((m) => m.type === 'camera-status' && m.status === 'offline');
    onA.ws.close();
    onB.ws.close();
    sseOnA.reader!.close();
  });

  it('both processes stop gracefully on SIGTERM', async () => {
    a.child.kill('SIGTERM');
    b.child.kill('SIGTERM');
    expect(await a.exited).toBe(0);
    expect(await b.exited).toBe(0);
  });
});
