import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { orientationOnlyTiff, readOrientation } from './exif-orientation.ts';
import { MalformedMediaError } from './malformed-media.ts';
import { sniffMedia } from './sniff-media.ts';
import { stripJpegMetadata } from './strip-jpeg-metadata.ts';
import { stripPngMetadata } from './strip-png-metadata.ts';
import { stripVideoLocation } from './strip-video-location.ts';
import { stripWebpMetadata } from './strip-webp-metadata.ts';

/**
 * The strippers on hand-built files, for the shapes the API tests' small photos do not have:
 * several scans with restart markers and stuffed bytes, fill bytes between segments, little- and
 * big-endian EXIF, files with nothing to strip, and damaged files (which must be refused, not
 * passed through). tests/lessons/attachments*.test.ts covers real photos end to end.
 */
const bytes = (...parts: (number[] | string | Uint8Array)[]) =>
  new Uint8Array(
    Buffer.concat(
      parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p as Uint8Array))),
    ),
  );
const segment = (marker: number, payload: Uint8Array | string) => {
  const body = typeof payload === 'string' ? Buffer.from(payload, 'latin1') : Buffer.from(payload);
  return bytes([0xff, marker, (body.length + 2) >> 8, (body.length + 2) & 0xff], body);
};
const has = (hay: Uint8Array, needle: string | number[] | Uint8Array) =>
  Buffer.from(hay).indexOf(
    typeof needle === 'string' ? Buffer.from(needle, 'latin1') : Buffer.from(needle),
  ) >= 0;

/** A little-endian EXIF with orientation and a GPS pointer (its content is never parsed further). */
function exif(orientation: number, le = true) {
  const b = Buffer.alloc(38);
  const u16 = (v: number, at: number) => (le ? b.writeUInt16LE(v, at) : b.writeUInt16BE(v, at));
  const u32 = (v: number, at: number) => (le ? b.writeUInt32LE(v, at) : b.writeUInt32BE(v, at));
  b.write(le ? 'II' : 'MM', 0, 'latin1');
  u16(42, 2);
  u32(8, 4);
  u16(2, 8);
  u16(0x0112, 10);
  u16(3, 12);
  u32(1, 14);
  u16(orientation, 18);
  u16(0x8825, 22);
  u16(4, 24);
  u32(1, 26);
  u32(0xdead, 30);
  u32(0, 34);
  return new Uint8Array(b);
}

describe('EXIF orientation', () => {
  it('reads it in both byte orders and writes it back alone', () => {
    expect(readOrientation(exif(6, true))).toBe(6);
    expect(readOrientation(exif(8, false))).toBe(8);
    expect(readOrientation(orientationOnlyTiff(3))).toBe(3);
    expect(orientationOnlyTiff(3)).toHaveLength(26);
    expect(readOrientation(new Uint8Array([1, 2, 3]))).toBeNull();
    expect(readOrientation(exif(9))).toBeNull(); // not an orientation
  });
});

describe('sniffMedia', () => {
  it('knows the five formats by their bytes and nothing else', () => {
    expect(sniffMedia(bytes([0xff, 0xd8, 0xff, 0xe0]))?.contentType).toBe('image/jpeg');
    expect(sniffMedia(bytes([0x89], 'PNG\r\n\x1a\n'))?.contentType).toBe('image/png');
    expect(sniffMedia(bytes('RIFF\0\0\0\0WEBPVP8 '))?.contentType).toBe('image/webp');
    expect(sniffMedia(bytes([0, 0, 0, 20], 'ftypmp42'))?.contentType).toBe('video/mp4');
    expect(sniffMedia(bytes([0, 0, 0, 20], 'ftypqt  '))?.contentType).toBe('video/quicktime');
    for (const other of ['RIFF\0\0\0\0WAVEfmt ', 'GIF89a', '%PDF-1.7', '<svg', '\0\0\0\x14ftypheic', 'BM'])
      expect(sniffMedia(bytes(other)), other).toBeNull();
  });
});

describe('stripJpegMetadata', () => {
  const tables = segment(0xdb, bytes([0], new Uint8Array(64)));
  const frame = segment(0xc2, bytes([8, 0, 1, 0, 1, 1, 1, 0x11, 0]));
  const scan = segment(0xda, bytes([1, 1, 0, 0, 63, 0]));
  // Entropy data with a stuffed 0xFF00, a restart marker and a 0xFF fill byte before the next marker.
  const data1 = bytes([0x12, 0xff, 0x00, 0x34, 0xff, 0xd0, 0x56]);
  const data2 = bytes([0x78, 0x9a]);

  it('keeps the image (tables, frame, every scan and its data) and orientation, drops the rest', () => {
    const input = bytes(
      [0xff, 0xd8],
      segment(0xe0, 'JFIF\0\x01\x02\0\0\x01\0\x01\0\0'),
      segment(0xe1, bytes('Exif\0\0', exif(5, false))),
      segment(0xe1, 'http://ns.adobe.com/xap/1.0/\0<x exif:GPSLatitude="1"/>'),
      segment(0xe2, 'ICC_PROFILE\0\x01\x01profile'),
      segment(0xe2, 'MPF\0index'),
      segment(0xed, 'Photoshop 3.0\0IPTC city'),
      segment(0xfe, 'comment'),
      tables,
      frame,
      scan,
      data1,
      [0xff, 0xff], // fill
      segment(0xc4, bytes([0], new Uint8Array(16))), // a Huffman table between progressive scans
      scan,
      data2,
      [0xff, 0xd9],
      'trailing MPF image with Exif GPS',
    );
    const out = stripJpegMetadata(input);
    expect(has(out, 'JFIF')).toBe(true);
    expect(has(out, 'ICC_PROFILE')).toBe(true);
    for (const gone of ['GPSLatitude', 'MPF', 'IPTC', 'comment', 'trailing', [0x88, 0x25], [0x25, 0x88]])
      expect(has(out, gone), String(gone)).toBe(false);
    expect(readOrientation(out.subarray(Buffer.from(out).indexOf('Exif\0\0') + 6))).toBe(5);
    expect(has(out, bytes(tables, frame, scan, data1))).toBe(true);
    expect(has(out, bytes(scan, data2, [0xff, 0xd9]))).toBe(true);
    expect([...out.subarray(-2)]).toEqual([0xff, 0xd9]);
    // Stripping is idempotent: a second pass changes nothing.
    expect(Buffer.compare(stripJpegMetadata(out), out)).toBe(0);
  });

  it('drops an EXIF without an orientation entirely', () => {
    const noOrientation = bytes('II*\0', [8, 0, 0, 0], [0, 0], [0, 0, 0, 0]);
    const out = stripJpegMetadata(
      bytes(
        [0xff, 0xd8],
        segment(0xe1, bytes('Exif\0\0', noOrientation)),
        tables,
        frame,
        scan,
        data2,
        [0xff, 0xd9],
      ),
    );
    expect(has(out, 'Exif')).toBe(false);
  });

  it('refuses damaged files instead of passing them through', () => {
    const cases = [
      bytes([0xff, 0xd8], segment(0xe1, 'Exif\0\0').subarray(0, 5)), // segment runs past the end
      bytes([0xff, 0xd8], tables, frame, scan, data1), // no end of image
      bytes([0xff, 0xd8, 0x00, 0x01]), // no marker where one must be
      bytes([0xff, 0xd8, 0xff, 0xd8]), // a second start of image
      bytes([0xff, 0xd8, 0xff, 0xe1, 0x00, 0x01]), // a length below its own size
    ];
    for (const input of cases) expect(() => stripJpegMetadata(input)).toThrow(MalformedMediaError);
  });
});

const pngChunk = (type: string, data: Uint8Array | string) => {
  const body = typeof data === 'string' ? Buffer.from(data, 'latin1') : Buffer.from(data);
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])), 0);
  return bytes(head, body, crc);
};
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

describe('stripPngMetadata', () => {
  const ihdr = pngChunk('IHDR', new Uint8Array(13));
  const idat = pngChunk('IDAT', 'pixels');
  const iend = pngChunk('IEND', '');

  it('drops text chunks, rewrites eXIf (with a valid CRC) and stops at IEND', () => {
    const out = stripPngMetadata(
      bytes(
        PNG_SIGNATURE,
        ihdr,
        pngChunk('eXIf', exif(7)),
        pngChunk('tEXt', 'Comment\0at home'),
        pngChunk('zTXt', 'Raw profile\0\0x'),
        pngChunk('iTXt', 'XML:com.adobe.xmp\0\0\0\0\0GPSLatitude'),
        idat,
        iend,
        'after the end',
      ),
    );
    expect(Buffer.from(out).toString('latin1')).not.toMatch(/tEXt|zTXt|iTXt|GPS|at home|after the end/);
    expect(has(out, bytes(idat, iend))).toBe(true);
    const at = Buffer.from(out).indexOf('eXIf') - 4;
    const length = Buffer.from(out).readUInt32BE(at);
    expect(readOrientation(out.subarray(at + 8, at + 8 + length))).toBe(7);
    const crc = Buffer.from(out).readUInt32BE(at + 8 + length);
    expect(crc).toBe(crc32(out.subarray(at + 4, at + 8 + length)));
  });

  it('leaves a PNG with no metadata byte for byte; refuses a truncated one', () => {
    const clean = bytes(PNG_SIGNATURE, ihdr, idat, iend);
    expect(Buffer.compare(stripPngMetadata(clean), clean)).toBe(0);
    expect(() => stripPngMetadata(bytes(PNG_SIGNATURE, ihdr, idat))).toThrow(MalformedMediaError);
    expect(() => stripPngMetadata(clean.subarray(0, clean.length - 3))).toThrow(MalformedMediaError);
  });
});

const riff = (type: string, data: Uint8Array | string) => {
  const body = typeof data === 'string' ? Buffer.from(data, 'latin1') : Buffer.from(data);
  const head = Buffer.alloc(8);
  head.write(type, 0, 'latin1');
  head.writeUInt32LE(body.length, 4);
  return bytes(head, body, body.length % 2 ? [0] : []);
};
const webp = (...chunks: Uint8Array[]) => {
  const body = bytes(...chunks);
  const head = Buffer.alloc(12);
  head.write('RIFF', 0, 'latin1');
  head.writeUInt32LE(body.length + 4, 4);
  head.write('WEBP', 8, 'latin1');
  return bytes(head, body);
};

describe('stripWebpMetadata', () => {
  const vp8x = (flags: number) => riff('VP8X', bytes([flags, 0, 0, 0], [15, 0, 0, 11, 0, 0]));
  const image = riff('VP8 ', 'odd-length image'); // 16 bytes: even; the EXIF below is odd

  it('drops XMP, keeps EXIF as orientation only (with a "Exif\\0\\0" prefix or not), fixes flags and size', () => {
    for (const prefix of ['', 'Exif\0\0']) {
      const out = stripWebpMetadata(
        webp(
          vp8x(0x08 | 0x04 | 0x10),
          image,
          riff('EXIF', bytes(prefix, exif(2))),
          riff('XMP ', 'GPSLatitude'),
        ),
      );
      const view = Buffer.from(out);
      expect(view.readUInt32LE(4)).toBe(out.length - 8);
      expect(out[20]).toBe(0x08 | 0x10); // EXIF kept, XMP cleared, other flags (alpha) untouched
      expect(has(out, 'XMP ')).toBe(false);
      expect(has(out, 'GPS')).toBe(false);
      expect(has(out, image)).toBe(true);
      const at = view.indexOf('EXIF');
      expect(readOrientation(out.subarray(at + 8, at + 8 + view.readUInt32LE(at + 4)))).toBe(2);
    }
  });

  it('drops EXIF from a simple (non-VP8X) file, where it may not be; refuses a lying RIFF size', () => {
    const out = stripWebpMetadata(webp(image, riff('EXIF', exif(2))));
    expect(has(out, 'EXIF')).toBe(false);
    const broken = webp(vp8x(0), image);
    Buffer.from(broken.buffer).writeUInt32LE(broken.length + 100, 4);
    expect(() => stripWebpMetadata(broken)).toThrow(MalformedMediaError);
  });
});

describe('stripVideoLocation', () => {
  const box = (type: string, ...children: (Uint8Array | string | number[])[]) => {
    const body = bytes(...children);
    const head = Buffer.alloc(8);
    head.writeUInt32BE(body.length + 8, 0);
    head.write(type, 4, 'latin1');
    return bytes(head, body);
  };
  const WHERE = '+51.5007-000.1246+010.000/';
  const data = (value: string) => box('data', [0, 0, 0, 1, 0, 0, 0, 0], value);
  const keyEntry = (name: string) => box('mdta', name);
  const index = (n: number) => String.fromCharCode(0, 0, 0, n);

  it('blanks ©xyz, loci and Apple location keys in place; sizes, other metadata and mdat unchanged', () => {
    const mdat = box('mdat', 'frames that must not change');
    const input = bytes(
      box('ftyp', 'qt  ', [0, 0, 0, 0], 'qt  '),
      box(
        'moov',
        box('mvhd', new Uint8Array(20)),
        box('udta', box('\u00a9xyz', [0, 17, 0x15, 0xc7], WHERE), box('\u00a9too', 'Lavf')),
        box(
          'meta',
          box('hdlr', new Uint8Array(24)),
          box(
            'keys',
            [0, 0, 0, 0, 0, 0, 0, 2],
            keyEntry('com.apple.quicktime.location.ISO6709'),
            keyEntry('com.apple.quicktime.make'),
          ),
          box('ilst', box(index(1), data(WHERE)), box(index(2), data('Apple'))),
        ),
        box('trak', box('udta', box('loci', [0, 0, 0, 0], WHERE))),
      ),
      mdat,
    );
    const out = stripVideoLocation(input.slice());
    expect(out.length).toBe(input.length);
    expect(has(out, '+51.5007')).toBe(false);
    expect(has(out, '\u00a9xyz')).toBe(false);
    expect(has(out, 'loci')).toBe(false);
    expect(has(out, 'Apple')).toBe(true); // the make is not a location
    expect(has(out, 'Lavf')).toBe(true);
    expect(Buffer.from(out).subarray(-mdat.length).equals(Buffer.from(mdat))).toBe(true);
  });

  it('handles ISO meta (with version/flags) and 64-bit sizes; refuses boxes that overrun', () => {
    const large = Buffer.alloc(16);
    large.writeUInt32BE(1, 0);
    large.write('mdat', 4, 'latin1');
    large.writeBigUInt64BE(16n + 4n, 8);
    const iso = bytes(
      box('ftyp', 'isom', [0, 0, 0, 0]),
      box(
        'moov',
        box(
          'udta',
          box(
            'meta',
            [0, 0, 0, 0],
            box('hdlr', new Uint8Array(24)),
            box('ilst', box('\u00a9xyz', data(WHERE))),
          ),
        ),
      ),
      large,
      'abcd',
    );
    const out = stripVideoLocation(iso.slice());
    expect(has(out, '+51.5007')).toBe(false);
    expect(out.length).toBe(iso.length);
    const overrun = bytes(box('ftyp', 'isom'), [0, 0, 0, 99], 'moov', new Uint8Array(10));
    expect(() => stripVideoLocation(overrun)).toThrow(MalformedMediaError);
  });
});
