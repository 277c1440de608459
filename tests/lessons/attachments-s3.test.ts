import { s3Storage } from '@dualcontrol/platform';
import { type Moto, startMoto } from '@dualcontrol/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { download, jpegWithGps, locationTraces, orientationOf, upload } from './attachments-fixture.ts';
import { createLessonsSchool, createTestApi, type LessonsSchool, type TestApi } from './lessons-fixture.ts';

/**
 * The same API with STORAGE_DRIVER=s3, against moto's S3 server on loopback: an upload lands in
 * the bucket stripped of its location, comes back through a signed link, and a removal takes it
 * out of the bucket. Another school's office and another student get nothing.
 */
describe('lesson attachments on S3 (moto server mode)', () => {
  let moto: Moto;
  let bucket: string;
  let api: TestApi;
  let a: LessonsSchool;
  let b: LessonsSchool;
  let lesson: string;
  const bucketStorage = () =>
    s3Storage({
      bucket,
      region: moto.region,
      endpoint: moto.endpoint,
      credentials: { accessKeyId: moto.accessKeyId, secretAccessKey: moto.secretAccessKey },
    });
  beforeAll(async () => {
    moto = await startMoto();
    bucket = await moto.createBucket('lessons');
    api = await createTestApi({ env: moto.env(bucket) });
    expect(api.deps.storage.driver).toBe('s3');
    a = await createLessonsSchool(api, 'bucketa');
    b = await createLessonsSchool(api, 'bucketb');
    lesson = await a.lesson(a.students[0]!);
  });
  afterAll(async () => {
    await api?.close();
    await moto?.stop();
  });

  it('round trip: upload → in the bucket without GPS → signed download → delete empties the key', async () => {
    const res = await upload(api, {
      tenant: 'bucketa',
      token: a.instructor.token,
      lessonId: lesson,
      bytes: jpegWithGps(6),
      name: 'bay-park.jpg',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const [row] = await api.tdb.owner<
      { storage_key: string }[]
    >`select storage_key from lesson_attachments where id = ${res.body.id}`;

    // Read straight from the bucket, not through the API.
    const object = await bucketStorage().get(row!.storage_key);
    expect(object).not.toBeNull();
    expect(object!.contentType).toBe('image/jpeg');
    const inBucket = new Uint8Array(await new Response(object!.body).arrayBuffer());
    expect(locationTraces(inBucket)).toEqual([]);
    expect(orientationOf(inBucket)).toBe(6);

    const listed = await a.call('GET', `/api/v1/lessons/${lesson}/attachments`, a.students[0]!.token);
    expect(listed.status).toBe(200);
    const [item] = listed.body.data;
    const got = await download(api, 'bucketa', item.url);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('image/jpeg');
    expect(got.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.compare(got.bytes, inBucket)).toBe(0);

    // Neither another school nor another student reaches it.
    expect((await b.call('GET', `/api/v1/lessons/${lesson}/attachments`, b.ownerToken)).status).toBe(404);
    expect((await a.call('GET', `/api/v1/lessons/${lesson}/attachments`, a.students[1]!.token)).status).toBe(
      404,
    );
    expect((await download(api, 'bucketb', item.url)).status).toBe(403);
    expect(
      (await b.call('DELETE', `/api/v1/lessons/${lesson}/attachments/${item.id}`, b.ownerToken)).status,
    ).toBe(404);
    expect(await bucketStorage().get(row!.storage_key)).not.toBeNull();

    const del = await a.call('DELETE', `/api/v1/lessons/${lesson}/attachments/${item.id}`, a.ownerToken);
    expect(del.status).toBe(204);
    expect(await bucketStorage().get(row!.storage_key)).toBeNull();
    expect((await download(api, 'bucketa', item.url)).status).toBe(404);
  });
});
