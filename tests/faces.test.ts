/**
 * /api/v1/faces as a client sees it: multipart uploads of real JPEG/PNG/WebP files, content checks, limits,
 * signed download links, thumbnails, erasure that leaves nothing in storage or the database, permissions,
 * and the typed client sending base64 images over tRPC.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { createSentinelClient, isSentinelError, appCodeOf } from '@sentinel/client';
import { ADMIN_PASSWORD, ADMIN_USERNAME } from './support/config.ts';
import { startTestSystem, type TestSystem } from './support/system.ts';

const MAX_FILE_BYTES = 400_000;
const MAX_FILES = 4;

let sys: TestSystem;
let admin: string;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'sentinel-faces-'));
  sys = await startTestSystem({ DATA_DIR: dataDir, UPLOAD_MAX_FILE_BYTES: String(MAX_FILE_BYTES), UPLOAD_MAX_FILES: String(MAX_FILES) });
  admin = await sys.adminToken();
  [JPEG, PNG, WEBP] = await Promise.all([image('jpeg'), image('png'), image('webp')]);
});
afterAll(async () => {
  await sys.stop();
  await rm(dataDir, { recursive: true, force: true });
});

let JPEG: Buffer;
let PNG: Buffer;
let WEBP: Buffer;

/** A 600x400 picture with some structure, so every format really has to encode something. */
function image(format: 'jpeg' | 'png' | 'webp', width = 600, height = 400): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#c96"/><circle cx="${width / 2}" cy="${height / 2}" r="${height / 3}" fill="#fdb"/></svg>`;
  return sharp(Buffer.from(svg))[format]().toBuffer();
}

interface Part {
  name: string;
  bytes: Uint8Array;
  type?: string;
}

let seq = 0;
const employeeId = () => `EMP-${process.pid}-${++seq}`;

async function multipart(method: string, url: string, fields: Record<string, string>, files: Part[], token = admin) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  for (const f of files) form.append('images', new Blob([new Uint8Array(f.bytes)], { type: f.type ?? 'application/octet-stream' }), f.name);
  const res = await fetch(`${sys.baseUrl}/api/v1${url}`, { method, body: form, headers: { authorization: `Bearer ${token}` } });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

const api = (method: string, url: string, body?: unknown, token = admin) => sys.request(method, `/api/v1${url}`, { token, ...(body !== undefined ? { body } : {}) });

const b64 = (bytes: Uint8Array, filename = 'face.jpg', contentType = 'image/jpeg') => ({ filename, contentType, data: Buffer.from(bytes).toString('base64') });

async function register(fields: Record<string, string> = {}, files: Part[] = [{ name: 'face.jpg', bytes: JPEG, type: 'image/jpeg' }]) {
  const res = await multipart('POST', '/faces', { name: 'Test Person', employeeId: employeeId(), department: 'Operations', ...fields }, files);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.data;
}

async function download(url: string, method = 'GET') {
  const res = await fetch(new URL(url, sys.baseUrl), { method });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

/** Every file (hidden sidecars included) under DATA_DIR/files/<sub>, as paths relative to it. */
async function filesUnder(sub: string): Promise<string[]> {
  const dir = path.join(dataDir, 'files', sub);
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name))).sort();
}

const imageRows = (profileId: string) => sys.db.db.selectFrom('face_images').selectAll().where('profile_id', '=', profileId).execute();

describe('registering a face profile', () => {
  it('creates a profile from multipart JPEG, PNG and WebP files: 201, signed links, rows and files keyed by ids only', async () => {
    const id = employeeId();
    const res = await multipart('POST', '/faces', { name: 'Amira Haddad', employeeId: id, department: 'Security' }, [
      { name: 'amira-front.jpg', bytes: JPEG, type: 'image/jpeg' },
      { name: 'amira-left.png', bytes: PNG, type: 'image/png' },
      { name: 'amira-right.webp', bytes: WEBP, type: 'image/webp' },
    ]);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const p = res.body.data;
    expect(p).toMatchObject({ name: 'Amira Haddad', employeeId: id, department: 'Security', status: 'active' });
    expect(p.id).toMatch(/^FACE-/);
    expect(p.images).toHaveLength(3);
    for (const img of p.images) {
      expect(img.imageId).toMatch(/^IMG-/);
      expect(img.url).toMatch(/^\/files\/content\/faces\/.+\?exp=\d+&sig=[0-9a-f]{64}$/);
      expect(img.thumbnailUrl).toMatch(/\.thumb\.jpg\?exp=/);
      expect(new Date(img.createdAt).toISOString()).toBe(img.createdAt);
    }
    const rows = await imageRows(p.id);
    expect(rows.map((r) => r.content_type).sort()).toEqual(['image/jpeg', 'image/png', 'image/webp']);
    expect(rows.every((r) => r.width === 600 && r.height === 400 && /^[0-9a-f]{64}$/.test(r.sha256))).toBe(true);
    const files = await filesUnder(`faces/${p.id}`);
    expect(files.filter((f) => !f.startsWith('.'))).toHaveLength(6); // 3 originals + 3 thumbnails
    expect(JSON.stringify(files).toLowerCase()).not.toContain('amira');
  });

  it('downloads the exact bytes with their Content-Type through the signed link, privately cached', async () => {
    const p = await register({}, [{ name: 'a.png', bytes: PNG, type: 'image/png' }, { name: 'b.webp', bytes: WEBP, type: 'image/webp' }]);
    const [png, webp] = p.images;
    const a = await download(png.url);
    expect(a.status).toBe(200);
    expect(a.headers.get('content-type')).toBe('image/png');
    expect(a.headers.get('cache-control')).toMatch(/^private\b/);
    expect(a.bytes.equals(PNG)).toBe(true);
    const b = await download(webp.url);
    expect(b.headers.get('content-type')).toBe('image/webp');
    expect(b.bytes.equals(WEBP)).toBe(true);
    const head = await download(png.url, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(PNG.length));
  });

  it('makes a decodable JPEG thumbnail of at most 256px', async () => {
    const big = await image('png', 1200, 900);
    const p = await register({}, [{ name: 'big.png', bytes: big, type: 'image/png' }]);
    const t = await download(p.images[0].thumbnailUrl);
    expect(t.status).toBe(200);
    expect(t.headers.get('content-type')).toBe('image/jpeg');
    const meta = await sharp(t.bytes).metadata();
    expect(meta.format).toBe('jpeg');
    expect(Math.max(meta.width, meta.height)).toBe(256);
    expect(meta).toMatchObject({ width: 256, height: 192 });
    const preview = await api('GET', `/faces/${p.id}/preview`);
    expect(preview.status).toBe(200);
    expect(preview.body.data).toMatchObject({ id: p.id, employeeId: p.employeeId, thumbnails: [{ imageId: p.images[0].imageId }] });
    expect((await download(preview.body.data.thumbnails[0].url)).bytes.equals(t.bytes)).toBe(true);
  });

  it('answers 409 for an employee id that already has a profile, and stores nothing for the refused upload', async () => {
    const p = await register();
    const before = await filesUnder('faces');
    const res = await multipart('POST', '/faces', { name: 'Someone Else', employeeId: p.employeeId }, [{ name: 'x.jpg', bytes: JPEG }]);
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'CONFLICT', details: { employeeId: p.employeeId } });
    expect(await filesUnder('faces')).toEqual(before);
  });

  it('trusts the content, not the name or the claimed type', async () => {
    const p = await register({}, [{ name: 'really-a-png.jpg', bytes: PNG, type: 'image/jpeg' }]);
    expect((await imageRows(p.id))[0]?.content_type).toBe('image/png');
    expect((await download(p.images[0].url)).headers.get('content-type')).toBe('image/png');
  });

  it('requires at least one image', async () => {
    const res = await multipart('POST', '/faces', { name: 'No Face', employeeId: employeeId() }, []);
    expect(res.status).toBe(422);
    expect(res.body.error.details).toHaveProperty('images');
  });
});

describe('refused uploads', () => {
  it('refuses a text file renamed .jpg with 422 naming the file', async () => {
    const res = await multipart('POST', '/faces', { name: 'Text', employeeId: employeeId() }, [
      { name: 'face.jpg', bytes: JPEG },
      { name: 'notes.jpg', bytes: Buffer.from('just some text, not an image at all'), type: 'image/jpeg' },
    ]);
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: 'VALIDATION_ERROR', details: { images: 'notes.jpg: not a JPEG, PNG or WebP image' } });
  });

  it('refuses a truncated JPEG and a corrupt PNG with 422 naming the file', async () => {
    for (const [name, bytes] of [['cut.jpg', JPEG.subarray(0, Math.floor(JPEG.length / 2))], ['broken.png', Buffer.concat([PNG.subarray(0, 40), Buffer.alloc(200, 7)])]] as const) {
      const res = await multipart('POST', '/faces', { name: 'Broken', employeeId: employeeId() }, [{ name, bytes }]);
      expect(res.status, name).toBe(422);
      expect(res.body.error.details.images).toMatch(new RegExp(`^${name.replace('.', '\\.')}: `));
    }
  });

  it('answers 413 for a file over UPLOAD_MAX_FILE_BYTES', async () => {
    const huge = await sharp({ create: { width: 800, height: 800, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma: 60 } } }).png().toBuffer();
    expect(huge.length).toBeGreaterThan(MAX_FILE_BYTES);
    const res = await multipart('POST', '/faces', { name: 'Huge', employeeId: employeeId() }, [{ name: 'huge.png', bytes: huge }]);
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers 422 for more than UPLOAD_MAX_FILES files', async () => {
    const files = Array.from({ length: MAX_FILES + 1 }, (_, i) => ({ name: `f${i}.jpg`, bytes: JPEG }));
    const res = await multipart('POST', '/faces', { name: 'Many', employeeId: employeeId() }, files);
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('VALIDATION_ERROR');
  });

  it('answers bad input with 422 (or 404 for unknown ids), never 500', async () => {
    const cases: [string, string, unknown][] = [
      ['POST', '/faces', { employeeId: 'E-1', images: [b64(JPEG)] }],
      ['POST', '/faces', { name: 'x', employeeId: 'has space', images: [b64(JPEG)] }],
      ['POST', '/faces', { name: 'x', employeeId: 'E-2', status: 'retired', images: [b64(JPEG)] }],
      ['POST', '/faces', { name: 'x', employeeId: 'E-3', images: [{ filename: 'a.jpg', data: '***not base64***' }] }],
      ['POST', '/faces', { name: 'x', employeeId: 'E-4', images: 'face.jpg' }],
      ['POST', '/faces', { name: 'x', employeeId: 'E-5', images: [b64(Buffer.from('GIF89a fake'), 'a.gif', 'image/gif')] }],
    ];
    for (const [method, url, body] of cases) {
      const res = await api(method, url, body);
      expect(res.status, `${JSON.stringify(body).slice(0, 80)} -> ${JSON.stringify(res.body)}`).toBe(422);
      expect(res.body.error.code).toBe('VALIDATION_ERROR');
    }
    expect((await api('GET', '/faces?status=retired')).status).toBe(422);
    expect((await api('PUT', '/faces/FACE-NOPE', { name: 'x' })).status).toBe(404);
    expect((await api('GET', '/faces/FACE-NOPE')).status).toBe(404);
    expect((await api('GET', '/faces/FACE-NOPE/images')).status).toBe(404);
    expect((await api('DELETE', '/faces/FACE-NOPE')).status).toBe(404);
    expect((await multipart('POST', '/faces/FACE-NOPE/images', {}, [{ name: 'a.jpg', bytes: JPEG }])).status).toBe(404);
  });
});

describe('listing', () => {
  it('filters by department and status, searches name and employee id, and paginates', async () => {
    const dept = `Dept-${process.pid}-${Date.now()}`;
    const made = [];
    for (const [name, status] of [['Alice Brown', 'active'], ['Bob Stone', 'inactive'], ['Carol Stone', 'active']] as const) {
      made.push(await register({ name, status, department: dept }));
    }
    const all = await api('GET', `/faces?department=${dept}`);
    expect(all.status).toBe(200);
    expect(all.body.data.map((p: { name: string }) => p.name)).toEqual(['Alice Brown', 'Bob Stone', 'Carol Stone']);
    expect(all.body.meta).toEqual({ page: 1, pageSize: 20, total: 3, totalPages: 1 });
    expect(all.body.data[0].images[0].url).toMatch(/^\/files\/content\//);
    const active = await api('GET', `/faces?department=${dept}&status=inactive`);
    expect(active.body.data.map((p: { name: string }) => p.name)).toEqual(['Bob Stone']);
    const search = await api('GET', `/faces?department=${dept}&search=stone`);
    expect(search.body.meta.total).toBe(2);
    const byEmployee = await api('GET', `/faces?search=${made[2].employeeId}`);
    expect(byEmployee.body.data.map((p: { id: string }) => p.id)).toEqual([made[2].id]);
    const page2 = await api('GET', `/faces?department=${dept}&pageSize=2&page=2`);
    expect(page2.body.data.map((p: { name: string }) => p.name)).toEqual(['Carol Stone']);
    expect(page2.body.meta).toEqual({ page: 2, pageSize: 2, total: 3, totalPages: 2 });
  });
});

describe('editing and images', () => {
  it('edits metadata including status, refuses a taken employee id with 409, and audits without image data', async () => {
    const p = await register({ name: 'Dan Old' });
    const other = await register();
    const res = await api('PUT', `/faces/${p.id}`, { name: 'Dan New', department: 'Logistics', status: 'inactive' });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ id: p.id, name: 'Dan New', department: 'Logistics', status: 'inactive', employeeId: p.employeeId });
    expect(res.body.data.images).toHaveLength(1);
    expect((await api('GET', `/faces/${p.id}`)).body.data.status).toBe('inactive');
    const taken = await api('PUT', `/faces/${p.id}`, { employeeId: other.employeeId });
    expect(taken.status).toBe(409);
    const audit = await sys.db.db.selectFrom('audit_logs').selectAll().where('resource_id', '=', p.id).orderBy('at').execute();
    expect(audit.map((a) => a.action)).toEqual(['face.create', 'face.update']);
    expect(audit[1]?.before).toMatchObject({ name: 'Dan Old' });
    expect(audit[1]?.after).toMatchObject({ name: 'Dan New', status: 'inactive' });
    const text = JSON.stringify(audit);
    const sha = (await imageRows(p.id))[0]!.sha256;
    expect(text).not.toContain(JPEG.subarray(0, 30).toString('base64'));
    expect(text).not.toContain(sha);
  });

  it('adds samples ({imageId, url} of the first plus the list), lists them, and erases one with both its files', async () => {
    const p = await register();
    const one = await multipart('POST', `/faces/${p.id}/images`, {}, [{ name: 'second.webp', bytes: WEBP }]);
    expect(one.status).toBe(201);
    expect(one.body.data).toMatchObject({ imageId: expect.stringMatching(/^IMG-/), url: expect.stringMatching(/^\/files\/content\//) });
    expect(one.body.data.images).toHaveLength(1);
    const two = await multipart('POST', `/faces/${p.id}/images`, {}, [{ name: 'a.png', bytes: PNG }, { name: 'b.jpg', bytes: JPEG }]);
    expect(two.status).toBe(201);
    expect(two.body.data.images.map((i: { imageId: string }) => i.imageId)[0]).toBe(two.body.data.imageId);
    expect(two.body.data.images).toHaveLength(2);

    const list = await api('GET', `/faces/${p.id}/images`);
    expect(list.status).toBe(200);
    expect(list.body.data).toHaveLength(4);
    expect(list.body.data[0]).toEqual({ imageId: expect.any(String), url: expect.any(String), thumbnailUrl: expect.any(String), createdAt: expect.any(String) });

    const victim = one.body.data.imageId as string;
    const victimUrl = one.body.data.url as string;
    expect((await filesUnder(`faces/${p.id}`)).filter((f) => f.includes(victim))).toHaveLength(4); // original, thumbnail and their sidecars
    const del = await api('DELETE', `/faces/${p.id}/images/${victim}`);
    expect(del.status).toBe(204);
    expect((await filesUnder(`faces/${p.id}`)).filter((f) => f.includes(victim))).toEqual([]);
    expect((await imageRows(p.id)).map((r) => r.id)).not.toContain(victim);
    expect((await api('GET', `/faces/${p.id}/images`)).body.data).toHaveLength(3);
    expect((await download(victimUrl)).status).toBe(404);
    expect((await api('DELETE', `/faces/${p.id}/images/${victim}`)).status).toBe(404);
  });
});

describe('signed links', () => {
  it('answers 403 in the error envelope for an expired link and a tampered signature, 404 for an erased file', async () => {
    const p = await register();
    const key = (await imageRows(p.id))[0]!.storage_key;
    const expired = sys.system.app.urls.sign(key, { ttlSeconds: -60 });
    const a = await fetch(new URL(expired, sys.baseUrl));
    expect(a.status).toBe(403);
    expect(await a.json()).toMatchObject({ success: false, error: { code: 'AUTH_FORBIDDEN', message: expect.stringMatching(/expired/) }, requestId: expect.any(String) });

    const good = p.images[0].url as string;
    const sig = new URL(good, sys.baseUrl).searchParams.get('sig')!;
    const tampered = good.replace(sig, [...sig].reverse().join(''));
    const b = await fetch(new URL(tampered, sys.baseUrl));
    expect(b.status).toBe(403);
    expect((await b.json()).error.code).toBe('AUTH_FORBIDDEN');
    expect((await download(good.replace(/\?.*$/, ''))).status).toBe(403); // no signature at all
    expect((await download(good.replace(p.images[0].imageId, 'IMG-OTHER'))).status).toBe(403); // signature of another key

    await api('DELETE', `/faces/${p.id}`);
    const c = await fetch(new URL(good, sys.baseUrl));
    expect(c.status).toBe(404);
    expect((await c.json()).error.code).toBe('NOT_FOUND');
  });
});

describe('erasing a profile', () => {
  it('leaves nothing in storage and no rows, clears detection thumbnails that pointed at its files, keeps the detections', async () => {
    const p = await register({}, [{ name: 'a.jpg', bytes: JPEG }, { name: 'b.png', bytes: PNG }]);
    await multipart('POST', `/faces/${p.id}/images`, {}, [{ name: 'c.webp', bytes: WEBP }]);
    const other = await register();
    const [first] = await imageRows(p.id);
    const now = new Date();
    await sys.db.db.insertInto('detections').values([
      { id: `DET-${p.id}-1`, employee_id: p.employeeId, name: p.name, status: 'recognized', occurred_at: now, thumbnail: first!.thumbnail_key },
      { id: `DET-${p.id}-2`, employee_id: p.employeeId, name: p.name, status: 'recognized', occurred_at: now, thumbnail: `http://host${p.images[0].thumbnailUrl}` },
      { id: `DET-${p.id}-3`, employee_id: other.employeeId, name: other.name, status: 'recognized', occurred_at: now, thumbnail: other.images[0].thumbnailUrl },
    ]).execute();
    expect((await filesUnder(`faces/${p.id}`)).length).toBeGreaterThan(0);

    const res = await api('DELETE', `/faces/${p.id}`);
    expect(res.status).toBe(204);

    expect(existsSync(path.join(dataDir, 'files', 'faces', p.id))).toBe(false);
    expect(await filesUnder(`faces/${p.id}`)).toEqual([]);
    expect(await imageRows(p.id)).toEqual([]);
    expect(await sys.db.db.selectFrom('face_profiles').select('id').where('id', '=', p.id).execute()).toEqual([]);
    const detections = await sys.db.db.selectFrom('detections').select(['id', 'thumbnail']).where('id', 'like', `DET-${p.id}-%`).orderBy('id').execute();
    expect(detections).toEqual([
      { id: `DET-${p.id}-1`, thumbnail: null },
      { id: `DET-${p.id}-2`, thumbnail: null },
      { id: `DET-${p.id}-3`, thumbnail: other.images[0].thumbnailUrl },
    ]);
    expect((await filesUnder(`faces/${other.id}`)).length).toBeGreaterThan(0);
    expect((await api('GET', `/faces/${p.id}`)).status).toBe(404);
    const [entry] = await sys.db.db.selectFrom('audit_logs').selectAll().where('resource_id', '=', p.id).where('action', '=', 'face.delete').execute();
    expect(entry).toMatchObject({ severity: 'warning' });
    expect(entry?.before).toMatchObject({ id: p.id, images: expect.any(Array) });
  });
});

describe('permissions', () => {
  it('lets a Viewer read but answers 403 to every write', async () => {
    const p = await register();
    const viewer = await sys.createUser('ROLE-VIEWER');
    expect((await api('GET', '/faces', undefined, viewer.token)).status).toBe(200);
    expect((await api('GET', `/faces/${p.id}`, undefined, viewer.token)).status).toBe(200);
    const writes = [
      await multipart('POST', '/faces', { name: 'V', employeeId: employeeId() }, [{ name: 'a.jpg', bytes: JPEG }], viewer.token),
      await multipart('POST', `/faces/${p.id}/images`, {}, [{ name: 'a.jpg', bytes: JPEG }], viewer.token),
      await api('PUT', `/faces/${p.id}`, { name: 'V' }, viewer.token),
      await api('DELETE', `/faces/${p.id}/images/${p.images[0].imageId}`, undefined, viewer.token),
      await api('DELETE', `/faces/${p.id}`, undefined, viewer.token),
    ];
    for (const w of writes) {
      expect(w.status).toBe(403);
      expect(w.body.error.code).toBe('AUTH_FORBIDDEN');
    }
    expect((await api('GET', `/faces/${p.id}`)).body.data.images).toHaveLength(1);
    expect((await api('GET', '/faces')).status).toBe(200);
    expect((await sys.request('GET', '/api/v1/faces')).status).toBe(401);
  });
});

describe('the developer console and the typed client', () => {
  it('offers a default payload that POST /faces accepts as it is', async () => {
    const res = await api('GET', '/faces/default-payload');
    expect(res.status).toBe(200);
    const payload = res.body.data;
    expect(payload).toMatchObject({ name: expect.any(String), employeeId: expect.any(String), images: [{ contentType: 'image/jpeg' }] });
    const created = await api('POST', '/faces', { ...payload, employeeId: employeeId() });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
  });

  it('registers a profile and adds a sample over tRPC with base64 images', async () => {
    const client = createSentinelClient({ baseUrl: sys.baseUrl });
    await client.session.login(ADMIN_USERNAME, ADMIN_PASSWORD);
    const profile = await client.trpc.faces.create.mutate({ name: 'Typed Client', employeeId: employeeId(), department: 'IT', images: [b64(JPEG), b64(WEBP, 'w.webp', 'image/webp')] });
    expect(profile.images).toHaveLength(2);
    const added = await client.trpc.faces.addImages.mutate({ id: profile.id, images: [b64(PNG, 'p.png', 'image/png')] });
    expect(added.images).toHaveLength(1);
    expect((await download(added.url)).bytes.equals(PNG)).toBe(true);
    const fetched = await client.trpc.faces.get.query({ id: profile.id });
    expect(fetched.images).toHaveLength(3);
    const err = await client.trpc.faces.create.mutate({ name: 'Bad', employeeId: employeeId(), images: [b64(Buffer.from('hello'), 'x.jpg')] }).then(
      () => expect.fail('should be refused'),
      (e: unknown) => e,
    );
    expect(isSentinelError(err)).toBe(true);
    expect(appCodeOf(err)).toBe('VALIDATION_ERROR');
  });
});
