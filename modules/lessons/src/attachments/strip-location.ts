import type { SniffedMedia } from './sniff-media.ts';
import { stripJpegMetadata } from './strip-jpeg-metadata.ts';
import { stripPngMetadata } from './strip-png-metadata.ts';
import { stripVideoLocation } from './strip-video-location.ts';
import { stripWebpMetadata } from './strip-webp-metadata.ts';

/**
 * A file as it is stored: a photo without where it was taken (nor any other metadata), upright as
 * it was shot; a video with its location boxes blanked in place (everything else as uploaded).
 */
export function stripLocation(media: SniffedMedia, bytes: Uint8Array): Uint8Array {
  switch (media.contentType) {
    case 'image/jpeg':
      return stripJpegMetadata(bytes);
    case 'image/png':
      return stripPngMetadata(bytes);
    case 'image/webp':
      return stripWebpMetadata(bytes);
    case 'video/mp4':
    case 'video/quicktime':
      return stripVideoLocation(bytes);
  }
}
