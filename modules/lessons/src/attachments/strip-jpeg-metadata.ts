import { concatBytes as concat } from './concat-bytes.ts';
import { keptExif } from './exif-orientation.ts';
import { MalformedMediaError } from './malformed-media.ts';

const EXIF_HEADER = [0x45, 0x78, 0x69, 0x66, 0x00, 0x00]; // "Exif\0\0"
const startsWith = (bytes: Uint8Array, from: number, prefix: readonly number[] | string) => {
  const p = typeof prefix === 'string' ? [...prefix].map((ch) => ch.charCodeAt(0)) : prefix;
  return p.every((b, i) => bytes[from + i] === b);
};

/**
 * Application segments worth keeping: they change how the pixels are decoded, and say nothing
 * about who took the photo or where. JFIF (APP0), an ICC colour profile (APP2), Adobe's colour
 * transform (APP14). Everything else in APPn or COM — EXIF with GPS (APP1), XMP (APP1, which
 * also carries exif:GPSLatitude), IPTC/Photoshop (APP13), MPF indexes (APP2), maker notes — goes.
 */
function keepSegment(marker: number, bytes: Uint8Array, payload: number): boolean {
  if (marker === 0xe0) return startsWith(bytes, payload, 'JFIF\0') || startsWith(bytes, payload, 'JFXX\0');
  if (marker === 0xe2) return startsWith(bytes, payload, 'ICC_PROFILE\0');
  if (marker === 0xee) return startsWith(bytes, payload, 'Adobe');
  if ((marker >= 0xe1 && marker <= 0xef) || marker === 0xfe) return false; // other APPn, COM
  return true; // tables, frame and scan headers: the image itself
}

/** An APP1 segment carrying `tiff` as its EXIF. */
function exifSegment(tiff: Uint8Array): Uint8Array {
  const length = 2 + EXIF_HEADER.length + tiff.length;
  const out = new Uint8Array(2 + length);
  out.set([0xff, 0xe1, length >> 8, length & 0xff]);
  out.set(EXIF_HEADER, 4);
  out.set(tiff, 4 + EXIF_HEADER.length);
  return out;
}

/**
 * The JPEG with its location (and all other metadata) removed and the orientation kept: walks the
 * segments up to the end of the image, keeps the decoding ones (see keepSegment), re-writes the
 * EXIF as orientation only, copies the entropy-coded scan data as it is, and drops whatever
 * follows the end-of-image marker (MPF secondary images and vendor trailers carry their own EXIF).
 */
export function stripJpegMetadata(bytes: Uint8Array): Uint8Array {
  const bad = (why: string) => new MalformedMediaError('JPEG', why);
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) throw bad('no start-of-image marker');
  const parts: Uint8Array[] = [bytes.subarray(0, 2)];
  let orientationWritten = false;
  let at = 2;
  let inScan = false;
  let scanStart = 0;
  for (;;) {
    if (inScan) {
      // Entropy-coded data: 0xFF is followed by 0x00 (a stuffed byte), a restart marker or fill;
      // anything else is the next marker (another table/scan in a progressive JPEG, or the end).
      while (at + 1 < bytes.length) {
        const ff = bytes.indexOf(0xff, at); // native search: scans are most of a photo's bytes
        if (ff < 0) {
          at = bytes.length;
          break;
        }
        at = ff;
        if (at + 1 >= bytes.length) break;
        const next = bytes[at + 1]!;
        if (next === 0x00 || (next >= 0xd0 && next <= 0xd7)) at += 2;
        else if (next === 0xff) at++;
        else break;
      }
      if (at + 1 >= bytes.length) throw bad('the image data has no end-of-image marker');
      parts.push(bytes.subarray(scanStart, at));
      inScan = false;
    }
    while (bytes[at] === 0xff && bytes[at + 1] === 0xff) at++; // fill bytes before a marker
    if (at + 1 >= bytes.length || bytes[at] !== 0xff) throw bad(`expected a marker at byte ${at}`);
    const marker = bytes[at + 1]!;
    if (marker === 0xd9) {
      parts.push(bytes.subarray(at, at + 2));
      break; // end of image: whatever follows is not part of it
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      throw bad(`unexpected marker 0xff${marker.toString(16)} at byte ${at}`);
    }
    if (at + 4 > bytes.length) throw bad('truncated segment header');
    const length = (bytes[at + 2]! << 8) | bytes[at + 3]!;
    const end = at + 2 + length;
    if (length < 2 || end > bytes.length) throw bad(`segment at byte ${at} runs past the end of the file`);
    const payload = at + 4;
    if (marker === 0xe1 && !orientationWritten && startsWith(bytes, payload, EXIF_HEADER)) {
      const kept = keptExif(bytes.subarray(payload + EXIF_HEADER.length, end));
      if (kept) parts.push(exifSegment(kept));
      orientationWritten = true;
    } else if (keepSegment(marker, bytes, payload)) {
      parts.push(bytes.subarray(at, end));
    }
    at = end;
    if (marker === 0xda) {
      inScan = true; // the scan header is followed by its entropy-coded data
      scanStart = at;
    }
  }
  return concat(parts);
}
