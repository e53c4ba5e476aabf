/**
 * @sentinel/storage: the same contract for the local-disk driver and the S3 driver (against s3rver on a
 * local port), what only local disk promises (atomic writes, nothing left on disk, no escape from the
 * root), the signed download links, and the whole system storing face images in S3.
 */
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { ConfigError, loadConfig } from '@sentinel/platform';
import { createLocalDiskStorage, createS3Storage, createUrlSigner, StorageKeyError, type FileStorage } from '@sentinel/storage';
import { startTestSystem } from './support/system.ts';

interface S3rverInstance {
  run(): Promise<{ port: number }>;
  close(): Promise<void>;
}
type S3rverClass = new (opts: Record<string, unknown>) => S3rverInstance;
const S3rver = createRequire(import.meta.url)('s3rver') as S3rverClass;

const BUCKET = 'sentinel-test';
let s3Dir: string;
let s3rver: S3rverInstance;
let s3Endpoint: string;
const tempDirs: string[] = [];

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'sentinel-files-'));
  tempDirs.push(dir);
  return dir;
}

beforeAll(async () => {
  s3Dir = await mkdtemp(path.join(tmpdir(), 'sentinel-s3rver-'));
  s3rver = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: s3Dir, configureBuckets: [{ name: BUCKET }] });
  const { port } = await s3rver.run();
  s3Endpoint = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  await s3rver.close();
  await rm(s3Dir, { recursive: true, force: true });
  for (const dir of tempDirs) await rm(dir, { recursive: true, force: true });
});

async function bytesOf(file: { body: AsyncIterable<Buffer> } | undefined): Promise<Buffer> {
  if (!file) throw new Error('expected a file');
  const chunks: Buffer[] = [];
  for await (const c of file.body) chunks.push(c);
  return Buffer.concat(chunks);
}

const drivers: { name: string; open(): Promise<FileStorage> }[] = [
  { name: 'local disk', open: async () => createLocalDiskStorage(await tempDir()) },
  {
    name: 'S3 (s3rver)',
    open: () => Promise.resolve(createS3Storage({ bucket: BUCKET, endpoint: s3Endpoint, region: 'us-east-1', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' })),
  },
];

describe.each(drivers)('the storage contract on $name', (driver) => {
  let storage: FileStorage;
  const ns = `t${Date.now().toString(36)}`;
  beforeAll(async () => {
    storage = await driver.open();
  });

  it('gives back exactly the bytes, content type and size that were put', async () => {
    const bytes = Buffer.from(Array.from({ length: 70_000 }, (_, i) => i % 251));
    await storage.put(`${ns}/one/a.bin`, bytes, 'application/x-test');
    const file = await storage.get(`${ns}/one/a.bin`);
    expect(file?.contentType).toBe('application/x-test');
    expect(file?.size).toBe(bytes.length);
    expect((await bytesOf(file)).equals(bytes)).toBe(true);
  });

  it('replaces a file put twice under the same key', async () => {
    await storage.put(`${ns}/two/a.txt`, Buffer.from('first'), 'text/plain');
    await storage.put(`${ns}/two/a.txt`, Buffer.from('second version'), 'text/markdown');
    const file = await storage.get(`${ns}/two/a.txt`);
    expect((await bytesOf(file)).toString()).toBe('second version');
    expect(file?.contentType).toBe('text/markdown');
  });

  it('answers a missing key with undefined and exists=false; delete of a missing key is not an error', async () => {
    expect(await storage.get(`${ns}/none/x.jpg`)).toBeUndefined();
    expect(await storage.exists(`${ns}/none/x.jpg`)).toBe(false);
    await expect(storage.delete(`${ns}/none/x.jpg`)).resolves.toBeUndefined();
  });

  it('deletes one file and leaves its neighbours', async () => {
    await storage.put(`${ns}/three/a.txt`, Buffer.from('a'), 'text/plain');
    await storage.put(`${ns}/three/b.txt`, Buffer.from('b'), 'text/plain');
    expect(await storage.exists(`${ns}/three/a.txt`)).toBe(true);
    await storage.delete(`${ns}/three/a.txt`);
    expect(await storage.exists(`${ns}/three/a.txt`)).toBe(false);
    expect(await storage.exists(`${ns}/three/b.txt`)).toBe(true);
  });

  it('deletes everything under a prefix, counts it, and spares a sibling whose name merely starts the same', async () => {
    await storage.put(`${ns}/faces/P1/a.jpg`, Buffer.from('1'), 'image/jpeg');
    await storage.put(`${ns}/faces/P1/a.thumb.jpg`, Buffer.from('2'), 'image/jpeg');
    await storage.put(`${ns}/faces/P1/deeper/c.bin`, Buffer.from('3'), 'application/octet-stream');
    await storage.put(`${ns}/faces/P10/a.jpg`, Buffer.from('4'), 'image/jpeg');
    expect(await storage.deletePrefix(`${ns}/faces/P1/`)).toBe(3);
    for (const k of ['a.jpg', 'a.thumb.jpg', 'deeper/c.bin']) expect(await storage.exists(`${ns}/faces/P1/${k}`)).toBe(false);
    expect(await storage.exists(`${ns}/faces/P10/a.jpg`)).toBe(true);
    expect(await storage.deletePrefix(`${ns}/faces/P1/`)).toBe(0);
  });

  it('refuses keys that could escape the store or name hidden files, and prefixes without a trailing slash', async () => {
    for (const key of ['../etc/passwd', 'a/../../b', '/abs/x', 'a//b', '.hidden', 'a/.meta', 'a\\b', 'a/b/', '', 'a b', 'ä.jpg', 'x'.repeat(600)]) {
      await expect(storage.put(key, Buffer.from('x'), 'text/plain'), key).rejects.toBeInstanceOf(StorageKeyError);
      await expect(storage.get(key), key).rejects.toBeInstanceOf(StorageKeyError);
    }
    await expect(storage.deletePrefix(`${ns}/faces`)).rejects.toBeInstanceOf(StorageKeyError);
    await expect(storage.deletePrefix('../')).rejects.toBeInstanceOf(StorageKeyError);
  });
});

describe('what only the local-disk driver promises', () => {
  let root: string;
  let storage: FileStorage;
  beforeAll(async () => {
    root = await tempDir();
    storage = createLocalDiskStorage(root);
  });

  it('stores the file itself under the key path and leaves no temporary files', async () => {
    await Promise.all(Array.from({ length: 10 }, (_, i) => storage.put('same/key.bin', Buffer.alloc(50_000, i), 'application/octet-stream')));
    const names = await readdir(path.join(root, 'same'));
    expect(names.filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect(names.sort()).toEqual(['.key.bin.meta', 'key.bin']);
    const bytes = await bytesOf(await storage.get('same/key.bin'));
    expect(bytes.length).toBe(50_000);
    expect(new Set(bytes).size).toBe(1); // one whole write won, never a mix
  });

  it('leaves no file and no folder behind after delete and deletePrefix', async () => {
    await storage.put('faces/PX/a.jpg', Buffer.from('1'), 'image/jpeg');
    await storage.put('faces/PX/b.jpg', Buffer.from('2'), 'image/jpeg');
    await storage.put('other/keep.txt', Buffer.from('3'), 'text/plain');
    await storage.delete('faces/PX/a.jpg');
    expect((await readdir(path.join(root, 'faces/PX'))).sort()).toEqual(['.b.jpg.meta', 'b.jpg']);
    await storage.deletePrefix('faces/PX/');
    expect(existsSync(path.join(root, 'faces'))).toBe(false);
    expect(existsSync(path.join(root, 'other/keep.txt'))).toBe(true);
  });

  it('never touches a file outside its root', async () => {
    const outside = path.join(path.dirname(root), `outside-${path.basename(root)}.txt`);
    await writeFile(outside, 'precious');
    await expect(storage.delete(`../${path.basename(outside)}`)).rejects.toBeInstanceOf(StorageKeyError);
    expect(existsSync(outside)).toBe(true);
    await rm(outside);
  });

  it('serves a file without its sidecar as application/octet-stream', async () => {
    await storage.put('bare/x.bin', Buffer.from('x'), 'text/plain');
    await rm(path.join(root, 'bare/.x.bin.meta'));
    const file = await storage.get('bare/x.bin');
    file?.body.destroy();
    expect(file?.contentType).toBe('application/octet-stream');
  });
});

describe('signed download links', () => {
  const signer = createUrlSigner({ secret: 'a-secret-that-is-long-enough-0123456789', ttlSeconds: 600 });
  const now = new Date('2026-11-25T12:00:00Z');

  it('signs a key into /files/content/<key>?exp=&sig= that verifies until it expires', () => {
    const url = signer.sign('faces/P1/IMG-1.jpg', { now });
    expect(url).toMatch(/^\/files\/content\/faces\/P1\/IMG-1\.jpg\?exp=\d+&sig=[0-9a-f]{64}$/);
    expect(signer.verify(url, now)).toEqual({ ok: true, key: 'faces/P1/IMG-1.jpg', expiresAt: Math.floor(now.getTime() / 1000) + 600 });
    expect(signer.verify(url, new Date(now.getTime() + 601_000))).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses a changed signature, a changed expiry, another key, and another secret', () => {
    const url = signer.sign('faces/P1/IMG-1.jpg', { now });
    const u = new URL(url, 'http://x');
    const sig = u.searchParams.get('sig')!;
    const flipped = url.replace(sig, `${sig.slice(0, -1)}${sig.endsWith('0') ? '1' : '0'}`);
    expect(signer.verify(flipped, now)).toEqual({ ok: false, reason: 'invalid' });
    const exp = u.searchParams.get('exp')!;
    expect(signer.verify(url.replace(`exp=${exp}`, `exp=${Number(exp) + 3600}`), now)).toEqual({ ok: false, reason: 'invalid' });
    expect(signer.verify(url.replace('IMG-1', 'IMG-2'), now)).toEqual({ ok: false, reason: 'invalid' });
    const other = createUrlSigner({ secret: 'another-secret-that-is-long-enough-0123', ttlSeconds: 600 });
    expect(other.verify(url, now)).toEqual({ ok: false, reason: 'invalid' });
    for (const bad of ['/files/content/a.jpg', '/files/content/a.jpg?exp=1&sig=zz', '/files/content/%2e%2e/x?exp=1&sig=' + '0'.repeat(64), '/elsewhere/a.jpg?exp=1&sig=1']) {
      expect(signer.verify(bad, now).ok).toBe(false);
    }
  });

  it('puts PUBLIC_URL in front when one is configured', () => {
    const pub = createUrlSigner({ secret: 'a-secret-that-is-long-enough-0123456789', ttlSeconds: 60, baseUrl: 'https://cctv.example.com/' });
    const url = pub.sign('a/b.jpg');
    expect(url.startsWith('https://cctv.example.com/files/content/a/b.jpg?')).toBe(true);
    expect(pub.verify(url).ok).toBe(true);
  });
});

describe('configuration', () => {
  it('refuses STORAGE_DRIVER=s3 without a bucket, and half a key pair', () => {
    expect(() => loadConfig({ STORAGE_DRIVER: 's3' }, {})).toThrow(ConfigError);
    expect(() => loadConfig({ STORAGE_DRIVER: 's3', S3_BUCKET: 'b1b', S3_ACCESS_KEY: 'x' }, {})).toThrow(ConfigError);
    expect(loadConfig({ STORAGE_DRIVER: 's3', S3_BUCKET: 'b1b' }, {}).STORAGE_DRIVER).toBe('s3');
    expect(loadConfig({}, {}).STORAGE_DRIVER).toBe('local');
  });
});

describe('the system on STORAGE_DRIVER=s3', () => {
  it('stores an uploaded face image in the bucket, serves it through a signed link, and erases it with the profile', async () => {
    const sys = await startTestSystem({
      STORAGE_DRIVER: 's3', S3_ENDPOINT: s3Endpoint, S3_BUCKET: BUCKET, S3_ACCESS_KEY: 'S3RVER', S3_SECRET_KEY: 'S3RVER', S3_REGION: 'us-east-1',
    });
    try {
      const token = await sys.adminToken();
      const jpeg = await sharp({ create: { width: 320, height: 240, channels: 3, background: '#884422' } }).jpeg().toBuffer();
      const form = new FormData();
      form.set('name', 'Bucket Person');
      form.set('employeeId', `EMP-S3-${Date.now()}`);
      form.append('images', new Blob([new Uint8Array(jpeg)], { type: 'image/jpeg' }), 'face.jpg');
      const created = await fetch(`${sys.baseUrl}/api/v1/faces`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}` } });
      expect(created.status).toBe(201);
      const profile = (await created.json()).data;
      const s3 = createS3Storage({ bucket: BUCKET, endpoint: s3Endpoint, region: 'us-east-1', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' });
      const key = `faces/${profile.id}/${profile.images[0].imageId}.jpg`;
      expect(await s3.exists(key)).toBe(true);
      const download = await fetch(new URL(profile.images[0].url, sys.baseUrl));
      expect(download.status).toBe(200);
      expect(download.headers.get('content-type')).toBe('image/jpeg');
      expect(Buffer.from(await download.arrayBuffer()).equals(jpeg)).toBe(true);
      const erased = await fetch(`${sys.baseUrl}/api/v1/faces/${profile.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
      expect(erased.status).toBe(204);
      expect(await s3.exists(key)).toBe(false);
      expect(await s3.deletePrefix(`faces/${profile.id}/`)).toBe(0);
    } finally {
      await sys.stop();
    }
  });
});
