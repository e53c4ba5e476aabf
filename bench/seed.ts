/**
 * Puts the bench data in through the public API, as an operator would: log in as the Admin, then add the
 * cameras with POST /api/v1/cameras (RTSP with credentials, so sealing and masking run like in production).
 */
export const CAMERA_COUNT = 100;

async function call(url: string, init: { method?: string; token?: string; body?: unknown } = {}): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url, {
    method: init.method ?? 'GET',
    headers: { ...(init.token ? { authorization: `Bearer ${init.token}` } : {}), ...(init.body ? { 'content-type': 'application/json' } : {}) },
    ...(init.body ? { body: JSON.stringify(init.body) } : {}),
  });
  return { status: res.status, body: await res.json() };
}

export async function login(baseUrl: string, username: string, password: string): Promise<string> {
  const r = await call(`${baseUrl}/api/v1/auth/login`, { method: 'POST', body: { username, password } });
  const token = (r.body as { data?: { accessToken?: string } }).data?.accessToken;
  if (r.status !== 200 || !token) throw new Error(`login failed: ${r.status} ${JSON.stringify(r.body)}`);
  return token;
}

export async function seedCameras(baseUrl: string, token: string): Promise<void> {
  const indexes = Array.from({ length: CAMERA_COUNT }, (_, i) => i);
  // a few at a time; names are out of insertion order so ORDER BY name has real work to do
  for (let start = 0; start < indexes.length; start += 10) {
    await Promise.all(
      indexes.slice(start, start + 10).map(async (i) => {
        const n = (i * 37) % CAMERA_COUNT;
        const body = {
          name: `Camera ${String(n).padStart(3, '0')}`,
          location: `Building ${String.fromCharCode(65 + (i % 4))} / Floor ${1 + (i % 5)}`,
          streamType: 'RTSP',
          streamUrl: `rtsp://viewer:secret-${i}@10.20.${Math.floor(i / 250)}.${1 + (i % 250)}:554/stream1`,
          tags: ['bench', `floor-${1 + (i % 5)}`],
        };
        const r = await call(`${baseUrl}/api/v1/cameras`, { method: 'POST', token, body });
        if (r.status !== 201) throw new Error(`creating camera ${i} failed: ${r.status} ${JSON.stringify(r.body)}`);
      }),
    );
  }
}

/** The camera ids a target returns, after checking it answers 200 with a full page out of CAMERA_COUNT. */
export async function pageIds(name: string, url: string, headers: Record<string, string>, unwrap: (body: unknown) => unknown): Promise<string[]> {
  const res = await fetch(url, { headers });
  const body: unknown = await res.json();
  const page = unwrap(body) as { data?: { id: string }[]; meta?: { total?: number } } | undefined;
  if (res.status !== 200 || page?.data?.length !== 50 || page.meta?.total !== CAMERA_COUNT) {
    throw new Error(`${name} did not return page 1 of ${CAMERA_COUNT} cameras: ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
  }
  return page.data.map((c) => c.id);
}
