/** @sentinel/client against a running server: login, typed calls, errors, and transparent token refresh. */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { appCodeOf, createLocalStorageTokenStore, createMemoryTokenStore, createSentinelClient, isSentinelError, type SentinelClientOptions } from '@sentinel/client';
import { ADMIN_PASSWORD, ADMIN_USERNAME } from './support/config.ts';
import { startTestSystem, type TestSystem } from './support/system.ts';

let sys: TestSystem;

beforeAll(async () => {
  sys = await startTestSystem();
});
afterAll(() => sys.stop());

/** A fetch that remembers every request URL and response body the client made. */
function recordingFetch() {
  const urls: string[] = [];
  const bodies: Promise<string>[] = [];
  const recorded: typeof fetch = async (input, init) => {
    urls.push(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const res = await fetch(input, init);
    bodies.push(res.clone().text());
    return res;
  };
  return { fetch: recorded, urls, bodies, refreshes: () => urls.filter((u) => u.includes('auth.refresh')).length };
}

function clientFor(system: TestSystem, extra: Partial<SentinelClientOptions> = {}) {
  const store = createMemoryTokenStore();
  const wire = recordingFetch();
  const client = createSentinelClient({ baseUrl: system.baseUrl, tokenStore: store, fetch: wire.fetch, ...extra });
  return { ...client, store, wire };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail('the call should have failed'),
    (err: unknown) => err,
  );
}

describe('session', () => {
  it('logs in, keeps the token pair and answers auth.me with the user', async () => {
    const { session, trpc, store } = clientFor(sys);
    expect(session.isLoggedIn()).toBe(false);
    const user = await session.login(ADMIN_USERNAME, ADMIN_PASSWORD);
    expect(user).toMatchObject({ username: ADMIN_USERNAME, roleId: 'ROLE-ADMIN', status: 'active' });
    expect(session.isLoggedIn()).toBe(true);
    expect(store.get()?.accessToken.split('.')).toHaveLength(3);
    const me = await trpc.auth.me.query();
    expect(me.user.username).toBe(ADMIN_USERNAME);
    expect(me.permissions).toEqual(expect.arrayContaining(['cameras:read', 'cameras:write']));
  });

  it('speaks superjson on /api/trpc (no procedure returns a Date yet, so the envelope is what is checked)', async () => {
    const { session, trpc, wire } = clientFor(sys);
    await session.login(ADMIN_USERNAME, ADMIN_PASSWORD);
    await trpc.auth.me.query();
    expect(wire.urls.at(-1)).toContain('/api/trpc/auth.me');
    const body = JSON.parse((await wire.bodies.at(-1)) ?? 'null');
    expect(body[0].result.data.json.user.username).toBe(ADMIN_USERNAME);
  });

  it('logout revokes the refresh token on the server and empties the store', async () => {
    const { session, store } = clientFor(sys);
    await session.login(ADMIN_USERNAME, ADMIN_PASSWORD);
    const refreshToken = store.get()?.refreshToken;
    await session.logout();
    expect(session.isLoggedIn()).toBe(false);
    expect(store.get()).toBeNull();
    expect((await sys.request('POST', '/api/v1/auth/refresh', { body: { refreshToken } })).status).toBe(401);
  });

  it('a call without a session fails with AUTH_UNAUTHORIZED and is neither refreshed nor retried', async () => {
    const { trpc, wire } = clientFor(sys);
    const err = await rejection(trpc.auth.me.query());
    expect(isSentinelError(err)).toBe(true);
    expect(appCodeOf(err)).toBe('AUTH_UNAUTHORIZED');
    expect(wire.urls).toHaveLength(1);
  });

  it('a wrong password surfaces AUTH_UNAUTHORIZED from login and leaves the store empty', async () => {
    const { session } = clientFor(sys);
    expect(appCodeOf(await rejection(session.login(ADMIN_USERNAME, 'not-the-password')))).toBe('AUTH_UNAUTHORIZED');
    expect(session.isLoggedIn()).toBe(false);
  });
});

describe('cameras through the client', () => {
  it('creates, lists, updates, toggles and deletes a camera, and REST sees the same camera', async () => {
    const { session, trpc } = clientFor(sys);
    await session.login(ADMIN_USERNAME, ADMIN_PASSWORD);
    const admin = await sys.adminToken();

    const created = await trpc.cameras.create.mutate({
      name: 'Client Dock', location: 'Dock 3', streamType: 'RTSP', streamUrl: 'rtsp://viewer:dock-Secret-9@10.1.2.3:554/main', tags: ['dock'],
    });
    expect(created).toMatchObject({ name: 'Client Dock', streamUrl: 'rtsp://viewer:****@10.1.2.3:554/main', hasCredentials: true, enabled: true });
    expect(JSON.stringify(created)).not.toContain('dock-Secret-9');

    const rest = await sys.request('GET', `/api/v1/cameras/${created.id}`, { token: admin });
    expect(rest.status).toBe(200);
    expect(rest.body.data).toMatchObject({ id: created.id, name: 'Client Dock', streamUrl: 'rtsp://viewer:****@10.1.2.3:554/main' });

    const listed = await trpc.cameras.list.query({ streamType: 'RTSP', search: 'Client Dock', pageSize: 10 });
    expect(listed.data.map((c) => c.id)).toEqual([created.id]);
    expect(listed.meta).toMatchObject({ page: 1, pageSize: 10, total: 1 });
    expect((await trpc.cameras.list.query({ streamType: 'USB', search: 'Client Dock' })).data).toHaveLength(0);

    const updated = await trpc.cameras.update.mutate({ id: created.id, name: 'Client Dock North', tags: ['dock', 'north'] });
    expect(updated).toMatchObject({ name: 'Client Dock North', tags: ['dock', 'north'], streamUrl: 'rtsp://viewer:****@10.1.2.3:554/main' });

    const disabled = await trpc.cameras.setState.mutate({ id: created.id, enabled: false });
    expect(disabled.enabled).toBe(false);
    const off = await trpc.cameras.list.query({ enabled: 'false', search: 'Client Dock' });
    expect(off.data.map((c) => c.id)).toEqual([created.id]);
    expect((await sys.request('GET', `/api/v1/cameras/${created.id}`, { token: admin })).body.data).toMatchObject({ name: 'Client Dock North', enabled: false });

    await trpc.cameras.delete.mutate({ id: created.id });
    expect(appCodeOf(await rejection(trpc.cameras.get.query({ id: created.id })))).toBe('NOT_FOUND');
    expect((await sys.request('GET', `/api/v1/cameras/${created.id}`, { token: admin })).status).toBe(404);
  });

  it('a validation error carries data.appCode VALIDATION_ERROR with per-field details, and is not retried', async () => {
    const { session, trpc, wire } = clientFor(sys);
    await session.login(ADMIN_USERNAME, ADMIN_PASSWORD);
    const sent = wire.urls.length;
    const err = await rejection(trpc.cameras.create.mutate({ name: '', streamType: 'RTSP', streamUrl: 'rtsp://10.0.0.9/live' }));
    expect(isSentinelError(err)).toBe(true);
    if (!isSentinelError(err)) return;
    expect(err.data?.appCode).toBe('VALIDATION_ERROR');
    expect(err.data?.details).toHaveProperty('name');
    expect(wire.urls.length - sent).toBe(1);

    const rule = await rejection(trpc.cameras.create.mutate({ name: 'Wrong scheme', streamType: 'RTSP', streamUrl: 'http://10.0.0.9/live' }));
    expect(appCodeOf(rule)).toBe('VALIDATION_ERROR');
    expect(isSentinelError(rule) && rule.data?.details).toHaveProperty('streamUrl');
  });
});

describe('refresh of an expired access token', () => {
  const ACCESS_TTL_MS = 5_000;
  let short: TestSystem;
  let loggedInAt = 0;
  let concurrent: ReturnType<typeof clientFor> & { userId: string };
  let stolen: ReturnType<typeof clientFor> & { onSessionExpired: ReturnType<typeof vi.fn> };

  // Both clients log in here, so the tests below share one wait for the access tokens to expire.
  beforeAll(async () => {
    short = await startTestSystem({ ACCESS_TOKEN_TTL_SECONDS: String(ACCESS_TTL_MS / 1000) });
    const user = await short.createUser('ROLE-OPERATOR');
    concurrent = { ...clientFor(short), userId: user.id };
    const onSessionExpired = vi.fn();
    stolen = { ...clientFor(short, { onSessionExpired }), onSessionExpired };
    await concurrent.session.login(user.username, user.password);
    await stolen.session.login(ADMIN_USERNAME, ADMIN_PASSWORD);
    loggedInAt = Date.now();
  });
  afterAll(() => short.stop());

  const accessTokensExpired = () => new Promise((r) => setTimeout(r, Math.max(0, loggedInAt + ACCESS_TTL_MS + 1_000 - Date.now())));
  const refreshRows = (userId: string) =>
    short.db.db.selectFrom('refresh_tokens').select((eb) => eb.fn.countAll<string>().as('n')).where('user_id', '=', userId).executeTakeFirstOrThrow().then((r) => Number(r.n));

  it('refreshes once for three concurrent calls that hit the expiry, then each call succeeds', async () => {
    const { trpc, store, wire, userId } = concurrent;
    await accessTokensExpired();
    const before = { tokens: store.get(), rows: await refreshRows(userId) };

    const [me, cameras, summaries] = await Promise.all([
      trpc.auth.me.query(),
      trpc.cameras.list.query({}),
      trpc.cameras.summaries.query(),
    ]);
    expect(me.user.id).toBe(userId);
    expect(cameras.meta.page).toBe(1);
    expect(Array.isArray(summaries)).toBe(true);

    expect(wire.refreshes()).toBe(1);
    expect(await refreshRows(userId)).toBe(before.rows + 1);
    expect(store.get()?.accessToken).not.toBe(before.tokens?.accessToken);
    expect(store.get()?.refreshToken).not.toBe(before.tokens?.refreshToken);
  });

  it('ends the session when the stored refresh token was already used: store cleared, onSessionExpired, original error', async () => {
    const { trpc, store, session, onSessionExpired } = stolen;
    // someone else rotates the client's refresh token, so the client's copy is now a reused one
    const rotated = await short.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: store.get()?.refreshToken } });
    expect(rotated.status).toBe(200);
    await accessTokensExpired();

    const err = await rejection(trpc.auth.me.query());
    expect(appCodeOf(err)).toBe('AUTH_TOKEN_EXPIRED');
    expect(onSessionExpired).toHaveBeenCalledTimes(1);
    expect(store.get()).toBeNull();
    expect(session.isLoggedIn()).toBe(false);
    // the reuse revoked the whole family, the other holder's pair included
    expect((await short.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: rotated.body.data.refreshToken } })).status).toBe(401);
  });
});

describe('token stores', () => {
  it('the localStorage store works without localStorage (Node) and keeps the pair as JSON under its key in a browser', () => {
    const pair = { accessToken: 'access', refreshToken: 'refresh' };
    const nodeStore = createLocalStorageTokenStore('sentinel.test');
    nodeStore.set(pair);
    expect(nodeStore.get()).toEqual(pair);

    const items = new Map<string, string>();
    vi.stubGlobal('localStorage', {
      getItem: (k: string) => items.get(k) ?? null,
      setItem: (k: string, v: string) => void items.set(k, v),
      removeItem: (k: string) => void items.delete(k),
    });
    try {
      const browserStore = createLocalStorageTokenStore('sentinel.test');
      expect(browserStore.get()).toBeNull();
      browserStore.set(pair);
      expect(JSON.parse(items.get('sentinel.test') ?? 'null')).toEqual(pair);
      expect(createLocalStorageTokenStore('sentinel.test').get()).toEqual(pair); // another tab sees it
      items.set('sentinel.test', '{not json');
      expect(browserStore.get()).toBeNull();
      browserStore.set(null);
      expect(items.has('sentinel.test')).toBe(false);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe('live events through the typed client', () => {
  it('a tRPC subscription delivers events with the token sent as connection params (no headers needed)', async () => {
    const { EventSource } = await import('eventsource');
    const sys = await startTestSystem();
    try {
      const { trpc, session } = createSentinelClient({ baseUrl: sys.baseUrl, EventSource: EventSource });
      await session.login(ADMIN_USERNAME, ADMIN_PASSWORD);
      const admin = await sys.adminToken();
      await sys.request('POST', '/api/v1/cameras', { token: admin, body: { id: 'SUB-1', name: 'Sub', streamType: 'RTSP', streamUrl: 'rtsp://10.0.0.3/s' } });
      const received = new Promise<unknown>((resolve, reject) => {
        const sub = trpc.realtime.events.subscribe({ channels: ['camera-status'] }, {
          onData: (event) => {
            sub.unsubscribe();
            resolve(event);
          },
          onError: reject,
        });
      });
      await new Promise((r) => setTimeout(r, 300));
      await sys.request('PUT', '/api/v1/cameras/SUB-1', { token: admin, body: { status: 'maintenance' } });
      expect(await received).toMatchObject({ type: 'camera-status', cameraId: 'SUB-1', status: 'maintenance' });
    } finally {
      await sys.stop();
    }
  });
});
