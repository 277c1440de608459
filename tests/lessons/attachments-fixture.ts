import { crc32 } from 'node:zlib';
import type { TestApi } from './lessons-fixture.ts';

/**
 * Media for the attachment tests. The three photos are real 16×12 images drawn and encoded by
 * Chromium (canvas.toDataURL); the metadata a phone would add — EXIF with a GPS position, XMP with
 * exif:GPSLatitude — is written into them here, byte by byte, so each test knows exactly what
 * went in and can prove what came out.
 */
const b64 = (s: string) => new Uint8Array(Buffer.from(s, 'base64'));
export const PLAIN_JPEG = b64(
  '/9j/4AAQSkZJRgABAQAAAQABAAD/4gHYSUNDX1BST0ZJTEUAAQEAAAHIAAAAAAQwAABtbnRyUkdCIFhZWiAH4AABAAEAAAAAAABhY3NwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAA9tYAAQAAAADTLQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAlkZXNjAAAA8AAAACRyWFlaAAABFAAAABRnWFlaAAABKAAAABRiWFlaAAABPAAAABR3dHB0AAABUAAAABRyVFJDAAABZAAAAChnVFJDAAABZAAAAChiVFJDAAABZAAAAChjcHJ0AAABjAAAADxtbHVjAAAAAAAAAAEAAAAMZW5VUwAAAAgAAAAcAHMAUgBHAEJYWVogAAAAAAAAb6IAADj1AAADkFhZWiAAAAAAAABimQAAt4UAABjaWFlaIAAAAAAAACSgAAAPhAAAts9YWVogAAAAAAAA9tYAAQAAAADTLXBhcmEAAAAAAAQAAAACZmYAAPKnAAANWQAAE9AAAApbAAAAAAAAAABtbHVjAAAAAAAAAAEAAAAMZW5VUwAAACAAAAAcAEcAbwBvAGcAbABlACAASQBuAGMALgAgADIAMAAxADb/2wBDAAoHBwgHBgoICAgLCgoLDhgQDg0NDh0VFhEYIx8lJCIfIiEmKzcvJik0KSEiMEExNDk7Pj4+JS5ESUM8SDc9Pjv/2wBDAQoLCw4NDhwQEBw7KCIoOzs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozv/wAARCAAMABADASIAAhEBAxEB/8QAFgABAQEAAAAAAAAAAAAAAAAAAwIG/8QAFhABAQEAAAAAAAAAAAAAAAAAAgAB/8QAFQEBAQAAAAAAAAAAAAAAAAAABAX/xAAZEQACAwEAAAAAAAAAAAAAAAAABAECIQX/2gAMAwEAAhEDEQA/AMcTMTScmOVFFeMGdV22n//Z',
);
export const PLAIN_PNG = b64(
  'iVBORw0KGgoAAAANSUhEUgAAABAAAAAMCAYAAABr5z2BAAABZ0lEQVR4AWxSr0tEQRBe9t3uCpYDgwaDgiCCQcGgYLkmmDQJJm2CSZNg0mo0Gq02q81/6s2E8ftmd9UTwzBvZ75fu3fxcyj2sTC198Vle5uu2evSpr2s7Njz6r49rc/scePI7rdO7Hb7zK53L+xy78rOD27s9PDOjmcPFnWSwxhT0EkJ45CDoAs7C3MZSuCe8zFm4ObxsQ5LBZHEgsiPWBUXkMXNMkSK4xVYJMABHwKSsLPgrH+cBWSK/E5KEySAA0ksiHAoJA+Y4ywQ62TBmddRYltFH7YDwVyOjczrcU9nds5rz0EaJ/YPd6YDFh7zX+cCYkLl4Hgk/RZwZ5AUw3lnglN9OIgL9oKuKCaKXYndnRFf2oMJE+H1FSSCFSSSWR0fOazLEtwZ4HrnjKjdOeG7BJJIZilwxHuC7qx0pktzFgelQLBwjnIR7pGUeCSAMmKKgzP+iShfFjgmnNkzEtSiGH/Kjv8CAAD//3OnK3QAAAAGSURBVAMA1dTRBlwo7kIAAAAASUVORK5CYII=',
);
export const PLAIN_WEBP = b64(
  'UklGRiICAABXRUJQVlA4WAoAAAAgAAAADwAACwAASUNDUMgBAAAAAAHIAAAAAAQwAABtbnRyUkdCIFhZWiAH4AABAAEAAAAAAABhY3NwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAA9tYAAQAAAADTLQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAlkZXNjAAAA8AAAACRyWFlaAAABFAAAABRnWFlaAAABKAAAABRiWFlaAAABPAAAABR3dHB0AAABUAAAABRyVFJDAAABZAAAAChnVFJDAAABZAAAAChiVFJDAAABZAAAAChjcHJ0AAABjAAAADxtbHVjAAAAAAAAAAEAAAAMZW5VUwAAAAgAAAAcAHMAUgBHAEJYWVogAAAAAAAAb6IAADj1AAADkFhZWiAAAAAAAABimQAAt4UAABjaWFlaIAAAAAAAACSgAAAPhAAAts9YWVogAAAAAAAA9tYAAQAAAADTLXBhcmEAAAAAAAQAAAACZmYAAPKnAAANWQAAE9AAAApbAAAAAAAAAABtbHVjAAAAAAAAAAEAAAAMZW5VUwAAACAAAAAcAEcAbwBvAGcAbABlACAASQBuAGMALgAgADIAMAAxADZWUDggNAAAAHABAJ0BKhAADAACQDglsAJ0AXUAAP7w726l6fn6B+CHCWje4SH/85h4K6hg+d6cUVMAAAA=',
);

const concat = (...parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts));
const ascii = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));

/** Where the photos claim to have been taken: Big Ben, 51°30'2.64"N 0°7'28.86"W. */
export const LATITUDE = [51, 30, 264] as const; // 2.64 seconds as 264/100
export const LONGITUDE = [0, 7, 2886] as const;

/**
 * An EXIF (TIFF, little-endian as phones write it) with IFD0 = Make, Orientation, GPSInfo and a
 * GPS IFD with latitude and longitude as rationals.
 */
export function exifWithGps(orientation: number): Uint8Array {
  const buf = Buffer.alloc(200);
  buf.write('II', 0, 'latin1');
  buf.writeUInt16LE(42, 2);
  buf.writeUInt32LE(8, 4);
  // IFD0 at 8: 3 entries → 2 + 36 + 4 = 42 bytes, ends at 50.
  let at = 8;
  buf.writeUInt16LE(3, at);
  at += 2;
  const entry = (tag: number, type: number, count: number, value: number) => {
    buf.writeUInt16LE(tag, at);
    buf.writeUInt16LE(type, at + 2);
    buf.writeUInt32LE(count, at + 4);
    if (type === 3 && count === 1) buf.writeUInt16LE(value, at + 8);
    else buf.writeUInt32LE(value, at + 8);
    at += 12;
  };
  entry(0x010f, 2, 9, 50); // Make → "Phonecam\0" at 50
  entry(0x0112, 3, 1, orientation);
  entry(0x8825, 4, 1, 60); // GPSInfo → GPS IFD at 60
  buf.writeUInt32LE(0, at); // no IFD1
  buf.write('Phonecam\0', 50, 'latin1');
  // GPS IFD at 60: 4 entries → 2 + 48 + 4 = 54 bytes, ends at 114; rationals at 120 and 144.
  at = 60;
  buf.writeUInt16LE(4, at);
  at += 2;
  entry(0x0001, 2, 2, 0x4e); // GPSLatitudeRef "N" (inline)
  entry(0x0002, 5, 3, 120); // GPSLatitude
  entry(0x0003, 2, 2, 0x57); // GPSLongitudeRef "W" (inline)
  entry(0x0004, 5, 3, 144); // GPSLongitude
  buf.writeUInt32LE(0, at);
  const rationals = (from: number, [d, m, s]: readonly number[]) => {
    buf.writeUInt32LE(d!, from);
    buf.writeUInt32LE(1, from + 4);
    buf.writeUInt32LE(m!, from + 8);
    buf.writeUInt32LE(1, from + 12);
    buf.writeUInt32LE(s!, from + 16);
    buf.writeUInt32LE(100, from + 20);
  };
  rationals(120, LATITUDE);
  rationals(144, LONGITUDE);
  return new Uint8Array(buf.subarray(0, 168));
}

export const XMP = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="51,30.044N" exif:GPSLongitude="0,7.481W"/></rdf:RDF></x:xmpmeta>`;

const jpegSegment = (marker: number, payload: Uint8Array) => {
  const head = Buffer.alloc(4);
  head.writeUInt8(0xff, 0);
  head.writeUInt8(marker, 1);
  head.writeUInt16BE(payload.length + 2, 2);
  return concat(head, payload);
};

/**
 * The JPEG as a phone leaves it: EXIF (with GPS) and XMP right after the start of image, a
 * comment, and a trailer after the end of image (as MPF secondary images are) carrying EXIF too.
 */
export function jpegWithGps(orientation = 6): Uint8Array {
  const exif = jpegSegment(0xe1, concat(ascii('Exif\0\0'), exifWithGps(orientation)));
  const xmp = jpegSegment(0xe1, concat(ascii('http://ns.adobe.com/xap/1.0/\0'), ascii(XMP)));
  const comment = jpegSegment(0xfe, ascii('taken at GPS 51.5007 -0.1246'));
  const trailer = concat(ascii('\xff\xd8'), jpegSegment(0xe1, concat(ascii('Exif\0\0'), exifWithGps(1))));
  return concat(PLAIN_JPEG.subarray(0, 2), exif, xmp, comment, PLAIN_JPEG.subarray(2), trailer);
}

const pngChunk = (type: string, data: Uint8Array) => {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(concat(ascii(type), data)), 0);
  return concat(head, data, crc);
};

/** The PNG with an eXIf chunk (GPS) and an iTXt chunk holding XMP, before its image data. */
export function pngWithGps(orientation = 8): Uint8Array {
  const ihdrEnd = 8 + 8 + 13 + 4;
  const itxt = concat(ascii('XML:com.adobe.xmp\0\0\0\0\0'), ascii(XMP));
  return concat(
    PLAIN_PNG.subarray(0, ihdrEnd),
    pngChunk('eXIf', exifWithGps(orientation)),
    pngChunk('iTXt', itxt),
    PLAIN_PNG.subarray(ihdrEnd),
  );
}

const riffChunk = (type: string, data: Uint8Array) => {
  const head = Buffer.alloc(8);
  head.write(type, 0, 'latin1');
  head.writeUInt32LE(data.length, 4);
  return concat(head, data, data.length % 2 ? new Uint8Array(1) : new Uint8Array(0));
};

/** The WebP (already extended: VP8X) with EXIF and XMP chunks appended and flagged in VP8X. */
export function webpWithGps(orientation = 3): Uint8Array {
  const body = concat(
    PLAIN_WEBP.subarray(12),
    riffChunk('EXIF', exifWithGps(orientation)),
    riffChunk('XMP ', ascii(XMP)),
  );
  const out = concat(ascii('RIFF'), new Uint8Array(4), ascii('WEBP'), body);
  new DataView(out.buffer).setUint32(4, out.length - 8, true);
  out[20] = out[20]! | 0x08 | 0x04; // VP8X flags: EXIF and XMP present
  return out;
}

/** A minimal ISO base media file: an ftyp box of the given brand, then an mdat of `size` bytes. */
export function isoMedia(brand: 'isom' | 'qt  ', size = 1024): Uint8Array {
  const ftyp = Buffer.alloc(20);
  ftyp.writeUInt32BE(20, 0);
  ftyp.write('ftyp', 4, 'latin1');
  ftyp.write(brand, 8, 'latin1');
  ftyp.write(brand, 16, 'latin1');
  const mdat = Buffer.alloc(8 + size, 7);
  mdat.writeUInt32BE(8 + size, 0);
  mdat.write('mdat', 4, 'latin1');
  return concat(ftyp, mdat);
}

const indexOf = (hay: Uint8Array, needle: Uint8Array) => Buffer.from(hay).indexOf(Buffer.from(needle));

/** The GPS IFD tag (0x8825) as an IFD entry would hold it, in either byte order. */
const GPS_TAG_LE = new Uint8Array([0x25, 0x88, 0x04, 0x00]);
const GPS_TAG_BE = new Uint8Array([0x88, 0x25, 0x00, 0x04]);
/** The latitude's seconds rational (264/100), little-endian, as exifWithGps wrote it. */
const LAT_SECONDS = (() => {
  const b = Buffer.alloc(8);
  b.writeUInt32LE(LATITUDE[2], 0);
  b.writeUInt32LE(100, 4);
  return new Uint8Array(b);
})();

/** Every trace of the position the fixtures put in, looked for anywhere in the bytes. */
export function locationTraces(bytes: Uint8Array): string[] {
  const traces: string[] = [];
  if (indexOf(bytes, GPS_TAG_LE) >= 0 || indexOf(bytes, GPS_TAG_BE) >= 0) traces.push('GPSInfo tag');
  if (indexOf(bytes, LAT_SECONDS) >= 0) traces.push('latitude rational');
  if (indexOf(bytes, ascii('GPSLatitude')) >= 0) traces.push('XMP exif:GPSLatitude');
  if (indexOf(bytes, ascii('GPS 51.5007')) >= 0) traces.push('comment');
  if (indexOf(bytes, ascii('Phonecam')) >= 0) traces.push('camera make');
  return traces;
}

export { indexOf };

/**
 * A multipart upload straight into the in-process app (api.call sends JSON only): `file` is the
 * field, `name`/`type` what the client claims about it.
 */
export async function upload(
  api: TestApi,
  opts: {
    tenant: string;
    token?: string;
    lessonId: string;
    bytes?: Uint8Array;
    name?: string;
    type?: string;
    field?: string;
  },
) {
  const form = new FormData();
  if (opts.bytes)
    form.append(
      opts.field ?? 'file',
      new Blob([Buffer.from(opts.bytes)], { type: opts.type ?? 'application/octet-stream' }),
      opts.name ?? 'upload.bin',
    );
  const headers: Record<string, string> = { 'x-tenant': opts.tenant };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  const res = await api.app.request(`/api/v1/lessons/${opts.lessonId}/attachments`, {
    method: 'POST',
    headers,
    body: form,
  });
  const text = await res.text();
  return {
    status: res.status,
    body: text && (res.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text,
  };
}

/** GETs a signed download path; answers the raw bytes with the response. */
export async function download(api: TestApi, tenant: string, url: string) {
  const res = await api.app.request(url, { headers: { 'x-tenant': tenant } });
  const bytes = new Uint8Array(await res.arrayBuffer());
  const type = res.headers.get('content-type') ?? '';
  return {
    status: res.status,
    headers: res.headers,
    bytes,
    problem: type.includes('json') ? JSON.parse(Buffer.from(bytes).toString('utf8')) : undefined,
  };
}

/** The orientation in the first TIFF block found anywhere in the bytes (null: none). */
export function orientationOf(bytes: Uint8Array): number | null {
  const buf = Buffer.from(bytes);
  for (const [mark, le] of [
    [Buffer.from('MM\0*', 'latin1'), false],
    [Buffer.from('II*\0', 'latin1'), true],
  ] as const) {
    const at = buf.indexOf(mark);
    if (at < 0) continue;
    const u16 = (o: number) => (le ? buf.readUInt16LE(at + o) : buf.readUInt16BE(at + o));
    const u32 = (o: number) => (le ? buf.readUInt32LE(at + o) : buf.readUInt32BE(at + o));
    const ifd = u32(4);
    for (let i = 0; i < u16(ifd); i++) if (u16(ifd + 2 + i * 12) === 0x0112) return u16(ifd + 2 + i * 12 + 8);
    return null;
  }
  return null;
}

/** An MP4 as an Android phone writes one: its position in moov/udta/©xyz (ISO 6709). */
export function mp4WithLocation(): Uint8Array {
  const box = (type: string, body: Uint8Array) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(body.length + 8, 0);
    head.write(type, 4, 'latin1');
    return concat(head, body);
  };
  const xyz = box('\u00a9xyz', concat(new Uint8Array([0, 18, 0x15, 0xc7]), ascii('+51.5007-000.1246/')));
  return concat(
    isoMedia('isom', 0).subarray(0, 20),
    box('moov', box('udta', xyz)),
    isoMedia('isom', 2048).subarray(20),
  );
}
