/**
 * What a file is, from its first bytes (never from the name or the Content-Type the client sent:
 * both are the uploader's claim). Only the formats phones produce and browsers show are taken.
 */
export type SniffedMedia =
  | { kind: 'photo'; contentType: 'image/jpeg' | 'image/png' | 'image/webp'; extension: string }
  | { kind: 'video'; contentType: 'video/mp4' | 'video/quicktime'; extension: string };

const ascii = (bytes: Uint8Array, from: number, length: number) =>
  String.fromCharCode(...bytes.subarray(from, from + length));

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** ISO base media brands: QuickTime's own, everything else an MP4 family member (isom, mp42, avc1, M4V …). */
const QUICKTIME_BRAND = 'qt  ';
const MP4_BRANDS = /^(isom|iso[2-9a-z]|mp4[12v]|avc1|M4V |M4VH|M4VP|MSNV|dash|f4v |mmp4|3gp[4-9]|3g2[abc])$/;

export function sniffMedia(bytes: Uint8Array): SniffedMedia | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff)
    return { kind: 'photo', contentType: 'image/jpeg', extension: 'jpg' };
  if (bytes.length >= 8 && PNG_SIGNATURE.every((b, i) => bytes[i] === b))
    return { kind: 'photo', contentType: 'image/png', extension: 'png' };
  if (bytes.length >= 12 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP')
    return { kind: 'photo', contentType: 'image/webp', extension: 'webp' };
  // ISO base media (MP4, MOV): the first box is `ftyp`, its major brand says which.
  if (bytes.length >= 12 && ascii(bytes, 4, 4) === 'ftyp') {
    const brand = ascii(bytes, 8, 4);
    if (brand === QUICKTIME_BRAND) return { kind: 'video', contentType: 'video/quicktime', extension: 'mov' };
    if (MP4_BRANDS.test(brand)) return { kind: 'video', contentType: 'video/mp4', extension: 'mp4' };
  }
  return null;
}
