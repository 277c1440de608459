import sharp from 'sharp';
import { logoEmpty, logoMalformed, logoTooLarge, logoTypeUnsupported } from './logo-errors.ts';
import { LOGO_MAX_BYTES, LOGO_MAX_SIDE, LOGO_SVG_MAX_BYTES, type LogoType } from './logo-limits.ts';
import { SvgRejected, sanitizeSvg } from './sanitize-svg.ts';

export type PreparedLogo = { bytes: Uint8Array; contentType: LogoType };

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);

/** SVG is text: after an optional BOM, XML declaration, comments and DOCTYPE, an <svg> element. */
function looksLikeSvg(bytes: Uint8Array): string | null {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
  const head = text
    .replace(/^\uFEFF/, '')
    .replace(/^\s*<\?xml[^>]*\?>/i, '')
    .replace(/^(\s*<!--[\s\S]*?-->)*/, '')
    .replace(/^\s*<!DOCTYPE[^[>]*(\[[\s\S]*?\])?\s*>/i, '')
    .replace(/^(\s*<!--[\s\S]*?-->)*/, '')
    .trimStart();
  return /^<svg[\s>/]/i.test(head) ? text : null;
}

/**
 * A school's uploaded logo, made safe and small enough to serve on every page: the type from the
 * bytes (never the file name or the claimed type), an SVG sanitised, a PNG or JPEG turned upright,
 * stripped of its metadata (sharp writes none unless asked) and shrunk to fit 512×512.
 */
export async function prepareLogo(bytes: Uint8Array): Promise<PreparedLogo> {
  if (bytes.byteLength === 0) throw logoEmpty();
  const raster = startsWith(bytes, PNG) ? 'png' : startsWith(bytes, [0xff, 0xd8, 0xff]) ? 'jpeg' : null;
  if (!raster) {
    const svg = looksLikeSvg(bytes);
    if (svg === null) throw logoTypeUnsupported();
    if (bytes.byteLength > LOGO_SVG_MAX_BYTES) throw logoTooLarge(bytes.byteLength, true);
    try {
      return { bytes: new TextEncoder().encode(sanitizeSvg(svg)), contentType: 'image/svg+xml' };
    } catch (error) {
      if (error instanceof SvgRejected) throw logoMalformed(error.message);
      throw error;
    }
  }
  if (bytes.byteLength > LOGO_MAX_BYTES) throw logoTooLarge(bytes.byteLength, false);
  try {
    // limitInputPixels: a small file can claim a huge canvas (a decompression bomb); 25 MP is
    // far beyond any logo. failOn 'error': a truncated file is refused, not half-drawn.
    const image = sharp(bytes, { limitInputPixels: 25_000_000, failOn: 'error' });
    const meta = await image.metadata();
    if (meta.format !== raster)
      throw new Error(`the ${raster.toUpperCase()} signature does not match its content`);
    const resized = image
      .rotate()
      .resize(LOGO_MAX_SIDE, LOGO_MAX_SIDE, { fit: 'inside', withoutEnlargement: true });
    const out =
      raster === 'png'
        ? await resized.png({ compressionLevel: 9 }).toBuffer()
        : await resized.jpeg({ quality: 85 }).toBuffer();
    return { bytes: new Uint8Array(out), contentType: raster === 'png' ? 'image/png' : 'image/jpeg' };
  } catch (error) {
    throw logoMalformed((error as Error).message.split('\n')[0]!.slice(0, 200));
  }
}
