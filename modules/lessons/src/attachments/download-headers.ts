/**
 * Headers of every attachment download. The bytes are a user's upload served from the API's
 * origin: the browser must take them for exactly the type we sniffed (nosniff), run nothing in
 * them even if opened directly (a CSP that allows nothing, sandboxed), and not leak the signed
 * link to other sites (no referrer).
 */
export const DOWNLOAD_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy': "default-src 'none'; img-src 'self'; media-src 'self'; sandbox",
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Resource-Policy': 'same-site',
} as const;

const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'video/mp4': 'mp4',
  'video/quicktime': 'mov',
};

/**
 * `inline` (photos and videos show in the browser) with a safe ASCII name whose extension matches
 * the sniffed type, and the original name in RFC 5987 form for browsers that show it.
 */
export function contentDisposition(a: { id: string; contentType: string; originalName: string | null }) {
  const ext = EXTENSIONS[a.contentType] ?? 'bin';
  const stem = (a.originalName ?? '').replace(/\.[^.]*$/, '');
  const ascii = stem
    .replace(/[^A-Za-z0-9._ -]/g, '_')
    .replace(/^[.\s]+/, '')
    .slice(0, 100)
    .trim();
  const name = `${ascii || `attachment-${a.id}`}.${ext}`;
  const full = `${stem || `attachment-${a.id}`}.${ext}`;
  return `inline; filename="${name}"; filename*=UTF-8''${encodeURIComponent(full)}`;
}
