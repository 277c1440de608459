import { crc32 } from 'node:zlib';
import { concatBytes } from './concat-bytes.ts';
import { keptExif } from './exif-orientation.ts';
import { MalformedMediaError } from './malformed-media.ts';

/**
 * Chunks dropped from a PNG: text of any kind (tEXt/zTXt/iTXt — where XMP and its
 * exif:GPSLatitude live, and free comments) and EXIF (eXIf), which comes back as orientation only.
 * Everything else (image header and data, palette, colour and gamma information) is the image.
 */
const DROPPED = new Set(['tEXt', 'zTXt', 'iTXt']);
const SIGNATURE_LENGTH = 8;

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/** The PNG without location or other metadata, its orientation kept; nothing after IEND. */
export function stripPngMetadata(bytes: Uint8Array): Uint8Array {
  const bad = (why: string) => new MalformedMediaError('PNG', why);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const parts: Uint8Array[] = [bytes.subarray(0, SIGNATURE_LENGTH)];
  let at = SIGNATURE_LENGTH;
  for (;;) {
    if (at + 12 > bytes.length) throw bad('the file ends before its IEND chunk');
    const length = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    const end = at + 12 + length;
    if (!/^[A-Za-z]{4}$/.test(type) || end > bytes.length) throw bad(`chunk at byte ${at} is not readable`);
    if (type === 'eXIf') {
      const kept = keptExif(bytes.subarray(at + 8, at + 8 + length));
      if (kept) parts.push(chunk('eXIf', kept));
    } else if (!DROPPED.has(type)) {
      parts.push(bytes.subarray(at, end));
    }
    at = end;
    if (type === 'IEND') break;
  }
  return concatBytes(parts);
}
