import { concatBytes } from './concat-bytes.ts';
import { keptExif } from './exif-orientation.ts';
import { MalformedMediaError } from './malformed-media.ts';

const VP8X_EXIF_FLAG = 0x08;
const VP8X_XMP_FLAG = 0x04;
const EXIF_PREFIX = 'Exif\0\0';

const fourCC = (bytes: Uint8Array, at: number) => String.fromCharCode(...bytes.subarray(at, at + 4));

function riffChunk(type: string, data: Uint8Array): Uint8Array {
  const padded = data.length + (data.length % 2);
  const out = new Uint8Array(8 + padded);
  for (let i = 0; i < 4; i++) out[i] = type.charCodeAt(i);
  new DataView(out.buffer).setUint32(4, data.length, true);
  out.set(data, 8);
  return out;
}

/**
 * The WebP without its XMP and with its EXIF cut down to the orientation; the VP8X header's
 * EXIF/XMP flags are set to match what is left and the RIFF size is written anew.
 */
export function stripWebpMetadata(bytes: Uint8Array): Uint8Array {
  const bad = (why: string) => new MalformedMediaError('WebP', why);
  if (bytes.length < 12) throw bad('too short');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const riffEnd = 8 + view.getUint32(4, true);
  if (riffEnd > bytes.length) throw bad('the RIFF size runs past the end of the file');
  const chunks: Uint8Array[] = [];
  let vp8x: Uint8Array | null = null;
  let hasExif = false;
  let at = 12;
  while (at < riffEnd) {
    if (at + 8 > riffEnd) throw bad(`chunk header at byte ${at} is truncated`);
    const type = fourCC(bytes, at);
    const size = view.getUint32(at + 4, true);
    const end = at + 8 + size + (size % 2);
    if (at + 8 + size > riffEnd) throw bad(`chunk ${JSON.stringify(type)} runs past the end of the file`);
    const data = bytes.subarray(at + 8, at + 8 + size);
    if (type === 'EXIF') {
      // Some writers put JPEG's "Exif\0\0" before the TIFF data; the format does not.
      const prefixed = String.fromCharCode(...data.subarray(0, EXIF_PREFIX.length)) === EXIF_PREFIX;
      const kept = keptExif(prefixed ? data.subarray(EXIF_PREFIX.length) : data);
      // Only the extended format (VP8X, always the first chunk) may carry EXIF at all.
      if (kept && vp8x) {
        chunks.push(riffChunk('EXIF', kept));
        hasExif = true;
      }
    } else if (type !== 'XMP ') {
      const copy = bytes.slice(at, Math.min(end, riffEnd));
      if (type === 'VP8X') vp8x = copy;
      chunks.push(copy);
    }
    at = end;
  }
  if (vp8x) {
    if (vp8x.length < 9) throw bad('VP8X chunk too short');
    vp8x[8] = (vp8x[8]! & ~(VP8X_EXIF_FLAG | VP8X_XMP_FLAG)) | (hasExif ? VP8X_EXIF_FLAG : 0);
  }
  const body = concatBytes(chunks);
  const header = new Uint8Array(12);
  header.set(bytes.subarray(0, 4)); // RIFF
  new DataView(header.buffer).setUint32(4, 4 + body.length, true);
  header.set(bytes.subarray(8, 12), 8); // WEBP
  return concatBytes([header, body]);
}
