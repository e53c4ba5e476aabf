/**
 * The S3-compatible driver (MinIO, Ceph, AWS S3 ...): one bucket, path-style addressing against a
 * configured endpoint. Checksums are only sent where S3 requires them, since several S3-compatible
 * servers reject the SDK's newer default checksum headers.
 */
import { Readable } from 'node:stream';
import {
  DeleteObjectCommand, DeleteObjectsCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client,
} from '@aws-sdk/client-s3';
import { keySegments, prefixSegments, type FileStorage, type StoredFile } from './storage.ts';

export interface S3StorageOptions {
  bucket: string;
  /** e.g. http://127.0.0.1:9000; absent = AWS's own endpoint for the region */
  endpoint?: string | undefined;
  region: string;
  /** both or neither; neither = the SDK's default credential chain */
  accessKeyId?: string | undefined;
  secretAccessKey?: string | undefined;
}

function isNotFound(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as { name?: unknown; $metadata?: { httpStatusCode?: number } };
  return e.name === 'NoSuchKey' || e.name === 'NotFound' || e.$metadata?.httpStatusCode === 404;
}

export function createS3Storage(opts: S3StorageOptions): FileStorage & { client: S3Client } {
  const client = new S3Client({
    region: opts.region,
    forcePathStyle: true,
    ...(opts.endpoint ? { endpoint: opts.endpoint } : {}),
    ...(opts.accessKeyId && opts.secretAccessKey ? { credentials: { accessKeyId: opts.accessKeyId, secretAccessKey: opts.secretAccessKey } } : {}),
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const Bucket = opts.bucket;

  const listKeys = async (prefix: string): Promise<string[]> => {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await client.send(new ListObjectsV2Command({ Bucket, Prefix: prefix, ...(token ? { ContinuationToken: token } : {}) }));
      for (const o of page.Contents ?? []) if (o.Key) keys.push(o.Key);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return keys;
  };

  return {
    driver: 's3',
    client,

    async put(key, bytes, contentType) {
      keySegments(key);
      await client.send(new PutObjectCommand({ Bucket, Key: key, Body: bytes, ContentType: contentType, ContentLength: bytes.byteLength }));
    },

    async get(key): Promise<StoredFile | undefined> {
      keySegments(key);
      try {
        const out = await client.send(new GetObjectCommand({ Bucket, Key: key }));
        if (!(out.Body instanceof Readable)) throw new Error('S3 GetObject returned no readable body');
        return { body: out.Body, contentType: out.ContentType ?? 'application/octet-stream', size: out.ContentLength ?? 0 };
      } catch (err) {
        if (isNotFound(err)) return undefined;
        throw err;
      }
    },

    async exists(key) {
      keySegments(key);
      try {
        await client.send(new HeadObjectCommand({ Bucket, Key: key }));
        return true;
      } catch (err) {
        if (isNotFound(err)) return false;
        throw err;
      }
    },

    async delete(key) {
      keySegments(key);
      await client.send(new DeleteObjectCommand({ Bucket, Key: key }));
    },

    async deletePrefix(prefix) {
      prefixSegments(prefix);
      const keys = await listKeys(prefix);
      for (let i = 0; i < keys.length; i += 1000) {
        const batch = keys.slice(i, i + 1000);
        const out = await client.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true } }));
        const failed = out.Errors ?? [];
        if (failed.length) throw new Error(`S3 refused to delete ${failed.length} object(s) under ${prefix}: ${failed[0]?.Code ?? 'unknown error'}`);
      }
      return keys.length;
    },
  };
}
