/**
 * The file storage interface every driver implements, and the key rules they all enforce. A key is a
 * relative path of plain segments (`faces/FACE-1/IMG-2.jpg`): letters, digits, '.', '_' and '-', never
 * starting with a dot, so a key can neither climb out of the store ('..') nor name a driver's own
 * hidden files (temporary writes, metadata).
 */
import type { Readable } from 'node:stream';

export interface StoredFile {
  /** the file's bytes; the caller must consume or destroy it */
  body: Readable;
  contentType: string;
  size: number;
}

export interface FileStorage {
  readonly driver: 'local' | 's3';
  /** stores the bytes under the key, replacing what was there; readers see the old or the new file, never a part */
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /** undefined when there is no such file */
  get(key: string): Promise<StoredFile | undefined>;
  exists(key: string): Promise<boolean>;
  /** removes the file; a missing file is not an error */
  delete(key: string): Promise<void>;
  /** removes every file whose key starts with the prefix (which ends with '/'); returns how many went */
  deletePrefix(prefix: string): Promise<number>;
}

export class StorageKeyError extends Error {
  constructor(key: string, reason: string) {
    super(`Invalid storage key ${JSON.stringify(key.slice(0, 200))}: ${reason}`);
    this.name = 'StorageKeyError';
  }
}

const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;
const MAX_KEY_LENGTH = 512;

function checkSegments(value: string, segments: string[]): void {
  if (value.length === 0 || value.length > MAX_KEY_LENGTH) throw new StorageKeyError(value, `must be 1-${MAX_KEY_LENGTH} characters`);
  for (const segment of segments) {
    if (!SEGMENT.test(segment)) throw new StorageKeyError(value, 'segments are letters, digits, ".", "_" or "-", and never start with a dot');
  }
}

/** Throws StorageKeyError unless the key is a safe relative path; returns its segments. */
export function keySegments(key: string): string[] {
  const segments = key.split('/');
  checkSegments(key, segments);
  return segments;
}

/** A prefix is a key of folders: it ends with '/', so `faces/A/` never matches `faces/AB/...`. */
export function prefixSegments(prefix: string): string[] {
  if (!prefix.endsWith('/')) throw new StorageKeyError(prefix, 'a prefix ends with "/"');
  const segments = prefix.slice(0, -1).split('/');
  checkSegments(prefix, segments);
  return segments;
}

export function isValidKey(key: string): boolean {
  try {
    keySegments(key);
    return true;
  } catch {
    return false;
  }
}
