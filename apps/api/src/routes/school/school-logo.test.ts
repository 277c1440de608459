import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../../testing/test-api.ts';

const png = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 4, background: '#1f6feb' } })
    .png()
    .toBuffer();
const jpeg = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: '#0f766e' } })
    // A camera's metadata, which must not survive (sharp writes none unless asked).
    .withExif({ IFD0: { Copyright: 'secret-exif-marker' } })
    .jpeg()
    .toBuffer();

const MALICIOUS_SVG = `<?xml version="1.0"?>
<!DOCTYPE svg [<!ENTITY lol "lol">]>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="64" height="64" onload="alert(1)">
  <script>alert(document.cookie)</script>
  <defs><linearGradient id="g"><stop offset="0" stop-color="#123456"/></linearGradient></defs>
  <rect width="64" height="64" fill="url(#g)" onclick="alert(2)" style="fill:url(https://evil.example/track.png)"/>
  <image href="https://evil.example/pixel.png" width="1" height="1"/>
  <use xlink:href="https://evil.example/sprite.svg#x"/>
  <a href="javascript:alert(3)"><text x="4" y="40">Hi</text></a>
  <foreignObject width="64" height="64"><div xmlns="http://www.w3.org/1999/xhtml"><iframe src="https://evil.example"></iframe></div></foreignObject>
  <style>@import url(https://evil.example/x.css);</style>
  <circle cx="32" cy="32" r="10" fill="#ffffff"/>
</svg>`;

describe('school logos: upload, sanitising, serving, who may', () => {
  let api: TestApi;
  let a: Awaited<ReturnType<TestApi['createSchool']>>;
  let b: Awaited<ReturnType<TestApi['createSchool']>>;

  beforeAll(async () => {
    api = await createTestApi();
    a = await api.createSchool('logoschool');
    b = await api.createSchool('otherlogos');
  });
  afterAll(() => api.close());

  /** multipart PUT, in-process (the test client speaks JSON). */
  async function upload(tenant: string, token: string | null, bytes: Uint8Array | string, name = 'logo') {
    const form = new FormData();
    form.append('file', new Blob([typeof bytes === 'string' ? bytes : new Uint8Array(bytes)]), name);
    const res = await api.app.request('/api/v1/school/logo', {
      method: 'PUT',
      headers: { 'x-tenant': tenant, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: form,
    });
    const type = res.headers.get('content-type') ?? '';
    return { status: res.status, type, body: type.includes('json') ? await res.json() : await res.text() };
  }
  async function fetchLogo(tenant: string, query = '', headers: Record<string, string> = {}) {
    const res = await api.app.request(`/api/v1/school/logo${query}`, {
      headers: { 'x-tenant': tenant, ...headers },
    });
    return { res, bytes: new Uint8Array(await res.arrayBuffer()) };
  }

  it('a school without a logo answers 404 (problem+json), and its profile has no logo', async () => {
    const { res } = await fetchLogo('logoschool');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const school = await api.call('GET', '/api/v1/school', { tenant: 'logoschool' });
    expect(school.body.branding.logo).toBeUndefined();
  });

  it('a PNG is resized to fit 512 px and served with its type, nosniff, a CSP, an ETag and caching', async () => {
    const up = await upload('logoschool', a.ownerToken, await png(1600, 800), 'big.png');
    expect(up.status).toBe(200);
    expect(up.body.branding.logo).toMatchObject({ contentType: 'image/png' });
    const { url, version } = up.body.branding.logo;
    expect(url).toBe(`/api/v1/school/logo?v=${version}`);
    expect(
      (await api.call('GET', '/api/v1/school', { tenant: 'logoschool' })).body.branding.logo.version,
    ).toBe(version);

    const { res, bytes } = await fetchLogo('logoschool', `?v=${version}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(res.headers.get('cache-control')).toContain('immutable');
    expect(res.headers.get('etag')).toBe(`"${version}"`);
    const meta = await sharp(bytes).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 512, 256]);
    // Unversioned: revalidated every few minutes; a matching ETag is a 304.
    const bare = await fetchLogo('logoschool');
    expect(bare.res.headers.get('cache-control')).toContain('max-age=300');
    expect((await fetchLogo('logoschool', '', { 'if-none-match': `"${version}"` })).res.status).toBe(304);
  });

  it('a JPEG keeps its type, loses its metadata, and replaces the PNG (whose bytes are removed)', async () => {
    const before = (await api.call('GET', '/api/v1/school', { tenant: 'logoschool' })).body.branding.logo;
    const original = await jpeg(300, 200);
    expect(Buffer.from(original).includes('secret-exif-marker')).toBe(true);
    const up = await upload('logoschool', a.ownerToken, original, 'photo.jpg');
    expect(up.status).toBe(200);
    expect(up.body.branding.logo.contentType).toBe('image/jpeg');
    const { res, bytes } = await fetchLogo('logoschool');
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(bytes).includes('secret-exif-marker')).toBe(false);
    expect((await sharp(bytes).metadata()).width).toBe(300); // never enlarged
    const [row] = await api.tdb.platformDb.sql`select id from tenants where slug = 'logoschool'`;
    const oldKey = `logos/${row!.id}/${before.version}.png`;
    expect(await api.deps.storage.get(oldKey)).toBeNull();
  });

  it('a malicious SVG comes back clean: no script, handlers, external references, foreignObject or style', async () => {
    const up = await upload('logoschool', a.ownerToken, MALICIOUS_SVG, 'logo.svg');
    expect(up.status).toBe(200);
    expect(up.body.branding.logo.contentType).toBe('image/svg+xml');
    const { res, bytes } = await fetchLogo('logoschool');
    expect(res.headers.get('content-type')).toBe('image/svg+xml');
    expect(res.headers.get('content-security-policy')).toContain('sandbox');
    const svg = new TextDecoder().decode(bytes);
    for (const bad of [
      '<script',
      'onload',
      'onclick',
      'evil.example',
      'javascript:',
      'foreignObject',
      '<style',
      'iframe',
      'ENTITY',
    ])
      expect(svg, bad).not.toContain(bad);
    // The drawing itself survives, including an internal reference to its own gradient.
    expect(svg).toContain('<circle');
    expect(svg).toContain('fill="url(#g)"');
    expect(svg).toContain('<linearGradient id="g"');
    expect(svg).toMatch(/^<\?xml[^>]*\?>\s*<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  });

  it('wrong type, oversize, empty, broken and non-multipart uploads get a clear 4xx naming the field', async () => {
    const gif = new Uint8Array([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 1, 0, 1, 0, 0, 0, 0, 0x3b]);
    const wrong = await upload('logoschool', a.ownerToken, gif, 'logo.png');
    expect(wrong.status).toBe(415);
    expect(wrong.type).toContain('application/problem+json');
    expect(wrong.body.errors[0].path).toBe('body.file');

    const huge = new Uint8Array(3 * 1024 * 1024);
    huge.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const big = await upload('logoschool', a.ownerToken, huge, 'huge.png');
    expect(big.status).toBe(413);
    expect(big.body.errors[0].path).toBe('body.file');

    const bigSvg = `<svg xmlns="http://www.w3.org/2000/svg">${'<g></g>'.repeat(100_000)}</svg>`;
    expect((await upload('logoschool', a.ownerToken, bigSvg)).status).toBe(413);
    expect((await upload('logoschool', a.ownerToken, new Uint8Array(0))).status).toBe(422);
    const truncated = (await png(100, 100)).subarray(0, 60);
    const broken = await upload('logoschool', a.ownerToken, truncated);
    expect(broken.status).toBe(422);
    expect(broken.body.errors[0].path).toBe('body.file');
    const scriptOnly = await upload('logoschool', a.ownerToken, '<html><script>alert(1)</script></html>');
    expect(scriptOnly.status).toBe(415);

    const json = await api.call('PUT', '/api/v1/school/logo', {
      tenant: 'logoschool',
      token: a.ownerToken,
      body: { file: 'x' },
    });
    expect(json.status).toBe(415);
    expect(json.body.errors[0].path).toBe('body');
    // The school still shows its last good logo.
    expect((await fetchLogo('logoschool')).res.headers.get('content-type')).toBe('image/svg+xml');
  });

  it('a student, an instructor and anonymous callers cannot upload or remove a logo', async () => {
    const student = await api.addPerson('logoschool', a.ownerToken, 'students', 'Logo Student');
    const instructor = await api.addPerson('logoschool', a.ownerToken, 'instructors', 'Logo Instructor');
    const image = await png(64, 64);
    expect((await upload('logoschool', student.token, image)).status).toBe(403);
    expect((await upload('logoschool', instructor.token, image)).status).toBe(403);
    expect((await upload('logoschool', null, image)).status).toBe(401);
    expect(
      (await api.call('DELETE', '/api/v1/school/logo', { tenant: 'logoschool', token: student.token }))
        .status,
    ).toBe(403);
    expect((await fetchLogo('logoschool')).res.headers.get('content-type')).toBe('image/svg+xml');
  });

  it('school B cannot change or remove A’s logo; each school serves its own', async () => {
    const aBefore = (await fetchLogo('logoschool')).bytes;
    // B's owner, naming A: their session belongs to B, so A does not know them.
    const cross = await upload('logoschool', b.ownerToken, await png(64, 64));
    expect([401, 403]).toContain(cross.status);
    expect(
      (await api.call('DELETE', '/api/v1/school/logo', { tenant: 'logoschool', token: b.ownerToken })).status,
    ).toBeOneOf([401, 403]);
    // B's own upload changes B only.
    expect((await upload('otherlogos', b.ownerToken, await png(80, 80))).status).toBe(200);
    expect((await fetchLogo('logoschool')).bytes).toEqual(aBefore);
    expect((await fetchLogo('otherlogos')).res.headers.get('content-type')).toBe('image/png');
  });

  it('an owner removes the logo: 204, then 404 and the profile falls back to no logo', async () => {
    const del = await api.call('DELETE', '/api/v1/school/logo', {
      tenant: 'otherlogos',
      token: b.ownerToken,
    });
    expect(del.status).toBe(204);
    expect((await fetchLogo('otherlogos')).res.status).toBe(404);
    expect(
      (await api.call('GET', '/api/v1/school', { tenant: 'otherlogos' })).body.branding.logo,
    ).toBeUndefined();
  });
});
