/** File storage (local disk or S3-compatible, chosen by STORAGE_DRIVER) and signed download links. */
import path from 'node:path';
import type { AppConfig } from '@sentinel/platform';
import { createLocalDiskStorage } from './local-disk.ts';
import { createS3Storage } from './s3.ts';
import type { FileStorage } from './storage.ts';

export * from './storage.ts';
export * from './signed-urls.ts';
export { createLocalDiskStorage } from './local-disk.ts';
export { createS3Storage, type S3StorageOptions } from './s3.ts';

/** Where the local driver keeps files. */
export function localFilesDir(config: Pick<AppConfig, 'DATA_DIR'>): string {
  return path.join(config.DATA_DIR, 'files');
}

export function openStorage(config: AppConfig): FileStorage {
  if (config.STORAGE_DRIVER === 's3') {
    return createS3Storage({
      bucket: config.S3_BUCKET!, // loadConfig refuses the s3 driver without a bucket
      endpoint: config.S3_ENDPOINT,
      region: config.S3_REGION,
      accessKeyId: config.S3_ACCESS_KEY,
      secretAccessKey: config.S3_SECRET_KEY,
    });
  }
  return createLocalDiskStorage(localFilesDir(config));
}
