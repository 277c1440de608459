import type { SniffedMedia } from './sniff-media.ts';
import { stripJpegMetadata } from './strip-jpeg-metadata.ts';
import { stripPngMetadata } from './strip-png-metadata.ts';
import { stripWebpMetadata } from './strip-webp-metadata.ts';

/**
 * A photo as it is stored: without where it was taken (nor any other metadata), upright as it was
 * shot. Videos are stored as uploaded (see the module README: their location atoms are not touched).
 */
export function stripLocation(media: SniffedMedia, bytes: Uint8Array): Uint8Array {
  switch (media.contentType) {
    case 'image/jpeg':
      return stripJpegMetadata(bytes);
    case 'image/png':
      return stripPngMetadata(bytes);
    case 'image/webp':
      return stripWebpMetadata(bytes);
    default:
      return bytes;
  }
}
