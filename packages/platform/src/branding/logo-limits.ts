/**
 * What a school logo may be. Constants, not settings: they protect the service (memory per
 * upload, what every page of the school loads), not a school's taste. A header shows the logo at
 * 28 px and the installed app at up to 512 px, so a raster is stored at most 512 px on its longer
 * side; an SVG keeps its drawing, so its limit is on bytes.
 */
export const LOGO_MAX_BYTES = 2 * 1024 * 1024;
export const LOGO_SVG_MAX_BYTES = 512 * 1024;
export const LOGO_MAX_SIDE = 512;
/** What the upload route reads at most: the largest file plus the multipart framing. */
export const LOGO_BODY_MAX_BYTES = LOGO_MAX_BYTES + 16 * 1024;
export const LOGO_TYPES = ['image/png', 'image/jpeg', 'image/svg+xml'] as const;
export type LogoType = (typeof LOGO_TYPES)[number];
