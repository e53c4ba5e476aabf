/**
 * Pre-signed uploads over real HTTP: POST /files -> PUT the bytes to the signed URL -> GET metadata and a
 * signed download link -> the same bytes -> DELETE. Also the upload URL's checks (signature, expiry,
 * declared Content-Type, size limit, content sniffing), one upload per URL, ownership, audit entries and the
 * cleanup of uploads never completed.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { signUploadUrl } from '../packages/api/src/files/signing.ts';
import { startTestSystem, type TestSystem } from './support/system.ts';

const MAX_BYTES = 64 * 1024;

let sys: TestSystem;
let admin: string;
let dataDir: string;
let PNG: Buffer;

const api = (method: string, url: string, body?: unknown, token = admin) => sys.request(method, `/api/v1${url}`, { token, ...(body !== undefined ? { body } : {}) });

async function put(url: string, bytes: Uint8Array | string, contentType?: string, method = 'PUT') {
  const res = await fetch(new URL(url, sys.baseUrl), { method, body: typeof bytes === 'string' ? bytes : new Uint8Array(bytes), headers: contentType ? { 'content-type': contentType } : {} });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

async function download(url: string) {
  const res = await fetch(new URL(url, sys.baseUrl));
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

async function announce(body: Record<string, unknown>, token = admin) {
  const res = await api('POST', '/files', body, token);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.data as { fileId: string; uploadUrl: string; method: string; expiresIn: number; maxBytes: number };
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'sentinel-files-'));
  sys = await startTestSystem({ DATA_DIR: dataDir, FILE_UPLOAD_MAX_BYTES: String(MAX_BYTES) });
  admin = await sys.adminToken();
  PNG = await sharp({ create: { width: 32, height: 24, channels: 3, background: '#c96' } }).png().toBuffer();
});
afterAll(async () => {
  await sys.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('uploading through a signed URL', () => {
  it('POST /files -> PUT -> GET metadata -> download the same bytes -> DELETE -> 404, every step audited', async () => {
    const grant = await announce({ contentType: 'image/png', filename: 'Front door.png', size: PNG.length });
    expect(grant).toMatchObject({ method: 'PUT', expiresIn: 900, maxBytes: PNG.length });
    expect(grant.fileId).toMatch(/^FILE-/);
    expect(grant.uploadUrl).toMatch(new RegExp(`^/files/upload/${grant.fileId}\\?exp=\\d+&sig=[0-9a-f]{64}$`));
    expect((await api('GET', `/files/${grant.fileId}`)).status).toBe(404); // not uploaded yet

    const up = await put(grant.uploadUrl, PNG, 'image/png');
    expect(up.status, JSON.stringify(up.body)).toBe(200);
    expect(up.body).toEqual({ success: true, data: { fileId: grant.fileId, size: PNG.length, contentType: 'image/png' } });

    const meta = await api('GET', `/files/${grant.fileId}`);
    expect(meta.status).toBe(200);
    expect(meta.body.data).toMatchObject({ id: grant.fileId, contentType: 'image/png', filename: 'Front door.png', size: PNG.length, expiresIn: 3600 });
    expect(meta.body.data.url).toMatch(/^\/files\/content\/uploads\/FILE-[0-9A-Z]+\.png\?exp=\d+&sig=[0-9a-f]{64}$/);
    const file = await download(meta.body.data.url as string);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(file.bytes.equals(PNG)).toBe(true);
    const stored = path.join(dataDir, 'files', 'uploads', `${grant.fileId}.png`);
    expect(existsSync(stored)).toBe(true);

    expect((await put(grant.uploadUrl, PNG, 'image/png')).status).toBe(409); // one upload per URL

    expect((await api('DELETE', `/files/${grant.fileId}`)).status).toBe(204);
    expect((await api('GET', `/files/${grant.fileId}`)).status).toBe(404);
    expect((await download(meta.body.data.url as string)).status).toBe(404);
    expect(existsSync(stored)).toBe(false);
    expect((await put(grant.uploadUrl, PNG, 'image/png')).status).toBe(404);

    const audit = await api('GET', `/audit?resourceId=${grant.fileId}`);
    expect(audit.body.data.map((e: { action: string }) => e.action).sort()).toEqual(['file.create', 'file.delete', 'file.upload']);
  });

  it('accepts CSV, JSON and PDF uploads whose content matches, without a declared size', async () => {
    for (const [contentType, body] of [['text/csv', 'a,b\r\n1,2\r\n'], ['application/json', '{"ok":true}'], ['application/pdf', '%PDF-1.4\n%%EOF\n']] as const) {
      const grant = await announce({ contentType, filename: `x.${contentType.split('/')[1]}` });
      expect(grant.maxBytes).toBe(MAX_BYTES);
      const up = await put(grant.uploadUrl, body, `${contentType}; charset=utf-8`);
      expect(up.status, `${contentType}: ${JSON.stringify(up.body)}`).toBe(200);
      const meta = await api('GET', `/files/${grant.fileId}`);
      expect((await download(meta.body.data.url as string)).bytes.toString()).toBe(body);
    }
  });
});

describe('what the upload URL refuses', () => {
  it('403 for an expired, tampered or borrowed signature; 405 for anything but PUT', async () => {
    const grant = await announce({ contentType: 'image/png', filename: 'a.png' });
    const other = await announce({ contentType: 'image/png', filename: 'b.png' });
    const expired = signUploadUrl(sys.system.app.urls, grant.fileId, -60, undefined);
    const res = await put(expired, PNG, 'image/png');
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({ code: 'AUTH_FORBIDDEN', message: 'This upload link has expired' });
    const tampered = grant.uploadUrl.replace(/sig=([0-9a-f])/, (_m, c: string) => `sig=${c === '0' ? '1' : '0'}`);
    expect((await put(tampered, PNG, 'image/png')).status).toBe(403);
    const borrowed = other.uploadUrl.replace(other.fileId, grant.fileId);
    expect((await put(borrowed, PNG, 'image/png')).status).toBe(403);
    expect((await put(grant.uploadUrl.split('?')[0]!, PNG, 'image/png')).status).toBe(403);
    // the upload signature is no download link either
    expect((await download(grant.uploadUrl.replace('/files/upload/', '/files/content/upload-grants/'))).status).toBe(404);
    expect((await put(grant.uploadUrl, PNG, 'image/png', 'POST')).status).toBe(405);
    expect((await put(grant.uploadUrl, PNG, 'image/png')).status).toBe(200); // the real one still works
  });

  it('413 beyond FILE_UPLOAD_MAX_BYTES or the declared size, for the announcement too', async () => {
    const big = Buffer.alloc(MAX_BYTES + 1, 0x61);
    const grant = await announce({ contentType: 'text/plain', filename: 'big.txt' });
    const res = await put(grant.uploadUrl, big, 'text/plain');
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    const declared = await announce({ contentType: 'text/plain', filename: 'small.txt', size: 10 });
    expect((await put(declared.uploadUrl, 'x'.repeat(11), 'text/plain')).status).toBe(413);
    const short = await put(declared.uploadUrl, 'x'.repeat(9), 'text/plain');
    expect(short.status).toBe(422);
    expect(short.body.error.details.size).toMatch(/9 bytes, 10 were declared/);
    expect((await put(declared.uploadUrl, 'x'.repeat(10), 'text/plain')).status).toBe(200);
    expect((await api('POST', '/files', { contentType: 'text/plain', filename: 'huge.txt', size: MAX_BYTES + 1 })).status).toBe(413);
  });

  it('415 for another Content-Type than declared, 422 for content that is not what it claims or a type not allowed', async () => {
    const grant = await announce({ contentType: 'image/png', filename: 'a.png' });
    for (const type of ['image/jpeg', 'application/octet-stream', undefined]) {
      const res = await put(grant.uploadUrl, PNG, type);
      expect(res.status, String(type)).toBe(415);
      expect(res.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    }
    const fake = await put(grant.uploadUrl, 'not a picture at all', 'image/png');
    expect(fake.status).toBe(422);
    expect(fake.body.error.details.body).toBe('the content is not image/png');
    const json = await announce({ contentType: 'application/json', filename: 'a.json' });
    expect((await put(json.uploadUrl, '{"open": ', 'application/json')).status).toBe(422);
    expect((await put(grant.uploadUrl, PNG, 'image/png')).status).toBe(200); // refusals do not use the URL up

    for (const body of [
      { contentType: 'application/x-msdownload', filename: 'a.exe' }, { contentType: 'image/png', filename: '' }, { contentType: 'image/png', filename: '../etc/passwd' },
      { contentType: 'image/png', filename: 'a.png', size: 0 }, { filename: 'a.png' },
    ]) {
      const res = await api('POST', '/files', body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.body.error.code).toBe('VALIDATION_ERROR');
    }
  });
});

describe('ownership and cleanup', () => {
  it("a file is its uploader's: another user gets 404 for it, an Admin sees and deletes it; sign-in required", async () => {
    const owner = await sys.createUser('ROLE-VIEWER');
    const stranger = await sys.createUser('ROLE-OPERATOR');
    const grant = await announce({ contentType: 'text/plain', filename: 'notes.txt' }, owner.token);
    expect((await put(grant.uploadUrl, 'hello', 'text/plain')).status).toBe(200);
    expect((await api('GET', `/files/${grant.fileId}`, undefined, owner.token)).body.data.ownerId).toBe(owner.id);
    expect((await api('GET', `/files/${grant.fileId}`, undefined, stranger.token)).status).toBe(404);
    expect((await api('DELETE', `/files/${grant.fileId}`, undefined, stranger.token)).status).toBe(404);
    expect((await api('GET', `/files/${grant.fileId}`)).status).toBe(200);
    expect((await api('DELETE', `/files/${grant.fileId}`)).status).toBe(204);
    expect((await sys.request('POST', '/api/v1/files', { body: { contentType: 'text/plain', filename: 'x.txt' } })).status).toBe(401);
    const upload = await api('GET', `/audit?resourceId=${grant.fileId}&action=file.upload`);
    expect(upload.body.data[0]).toMatchObject({ actorId: owner.id, actor: `Test ${owner.username}` });
  });

  it('the exports.cleanup job drops uploads never completed after a day, and keeps uploaded and recent ones', async () => {
    const stale = await announce({ contentType: 'text/plain', filename: 'stale.txt' });
    const recent = await announce({ contentType: 'text/plain', filename: 'recent.txt' });
    const done = await announce({ contentType: 'text/plain', filename: 'done.txt' });
    expect((await put(done.uploadUrl, 'kept', 'text/plain')).status).toBe(200);
    const dayAgo = new Date(Date.now() - 25 * 3_600_000);
    await sys.db.db.updateTable('files').set({ created_at: dayAgo }).where('id', 'in', [stale.fileId, done.fileId]).execute();
    await sys.system.app.jobs.send('exports.cleanup', {});
    const rowOf = (id: string) => sys.db.db.selectFrom('files').select('id').where('id', '=', id).executeTakeFirst();
    for (const until = Date.now() + 20_000; await rowOf(stale.fileId); await new Promise((r) => setTimeout(r, 200))) {
      if (Date.now() > until) throw new Error('cleanup did not run');
    }
    expect(await rowOf(recent.fileId)).toBeDefined();
    expect((await api('GET', `/files/${done.fileId}`)).status).toBe(200);
    expect((await put(stale.uploadUrl, 'late', 'text/plain')).status).toBe(404);
  });
});
