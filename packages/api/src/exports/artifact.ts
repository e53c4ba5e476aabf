/**
 * Where an export's bytes go while it is written, and how they become a stored file without ever being
 * held in memory (FileStorage.put takes bytes; an export can be hundreds of MB):
 * - local driver: a hidden temporary file beside the final one (same file system), fsynced on close; the
 *   driver writes its content-type sidecar and an empty file, which the temporary file then atomically
 *   replaces (rename), so a reader sees nothing or the whole file;
 * - S3 driver: a temporary file under DATA_DIR/tmp, then one PutObject streaming it (S3 takes up to 5 GB
 *   in one PUT; no multipart part buffers in memory).
 * A streaming put belongs in @sentinel/storage; until it has one, this module knows the drivers' layouts.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { keySegments, localFilesDir } from '@sentinel/storage';
import type { AppServices } from '../core/services.ts';

export type ArtifactDeps = Pick<AppServices, 'storage' | 'config'>;

export interface Artifact {
  /** the writer streams the file here and ends it */
  stream: WriteStream;
  /** once the stream has ended: makes the file the key's content in storage; returns its size in bytes */
  publish(): Promise<number>;
  /** removes whatever was written (safe to call after a failed publish) */
  discard(): Promise<void>;
}

function hasS3Client(storage: object): storage is { client: S3Client } {
  return 'client' in storage && typeof (storage as { client?: { send?: unknown } }).client?.send === 'function';
}

export async function createArtifact(deps: ArtifactDeps, key: string, contentType: string): Promise<Artifact> {
  const segments = keySegments(key);
  const local = deps.storage.driver === 'local';
  const dir = local ? path.join(localFilesDir(deps.config), ...segments.slice(0, -1)) : path.join(deps.config.DATA_DIR, 'tmp', 'exports');
  await mkdir(dir, { recursive: true });
  const temp = path.join(dir, `.${segments[segments.length - 1]}.${randomBytes(6).toString('hex')}.part`);
  // flush: fsync before close, so the renamed file is on disk when the job says it is complete
  const stream = createWriteStream(temp, { flags: 'wx', mode: 0o600, flush: true, highWaterMark: 256 * 1024 });
  stream.on('error', () => undefined); // surfaced by `finished` / the writer's awaited writes

  const discard = async () => {
    stream.destroy();
    await rm(temp, { force: true });
  };

  return {
    stream,
    discard,
    async publish() {
      await finished(stream);
      const { size } = await stat(temp);
      if (local) {
        await deps.storage.put(key, new Uint8Array(0), contentType);
        await rename(temp, path.join(localFilesDir(deps.config), ...segments));
        return size;
      }
      if (!hasS3Client(deps.storage) || !deps.config.S3_BUCKET) throw new Error(`no streaming upload for the '${deps.storage.driver}' storage driver`);
      try {
        await deps.storage.client.send(new PutObjectCommand({
          Bucket: deps.config.S3_BUCKET, Key: key, Body: createReadStream(temp), ContentLength: size, ContentType: contentType,
        }));
      } finally {
        await rm(temp, { force: true });
      }
      return size;
    },
  };
}
