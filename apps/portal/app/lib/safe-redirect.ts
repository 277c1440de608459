/**
 * Where to send someone after a form, given a `next` (a return address) from the query string:
 * only ever a page of this portal, else `fallback` (a fixed path the caller chose).
 *
 * Browsers are generous with a Location header: they read `\` as `/`, drop tabs and line breaks
 * anywhere, and trim spaces and control characters at the ends. So `/\evil.example` and
 * `/<tab>/evil.example` both become `//evil.example` — another site. Rather than list every trick,
 * a value is accepted only when it is plainly a path: one leading `/`, no backslash, no whitespace
 * or control character (as given, and in the path once percent-decoded, so an encoded `%5c` or
 * `%09` cannot come back later), and it resolves to the same origin as a dummy base. What is returned is the
 * resolved path, not the input, so dot segments (`/.//x`) cannot change meaning afterwards.
 */
export function safeRedirectPath(next: string | null | undefined, fallback: string): string {
  if (!next || next.length > MAX_LENGTH || !plainPath(next)) return fallback;
  // The path decides where a browser goes; an encoded space in the query (`?q=Ann%20Lee`) is fine.
  const decoded = decodedOrNull(next.split(/[?#]/)[0]!);
  if (decoded === null || !plainPath(decoded)) return fallback;
  const url = new URL(next, BASE);
  if (url.origin !== BASE || !plainPath(url.pathname)) return fallback;
  return url.pathname + url.search + url.hash;
}

/** Longer than any page address of ours: a huge value is an attack, or a mistake. */
const MAX_LENGTH = 2048;
/** A made-up origin to resolve against (`.invalid` never resolves to anything). */
const BASE = 'https://portal.invalid';
/** Whitespace (incl. tab, CR, LF, no-break space), C0 and C1 control characters (Cc), and backslash. */
const UNSAFE = /[\s\p{Cc}\\]/u;

/** Starts with exactly one `/`, and has nothing a browser would bend. */
const plainPath = (value: string) => value.startsWith('/') && !value.startsWith('//') && !UNSAFE.test(value);

function decodedOrNull(value: string): string | null {
  try {
    return decodeURIComponent(value);
  } catch {
    return null; // malformed percent-encoding (e.g. `/%E0%A4%A`): not a path we wrote
  }
}
