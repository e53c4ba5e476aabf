/**
 * The default driver: files under one directory (DATA_DIR/files), a key's segments as folders. Writes go to
 * a hidden temporary file that is fsynced and renamed into place, so a reader never sees half a file. The
 * content type lives in a hidden sidecar (`.<name>.meta`) beside the file; keys cannot start a segment
 * with a dot, so no key can name either. Emptied folders are removed, so erasing a prefix leaves nothing.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, readdir, rename, rm, rmdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { keySegments, prefixSegments, type FileStorage, type StoredFile } from './storage.ts';

const FALLBACK_TYPE = 'application/octet-stream';

function errno(err: unknown): string | undefined {
  return err && typeof err === 'object' && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
}

export function createLocalDiskStorage(rootDir: string): FileStorage {
  const root = path.resolve(rootDir);

  const inside = (segments: string[]): string => {
    const full = path.resolve(root, ...segments);
    // the key rules already forbid '..'; this keeps the promise even if they are ever loosened
    if (!full.startsWith(root + path.sep)) throw new Error('storage path escapes the root');
    return full;
  };
  const fileOf = (key: string) => inside(keySegments(key));
  const metaOf = (file: string) => path.join(path.dirname(file), `.${path.basename(file)}.meta`);

  /** Removes now-empty folders from `dir` up to (not including) the root; stops at the first non-empty one. */
  const prune = async (dir: string): Promise<void> => {
    for (let d = dir; d.startsWith(root + path.sep); d = path.dirname(d)) {
      try {
        await rmdir(d);
      } catch (err) {
        if (errno(err) === 'ENOENT') continue;
        return; // ENOTEMPTY, or in use: a concurrent put owns it now
      }
    }
  };

  const writeAtomically = async (target: string, bytes: Uint8Array | string): Promise<void> => {
    const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      const handle = await open(tmp, 'wx', 0o600);
      try {
        await handle.writeFile(bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(tmp, target);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
  };

  const countFiles = async (dir: string): Promise<number> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true, recursive: true });
    } catch (err) {
      if (errno(err) === 'ENOENT') return 0;
      throw err;
    }
    return entries.filter((e) => e.isFile() && !e.name.startsWith('.')).length;
  };

  return {
    driver: 'local',

    async put(key, bytes, contentType) {
      const file = fileOf(key);
      // a concurrent delete may prune the folder between mkdir and the write: try again
      for (let attempt = 0; ; attempt++) {
        try {
          await mkdir(path.dirname(file), { recursive: true });
          await writeAtomically(metaOf(file), JSON.stringify({ contentType }));
          await writeAtomically(file, bytes);
          return;
        } catch (err) {
          if (errno(err) !== 'ENOENT' || attempt >= 3) throw err;
        }
      }
    },

    async get(key): Promise<StoredFile | undefined> {
      const file = fileOf(key);
      let handle;
      try {
        handle = await open(file, 'r');
      } catch (err) {
        if (errno(err) === 'ENOENT' || errno(err) === 'EISDIR') return undefined;
        throw err;
      }
      try {
        const info = await handle.stat();
        if (!info.isFile()) {
          await handle.close();
          return undefined;
        }
        let contentType = FALLBACK_TYPE;
        try {
          const meta = JSON.parse(await readFile(metaOf(file), 'utf8')) as { contentType?: unknown };
          if (typeof meta.contentType === 'string' && meta.contentType) contentType = meta.contentType;
        } catch {
          // no sidecar: serve the bytes as opaque
        }
        return { body: handle.createReadStream(), contentType, size: info.size };
      } catch (err) {
        await handle.close();
        throw err;
      }
    },

    async exists(key) {
      try {
        return (await stat(fileOf(key))).isFile();
      } catch (err) {
        if (errno(err) === 'ENOENT') return false;
        throw err;
      }
    },

    async delete(key) {
      const file = fileOf(key);
      await rm(file, { force: true });
      await rm(metaOf(file), { force: true });
      await prune(path.dirname(file));
    },

    async deletePrefix(prefix) {
      const dir = inside(prefixSegments(prefix));
      const count = await countFiles(dir);
      await rm(dir, { recursive: true, force: true });
      await prune(path.dirname(dir));
      return count;
    },
  };
}
