import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localDiskStorage, type Storage, StorageKeyError, s3Storage } from '@dualcontrol/platform';
import { type Moto, startMoto } from '@dualcontrol/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const text = (s: string) => new TextEncoder().encode(s);
const read = async (body: ReadableStream<Uint8Array>) =>
  new Uint8Array(await new Response(body).arrayBuffer());
const streamOf = (bytes: Uint8Array, chunk = 1000) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (let at = 0; at < bytes.length; at += chunk) controller.enqueue(bytes.subarray(at, at + chunk));
      controller.close();
    },
  });

const BAD_KEYS = [
  '',
  '../escape',
  'a/../../escape',
  '/etc/passwd',
  'a//b',
  '.hidden',
  'a/./b',
  'a\\..\\b',
  'with space',
  'trailing/',
  'nul\u0000byte',
  `${'k'.repeat(513)}`,
];

/** The one contract every driver keeps; run against each below. */
function storageContract(name: string, make: () => Storage) {
  describe(`${name} storage contract`, () => {
    let storage: Storage;
    beforeAll(() => {
      storage = make();
    });

    it('gives back the bytes, content type and size that were put', async () => {
      await storage.put('lessons/t1/a1', text('hello, learner'), { contentType: 'image/jpeg' });
      const got = await storage.get('lessons/t1/a1');
      expect(got).not.toBeNull();
      expect(got!.contentType).toBe('image/jpeg');
      expect(got!.size).toBe(14);
      expect(new TextDecoder().decode(await read(got!.body))).toBe('hello, learner');
    });

    it('takes a stream as well as bytes, and keeps a few megabytes byte for byte', async () => {
      const bytes = new Uint8Array(randomBytes(3 * 1024 * 1024 + 17));
      await storage.put('big/one.bin', streamOf(bytes, 64 * 1024), { contentType: 'video/mp4' });
      const got = await storage.get('big/one.bin');
      expect(got!.size).toBe(bytes.length);
      expect(Buffer.compare(await read(got!.body), bytes)).toBe(0);
    });

    it('replaces what is at a key', async () => {
      await storage.put('replace/me', text('first'), { contentType: 'image/png' });
      await storage.put('replace/me', text('second!'), { contentType: 'image/webp' });
      const got = await storage.get('replace/me');
      expect(got!.contentType).toBe('image/webp');
      expect(new TextDecoder().decode(await read(got!.body))).toBe('second!');
    });

    it('answers null for nothing stored; delete removes and is idempotent', async () => {
      expect(await storage.get('never/stored')).toBeNull();
      await storage.put('gone/soon', text('x'), { contentType: 'image/png' });
      await storage.delete('gone/soon');
      expect(await storage.get('gone/soon')).toBeNull();
      await expect(storage.delete('gone/soon')).resolves.toBeUndefined();
      await expect(storage.delete('never/stored')).resolves.toBeUndefined();
    });

    it('keeps keys apart: a key and its prefix are different objects', async () => {
      await storage.put('k/a', text('A'), { contentType: 'image/png' });
      await storage.put('k/ab', text('AB'), { contentType: 'image/png' });
      expect(new TextDecoder().decode(await read((await storage.get('k/a'))!.body))).toBe('A');
      expect(new TextDecoder().decode(await read((await storage.get('k/ab'))!.body))).toBe('AB');
    });

    it('refuses keys that could escape or be read two ways, for every operation', async () => {
      for (const key of BAD_KEYS) {
        await expect(storage.put(key, text('x'), { contentType: 'image/png' }), key).rejects.toBeInstanceOf(
          StorageKeyError,
        );
        await expect(storage.get(key), key).rejects.toBeInstanceOf(StorageKeyError);
        await expect(storage.delete(key), key).rejects.toBeInstanceOf(StorageKeyError);
      }
    });
  });
}

describe('local disk driver', () => {
  let parent: string;
  let root: string;
  beforeAll(async () => {
    parent = await mkdtemp(join(tmpdir(), 'dc-storage-'));
    root = join(parent, 'storage');
  });
  afterAll(() => rm(parent, { recursive: true, force: true }));

  storageContract('local', () => localDiskStorage(root));

  it('writes nothing outside its directory, whatever keys were tried', async () => {
    // The contract's bad keys all ran against this root: the parent holds only the root itself.
    expect(await readdir(parent)).toEqual(['storage']);
    // And the root only its three areas; half-written files never stay in tmp/.
    expect((await readdir(root)).sort()).toEqual(['meta', 'objects', 'tmp']);
    expect(await readdir(join(root, 'tmp'))).toEqual([]);
  });
});

describe('S3 driver against moto (server mode, loopback)', () => {
  let moto: Moto;
  let bucket: string;
  beforeAll(async () => {
    moto = await startMoto();
    bucket = await moto.createBucket('contract');
  });
  afterAll(() => moto?.stop());

  storageContract('s3', () =>
    s3Storage({
      bucket,
      region: moto.region,
      endpoint: moto.endpoint,
      credentials: { accessKeyId: moto.accessKeyId, secretAccessKey: moto.secretAccessKey },
    }),
  );

  it('addresses the bucket path-style: requests go to <endpoint>/<bucket>/<key>', async () => {
    const storage = s3Storage({
      bucket,
      region: moto.region,
      endpoint: moto.endpoint,
      credentials: { accessKeyId: moto.accessKeyId, secretAccessKey: moto.secretAccessKey },
    });
    const sent: { hostname: string; path: string }[] = [];
    storage.client.middlewareStack.add(
      (next) => async (args) => {
        const request = args.request as { hostname: string; path: string };
        sent.push({ hostname: request.hostname, path: request.path });
        return next(args);
      },
      { step: 'finalizeRequest' },
    );
    await storage.put('path/style.txt', text('found'), { contentType: 'image/png' });
    expect(sent).toEqual([{ hostname: '127.0.0.1', path: `/${bucket}/path/style.txt` }]);
    expect(new TextDecoder().decode(await read((await storage.get('path/style.txt'))!.body))).toBe('found');
  });

  it('reports a missing bucket as an error, not as a missing object', async () => {
    const storage = s3Storage({
      bucket: 'no-such-bucket-here',
      region: moto.region,
      endpoint: moto.endpoint,
      credentials: { accessKeyId: moto.accessKeyId, secretAccessKey: moto.secretAccessKey },
    });
    await expect(storage.put('a', text('x'), { contentType: 'image/png' })).rejects.toThrow();
  });
});
