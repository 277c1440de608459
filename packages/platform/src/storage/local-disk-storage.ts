import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { assertStorageKey, type Storage, StorageKeyError } from './storage.ts';

type Meta = { contentType: string };

/**
 * Objects as files under `root` (the embedded default: `<DATA_DIR>/storage`): bytes in
 * `objects/<key>`, the content type beside them in `meta/<key>.json`. Writes go to `tmp/` first
 * and are renamed into place, so a reader never sees half a file. Keys are checked twice: by the
 * key grammar, and by resolving the path and making sure it is still under `root`.
 */
export function localDiskStorage(root: string): Storage {
  const base = resolve(root);
  const inside = (area: 'objects' | 'meta', key: string, suffix = '') => {
    assertStorageKey(key);
    const areaRoot = join(base, area);
    const path = resolve(areaRoot, `${key}${suffix}`);
    if (!path.startsWith(areaRoot + sep)) throw new StorageKeyError(key);
    return path;
  };
  const temp = async () => {
    await mkdir(join(base, 'tmp'), { recursive: true });
    return join(base, 'tmp', randomUUID());
  };

  return {
    driver: 'local',
    async put(key, body, { contentType }) {
      const objectPath = inside('objects', key);
      const metaPath = inside('meta', key, '.json');
      const [objectTmp, metaTmp] = [await temp(), await temp()];
      try {
        if (body instanceof Uint8Array) await writeFile(objectTmp, body);
        else
          await pipeline(
            Readable.fromWeb(body as import('node:stream/web').ReadableStream<Uint8Array>),
            createWriteStream(objectTmp),
          );
        await writeFile(metaTmp, JSON.stringify({ contentType } satisfies Meta));
        await mkdir(dirname(objectPath), { recursive: true });
        await mkdir(dirname(metaPath), { recursive: true });
        await rename(objectTmp, objectPath);
        await rename(metaTmp, metaPath);
      } finally {
        await Promise.all([rm(objectTmp, { force: true }), rm(metaTmp, { force: true })]);
      }
    },
    async get(key) {
      const objectPath = inside('objects', key);
      const metaPath = inside('meta', key, '.json');
      let meta: Meta;
      let size: number;
      try {
        meta = JSON.parse(await readFile(metaPath, 'utf8')) as Meta;
        size = (await stat(objectPath)).size;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
      const body = Readable.toWeb(createReadStream(objectPath)) as unknown as ReadableStream<Uint8Array>;
      return { body, contentType: meta.contentType, size };
    },
    async delete(key) {
      // Meta first: an object without its meta reads as absent, never the other way round.
      await rm(inside('meta', key, '.json'), { force: true });
      await rm(inside('objects', key), { force: true });
    },
  };
}
