import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  download,
  indexOf,
  isoMedia,
  jpegWithGps,
  locationTraces,
  mp4WithLocation,
  orientationOf,
  PLAIN_JPEG,
  PLAIN_PNG,
  PLAIN_WEBP,
  pngWithGps,
  upload,
  webpWithGps,
} from './attachments-fixture.ts';
import { createLessonsSchool, createTestApi, type LessonsSchool, type TestApi } from './lessons-fixture.ts';

type Attachment = { id: string; url: string; kind: string; contentType: string; sizeBytes: number };

/**
 * Lesson photos and videos on the local-disk driver (the default): who may add, see, fetch and
 * remove them; what is taken; what a photo loses before it is stored.
 */
describe('lesson attachments (local disk)', () => {
  let api: TestApi;
  let dataDir: string;
  let a: LessonsSchool;
  let b: LessonsSchool;
  let lesson: string; // taught by a.instructor to sam
  let sueLesson: string; // taught by a.instructor to sue
  let guardianOfSam: { token: string };
  let guardianOfSue: { token: string };
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'dc-attach-'));
    api = await createTestApi({ env: { DATA_DIR: dataDir } });
    a = await createLessonsSchool(api, 'attacha');
    b = await createLessonsSchool(api, 'attachb');
    lesson = await a.lesson(a.students[0]!);
    sueLesson = await a.lesson(a.students[1]!);
    // A guardian account as guardian sign-up will make one: a user whose only role is guardian.
    const [tenant] = await api.tdb.owner<{ id: string }[]>`select id from tenants where slug = 'attacha'`;
    const guardian = async (name: string, studentId: string) => {
      const person = await api.addPerson('attacha', a.ownerToken, 'students', name);
      await api.tdb.owner`insert into user_roles (tenant_id, user_id, role)
        values (${tenant!.id}, ${person.userId}, 'guardian')`;
      await api.tdb.owner`delete from user_roles where user_id = ${person.userId} and role = 'student'`;
      await a.expectOk(
        a.call('POST', `/api/v1/students/${studentId}/guardians`, a.ownerToken, { userId: person.userId }),
        201,
        'guardian',
      );
      return { token: person.token as string };
    };
    guardianOfSam = await guardian('pat', a.students[0]!.id);
    guardianOfSue = await guardian('lee', a.students[1]!.id);
  });
  afterAll(async () => {
    await api.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const put = (
    token: string | undefined,
    lessonId: string,
    bytes: Uint8Array,
    name = 'photo.jpg',
    type?: string,
  ) =>
    upload(api, {
      tenant: 'attacha',
      ...(token ? { token } : {}),
      lessonId,
      bytes,
      name,
      ...(type ? { type } : {}),
    });
  const list = (token: string, lessonId = lesson, tenant = a) =>
    tenant.call('GET', `/api/v1/lessons/${lessonId}/attachments`, token);

  it('stores a phone photo without its location: the stored and the downloaded bytes carry none', async () => {
    const original = jpegWithGps(6);
    expect(locationTraces(original)).toEqual([
      'GPSInfo tag',
      'latitude rational',
      'XMP exif:GPSLatitude',
      'comment',
      'camera make',
    ]);
    // The client's claims (a PDF called notes.pdf) count for nothing: the bytes say JPEG.
    const res = await put(a.instructor.token, lesson, original, 'notes.pdf', 'application/pdf');
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const created: Attachment = res.body;
    expect(created).toMatchObject({
      lessonId: lesson,
      kind: 'photo',
      contentType: 'image/jpeg',
      originalName: 'notes.pdf',
    });
    expect(created.sizeBytes).toBeLessThan(original.length);

    // On disk, under DATA_DIR, keyed by ids only.
    const [row] = await api.tdb.owner<
      { storage_key: string; size_bytes: number; uploaded_by: string }[]
    >`select storage_key, size_bytes, uploaded_by from lesson_attachments where id = ${created.id}`;
    expect(row!.storage_key).toMatch(new RegExp(`^lessons/[0-9a-f-]{36}/${lesson}/${created.id}\\.jpg$`));
    expect(row!.uploaded_by).toBe(a.instructor.userId);
    const stored = new Uint8Array(await readFile(join(dataDir, 'storage', 'objects', row!.storage_key)));
    expect(stored.length).toBe(row!.size_bytes);
    expect(locationTraces(stored)).toEqual([]);

    const got = await download(api, 'attacha', created.url);
    expect(got.status).toBe(200);
    expect(Buffer.compare(got.bytes, stored)).toBe(0);
    expect(locationTraces(got.bytes)).toEqual([]);
    // Still the same picture: upright as shot (orientation 6 kept), colour profile and every
    // table and scan of the image byte for byte; nothing after its end marker.
    expect(orientationOf(got.bytes)).toBe(6);
    expect(indexOf(got.bytes, new TextEncoder().encode('ICC_PROFILE'))).toBeGreaterThan(0);
    const dqt = indexOf(PLAIN_JPEG, new Uint8Array([0xff, 0xdb]));
    expect(indexOf(got.bytes, PLAIN_JPEG.subarray(dqt))).toBeGreaterThan(0);
    expect([...got.bytes.subarray(-2)]).toEqual([0xff, 0xd9]);
    // Served as what it is, never sniffed into anything else, never run.
    expect(got.headers.get('content-type')).toBe('image/jpeg');
    expect(got.headers.get('x-content-type-options')).toBe('nosniff');
    expect(got.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(got.headers.get('content-security-policy')).toContain('sandbox');
    expect(got.headers.get('content-disposition')).toBe(
      `inline; filename="notes.jpg"; filename*=UTF-8''notes.jpg`,
    );
    expect(got.headers.get('cache-control')).toMatch(/^private, max-age=(8\d\d|900)$/);
  });

  it('strips PNG eXIf/iTXt and WebP EXIF/XMP too, keeping orientation and the image data', async () => {
    const png = await put(a.instructor.token, lesson, pngWithGps(8), 'shot.png');
    expect(png.status, JSON.stringify(png.body)).toBe(201);
    expect(png.body.contentType).toBe('image/png');
    const pngBytes = (await download(api, 'attacha', png.body.url)).bytes;
    expect(locationTraces(pngBytes)).toEqual([]);
    expect(orientationOf(pngBytes)).toBe(8);
    const idat = indexOf(PLAIN_PNG, new TextEncoder().encode('IDAT')) - 4;
    expect(indexOf(pngBytes, PLAIN_PNG.subarray(idat))).toBeGreaterThan(0);

    const webp = await put(a.ownerToken, lesson, webpWithGps(3), 'shot.webp');
    expect(webp.status, JSON.stringify(webp.body)).toBe(201);
    expect(webp.body.contentType).toBe('image/webp');
    const webpBytes = (await download(api, 'attacha', webp.body.url)).bytes;
    expect(locationTraces(webpBytes)).toEqual([]);
    expect(orientationOf(webpBytes)).toBe(3);
    const view = new DataView(webpBytes.buffer, webpBytes.byteOffset);
    expect(view.getUint32(4, true)).toBe(webpBytes.length - 8); // RIFF size rewritten
    expect(webpBytes[20]! & 0x0c).toBe(0x08); // VP8X: EXIF flag kept, XMP flag cleared
    const vp8 = indexOf(PLAIN_WEBP, new TextEncoder().encode('VP8 '));
    expect(indexOf(webpBytes, PLAIN_WEBP.subarray(vp8))).toBeGreaterThan(0);
  });

  it('takes MP4 and QuickTime videos, blanking only their location', async () => {
    const mp4 = isoMedia('isom', 4096);
    const res = await put(a.instructor.token, lesson, mp4, 'parking.mp4', 'video/mp4');
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ kind: 'video', contentType: 'video/mp4', sizeBytes: mp4.length });
    const got = await download(api, 'attacha', res.body.url);
    expect(Buffer.compare(got.bytes, mp4)).toBe(0);
    expect(got.headers.get('content-type')).toBe('video/mp4');
    // A phone's video keeps its frames but loses where it was shot (the box is blanked in place).
    const located = mp4WithLocation();
    const withPlace = await put(a.instructor.token, lesson, located, 'route.mp4');
    expect(withPlace.status, JSON.stringify(withPlace.body)).toBe(201);
    const placeBytes = (await download(api, 'attacha', withPlace.body.url)).bytes;
    expect(placeBytes.length).toBe(located.length);
    expect(indexOf(located, new TextEncoder().encode('+51.5007'))).toBeGreaterThan(0);
    expect(indexOf(placeBytes, new TextEncoder().encode('+51.5007'))).toBe(-1);
    expect(Buffer.from(placeBytes).subarray(-2056).equals(Buffer.from(located).subarray(-2056))).toBe(true);
    const mov = await put(a.instructor.token, lesson, isoMedia('qt  '), 'IMG_0001.MOV');
    expect(mov.body).toMatchObject({ kind: 'video', contentType: 'video/quicktime' });
  });

  it('refuses by content, size and shape with problems naming body.file', async () => {
    const problem = (res: { body: { errors?: { path: string }[] } }) => res.body.errors?.map((e) => e.path);
    // Type from the magic bytes: a PDF, a GIF and text all claiming to be JPEGs.
    for (const bytes of [
      new TextEncoder().encode('%PDF-1.7\n'),
      new TextEncoder().encode('GIF89a\x01\x00\x01\x00'),
      new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    ]) {
      const res = await put(a.instructor.token, lesson, bytes, 'photo.jpg', 'image/jpeg');
      expect(res.status).toBe(415);
      expect(res.body.code).toBe('lessons.attachment_type_unsupported');
      expect(problem(res)).toEqual(['body.file']);
    }
    // Size from the type: a photo over 10 MB (a video could be that big).
    const big = new Uint8Array(10 * 1024 * 1024 + 1);
    big.set(PLAIN_JPEG);
    const tooBig = await put(a.instructor.token, lesson, big, 'huge.jpg');
    expect(tooBig.status).toBe(413);
    expect(tooBig.body).toMatchObject({ maxBytes: 10 * 1024 * 1024, sizeBytes: big.length });
    expect(problem(tooBig)).toEqual(['body.file']);
    // The whole body is capped before it is read (a declared length past the video limit).
    const declared = await api.app.request(`/api/v1/lessons/${lesson}/attachments`, {
      method: 'POST',
      headers: {
        'x-tenant': 'attacha',
        authorization: `Bearer ${a.instructor.token}`,
        'content-type': 'multipart/form-data; boundary=x',
        'content-length': String(200 * 1024 * 1024),
      },
      body: '--x--',
    });
    expect(declared.status).toBe(413);
    // A JPEG start over broken segments; an empty file.
    const broken = new Uint8Array([0xff, 0xd8, 0xff, 0xe1, 0x7f, 0xff, 1, 2, 3]);
    const bad = await put(a.instructor.token, lesson, broken, 'broken.jpg');
    expect(bad.status).toBe(422);
    expect(bad.body.code).toBe('lessons.attachment_malformed');
    expect(problem(bad)).toEqual(['body.file']);
    const empty = await put(a.instructor.token, lesson, new Uint8Array(0), 'empty.jpg');
    expect(empty.status).toBe(422);
    expect(problem(empty)).toEqual(['body.file']);
    // No file field; not multipart at all.
    const noFile = await upload(api, {
      tenant: 'attacha',
      token: a.instructor.token,
      lessonId: lesson,
      bytes: PLAIN_JPEG,
      field: 'photo',
    });
    expect(noFile.status).toBe(400);
    expect(problem(noFile)).toEqual(['body.file']);
    const json = await a.call('POST', `/api/v1/lessons/${lesson}/attachments`, a.instructor.token, {
      file: 'x',
    });
    expect(json.status).toBe(415);
    // Nothing refused was stored.
    const [count] = await api.tdb.owner<{ n: number }[]>`select count(*)::int as n from lesson_attachments
      where original_name in ('photo.jpg', 'huge.jpg', 'broken.jpg', 'empty.jpg')`;
    expect(count!.n).toBe(0);
  });

  it('who may add: the lesson’s instructor and the office; not its student, a guardian, another instructor', async () => {
    const sam = a.students[0]!;
    const other = a.otherInstructor;
    expect((await put(a.ownerToken, lesson, PLAIN_PNG, 'office.png')).status).toBe(201);
    const refused = [
      [sam.token, 403], // sees the lesson, may not add to it
      [guardianOfSam.token, 403], // the same
      [a.students[1]!.token, 404], // another student: no such lesson for them
      [guardianOfSue.token, 404], // a guardian of another student
      [other.token, 404], // an instructor who did not teach it
      [undefined, 401],
    ] as const;
    for (const [token, status] of refused) {
      const res = await put(token, lesson, PLAIN_PNG, 'refused.png');
      expect(res.status, `${status}: ${JSON.stringify(res.body)}`).toBe(status);
    }
    // Another school's office, with the lesson's id, in its own school.
    const foreign = await upload(api, {
      tenant: 'attachb',
      token: b.ownerToken,
      lessonId: lesson,
      bytes: PLAIN_PNG,
    });
    expect(foreign.status).toBe(404);
    // A token of school A sent to school B is no session there.
    const crossed = await upload(api, {
      tenant: 'attachb',
      token: a.ownerToken,
      lessonId: lesson,
      bytes: PLAIN_PNG,
    });
    expect(crossed.status).toBe(401);
    const [count] = await api.tdb.owner<{ n: number }[]>`select count(*)::int as n from lesson_attachments
      where original_name = 'refused.png' or tenant_id <> (select tenant_id from lessons where id = ${lesson})`;
    expect(count!.n).toBe(0);
  });

  it('who may see: the lesson’s instructor, student, the student’s guardian, the office — nobody else', async () => {
    const ok = [a.instructor.token, a.students[0]!.token, guardianOfSam.token, a.ownerToken];
    const ids = new Set<string>();
    for (const token of ok) {
      const res = await list(token);
      expect(res.status).toBe(200);
      expect(res.body.data.length).toBeGreaterThanOrEqual(5);
      for (const item of res.body.data) ids.add(item.id);
    }
    expect(ids.size).toBe((await list(a.ownerToken)).body.data.length);
    for (const token of [a.students[1]!.token, guardianOfSue.token, a.otherInstructor.token]) {
      const res = await list(token);
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('lessons.lesson_not_found');
    }
    expect((await list(b.ownerToken, lesson, b)).status).toBe(404);
    expect((await a.call('GET', `/api/v1/lessons/${lesson}/attachments`, '')).status).toBe(401);
    // Sue's guardian sees Sue's lesson (empty), not Sam's.
    expect((await list(guardianOfSue.token, sueLesson)).status).toBe(200);
  });

  it('download links: bound to the school, the attachment and the expiry; tampering or age refuses', async () => {
    const [item] = (await list(a.students[0]!.token)).body.data as Attachment[];
    const url = new URL(item!.url, 'http://api');
    const expires = url.searchParams.get('expires')!;
    const signature = url.searchParams.get('signature')!;
    expect(Number(expires) * 1000 - Date.now()).toBeGreaterThan(14 * 60_000);
    expect((await download(api, 'attacha', item!.url)).status).toBe(200);

    const refused = async (tenant: string, path: string, status: number, code: string) => {
      const res = await download(api, tenant, path);
      expect(res.status, path).toBe(status);
      expect(res.problem?.code, path).toContain(code);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    };
    // The same link at another school: the signature covers the school.
    await refused('attachb', item!.url, 403, 'lessons.attachment_link_invalid');
    // A later expiry, a changed signature, another attachment's id under this signature.
    await refused(
      'attacha',
      item!.url.replace(`expires=${expires}`, `expires=${Number(expires) + 3600}`),
      403,
      'link_invalid',
    );
    const flipped = `${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
    await refused('attacha', item!.url.replace(signature, flipped), 403, 'link_invalid');
    const [otherItem] = (await list(a.ownerToken)).body.data.filter((x: Attachment) => x.id !== item!.id);
    await refused('attacha', item!.url.replaceAll(item!.id, otherItem.id), 403, 'link_invalid');
    // The lesson in the path must be the attachment's.
    await refused('attacha', item!.url.replace(lesson, sueLesson), 404, 'lessons.attachment_not_found');
    // Malformed rather than wrong: a validation problem.
    await refused('attacha', item!.url.split('?')[0]!, 400, 'request.validation_failed');

    // Sixteen minutes later the same link is refused as expired.
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 16 * 60_000);
      await refused('attacha', item!.url, 403, 'lessons.attachment_link_expired');
    } finally {
      vi.useRealTimers();
    }
  });

  it('who may remove: the lesson’s instructor and the office; removal takes the bytes and the link', async () => {
    const res = await put(a.instructor.token, lesson, jpegWithGps(1), 'to-remove.jpg');
    const created: Attachment = res.body;
    const [row] = await api.tdb.owner<
      { storage_key: string }[]
    >`select storage_key from lesson_attachments where id = ${created.id}`;
    const file = join(dataDir, 'storage', 'objects', row!.storage_key);
    await stat(file);
    const del = (token: string, tenant = a, lessonId = lesson) =>
      tenant.call('DELETE', `/api/v1/lessons/${lessonId}/attachments/${created.id}`, token);
    expect((await del(a.students[0]!.token)).status).toBe(403);
    expect((await del(guardianOfSam.token)).status).toBe(403);
    expect((await del(a.students[1]!.token)).status).toBe(404);
    expect((await del(guardianOfSue.token)).status).toBe(404);
    expect((await del(a.otherInstructor.token)).status).toBe(404);
    expect((await del(b.ownerToken, b)).status).toBe(404);
    expect((await del(a.instructor.token, a, sueLesson)).status).toBe(404);
    expect((await download(api, 'attacha', created.url)).status).toBe(200);

    expect((await del(a.instructor.token)).status).toBe(204);
    await expect(stat(file)).rejects.toThrow(/ENOENT/);
    expect((await download(api, 'attacha', created.url)).status).toBe(404);
    expect((await del(a.ownerToken)).status).toBe(404);
  });

  it('a disabled lessons module hides every attachment route, downloads included', async () => {
    const [item] = (await list(a.ownerToken)).body.data as Attachment[];
    const operator = await api.operatorToken();
    const off = await api.call('PUT', '/api/v1/platform/tenants/attacha/modules/lessons', {
      token: operator,
      body: { enabled: false },
    });
    expect(off.status).toBe(200);
    try {
      expect((await list(a.ownerToken)).status).toBe(404);
      expect((await download(api, 'attacha', item!.url)).status).toBe(404);
      expect((await put(a.instructor.token, lesson, PLAIN_PNG)).status).toBe(404);
    } finally {
      await api.call('PUT', '/api/v1/platform/tenants/attacha/modules/lessons', {
        token: operator,
        body: { enabled: true },
      });
    }
  });
});
