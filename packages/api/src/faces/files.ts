/**
 * Where a profile's images live in file storage and how they leave it. Keys are made of ids only
 * (`faces/<profileId>/<imageId>.<ext>` and `...thumb.jpg`), never of names, and everything of one
 * profile sits under one prefix, so erasing the profile is one prefix delete. Storage failures become a
 * 503 whose cause is logged; image bytes are never logged.
 */
import { newId, type Logger } from '@sentinel/platform';
import type { FileStorage, UrlSigner } from '@sentinel/storage';
import type { TFaceImage } from '@sentinel/contracts';
import type { CheckedImage } from './images.ts';
import type { ImageRecord, ImageWrite } from './repository.ts';
import { storageUnavailable } from '../files/service.ts';

export interface FaceFilesDeps {
  storage: FileStorage;
  urls: UrlSigner;
  logger: Logger;
}

export const profilePrefix = (profileId: string): string => `faces/${profileId}/`;

export function toFaceImage(urls: UrlSigner, image: Pick<ImageRecord, 'id' | 'storageKey' | 'thumbnailKey' | 'createdAt'>): TFaceImage {
  return { imageId: image.id, url: urls.sign(image.storageKey), thumbnailUrl: urls.sign(image.thumbnailKey), createdAt: image.createdAt };
}

/** Erases the given files; failures are logged and reported as false, never thrown. */
export async function eraseQuietly(deps: FaceFilesDeps, keys: readonly string[], context: Record<string, unknown>): Promise<boolean> {
  const results = await Promise.allSettled(keys.map((k) => deps.storage.delete(k)));
  const failed = results.filter((r) => r.status === 'rejected');
  if (failed.length) deps.logger.error({ ...context, failed: failed.length, err: failed[0]?.reason }, 'could not erase face image files');
  return failed.length === 0;
}

/**
 * Writes originals and thumbnails of checked images under the profile's prefix. All or nothing: on a
 * failure, what was written is erased again and a 503 is thrown.
 */
export async function storeFaceImages(deps: FaceFilesDeps, profileId: string, images: readonly CheckedImage[]): Promise<ImageWrite[]> {
  const rows: ImageWrite[] = [];
  const written: string[] = [];
  try {
    for (const image of images) {
      const id = newId('IMG');
      const storageKey = `${profilePrefix(profileId)}${id}.${image.extension}`;
      const thumbnailKey = `${profilePrefix(profileId)}${id}.thumb.jpg`;
      await deps.storage.put(storageKey, image.bytes, image.contentType);
      written.push(storageKey);
      await deps.storage.put(thumbnailKey, image.thumbnail, 'image/jpeg');
      written.push(thumbnailKey);
      rows.push({
        id, profileId, storageKey, thumbnailKey, contentType: image.contentType, width: image.width, height: image.height, bytes: image.bytes.length, sha256: image.sha256,
      });
    }
    return rows;
  } catch (err) {
    await eraseQuietly(deps, written, { profileId });
    throw storageUnavailable(deps, err, 'storing face images');
  }
}

export const keysOf = (rows: readonly Pick<ImageWrite, 'storageKey' | 'thumbnailKey'>[]): string[] => rows.flatMap((r) => [r.storageKey, r.thumbnailKey]);

/** Erases the files of image rows; throws a 503 when storage refuses, so the rows can stay until a retry. */
export async function eraseImageFiles(deps: FaceFilesDeps, rows: readonly Pick<ImageWrite, 'storageKey' | 'thumbnailKey'>[]): Promise<void> {
  try {
    for (const key of keysOf(rows)) await deps.storage.delete(key);
  } catch (err) {
    throw storageUnavailable(deps, err, 'erasing face images');
  }
}

/** Erases everything under the profile's prefix; throws a 503 when storage refuses. */
export async function eraseProfileFiles(deps: FaceFilesDeps, profileId: string): Promise<number> {
  try {
    return await deps.storage.deletePrefix(profilePrefix(profileId));
  } catch (err) {
    throw storageUnavailable(deps, err, 'erasing a face profile');
  }
}
