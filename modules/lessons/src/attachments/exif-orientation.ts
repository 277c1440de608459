/**
 * EXIF is a TIFF structure. From a photo's EXIF we keep one thing, the orientation (tag 0x0112,
 * 1..8: how to turn the pixels upright), and drop everything else — GPS position first, but also
 * camera serial numbers, owner names and timestamps, which nobody at a driving school needs.
 */

const ORIENTATION_TAG = 0x0112;
const SHORT = 3;

/** The orientation recorded in IFD0 of a TIFF/EXIF block, or null when absent or unreadable. */
export function readOrientation(tiff: Uint8Array): number | null {
  if (tiff.length < 8) return null;
  const view = new DataView(tiff.buffer, tiff.byteOffset, tiff.byteLength);
  const order = String.fromCharCode(tiff[0]!, tiff[1]!);
  if (order !== 'II' && order !== 'MM') return null;
  const le = order === 'II';
  if (view.getUint16(2, le) !== 42) return null;
  const ifd = view.getUint32(4, le);
  if (ifd + 2 > tiff.length) return null;
  const count = view.getUint16(ifd, le);
  for (let i = 0; i < count; i++) {
    const entry = ifd + 2 + i * 12;
    if (entry + 12 > tiff.length) return null;
    if (view.getUint16(entry, le) !== ORIENTATION_TAG) continue;
    if (view.getUint16(entry + 2, le) !== SHORT) return null;
    const value = view.getUint16(entry + 8, le);
    return value >= 1 && value <= 8 ? value : null;
  }
  return null;
}

/** A TIFF block holding nothing but the orientation (big-endian, one IFD with one entry). */
export function orientationOnlyTiff(orientation: number): Uint8Array {
  const out = new Uint8Array(26);
  const view = new DataView(out.buffer);
  out.set([0x4d, 0x4d]); // "MM"
  view.setUint16(2, 42);
  view.setUint32(4, 8); // IFD0 right after the header
  view.setUint16(8, 1); // one entry
  view.setUint16(10, ORIENTATION_TAG);
  view.setUint16(12, SHORT);
  view.setUint32(14, 1); // count
  view.setUint16(18, orientation); // value, left-aligned in the 4-byte field
  view.setUint32(22, 0); // no next IFD
  return out;
}

/** What to put back in place of an EXIF block: the orientation alone, or nothing. */
export function keptExif(tiff: Uint8Array): Uint8Array | null {
  const orientation = readOrientation(tiff);
  return orientation === null ? null : orientationOnlyTiff(orientation);
}
