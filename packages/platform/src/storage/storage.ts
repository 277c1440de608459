/**
 * Where uploaded bytes live (lesson attachments now; messaging attachments and school logos next).
 * Deliberately small: put, get, delete by key. Who may reach an object, and under which key, is
 * decided by the caller; drivers only keep bytes and their content type.
 */

/** Bytes to store: whole, or as a stream (drivers that need a length buffer a stream first). */
export type StorageBody = Uint8Array | ReadableStream<Uint8Array>;

export type StoredObject = {
  body: ReadableStream<Uint8Array>;
  contentType: string;
  size: number;
};

export type Storage = {
  readonly driver: 'local' | 's3';
  /** Stores (or replaces) the object at `key`. */
  put(key: string, body: StorageBody, opts: { contentType: string }): Promise<void>;
  /** The object and its metadata, or null when nothing is stored at `key`. */
  get(key: string): Promise<StoredObject | null>;
  /** Removes the object; removing what is not there is not an error. */
  delete(key: string): Promise<void>;
};

/**
 * Keys are `/`-separated segments of letters, digits, `.`, `_` and `-`, each starting with a
 * letter or digit: so no segment is `.` or `..`, no key is absolute, and a key maps to the same
 * path on disk as in a bucket. Callers build keys from ids (`lessons/<tenant>/<id>`), never from
 * what a client sent.
 */
const KEY = /^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/;
export const MAX_KEY_LENGTH = 512;

export class StorageKeyError extends Error {
  constructor(key: string) {
    super(`not a storage key: ${JSON.stringify(key.slice(0, 80))}`);
    this.name = 'StorageKeyError';
  }
}

export function assertStorageKey(key: string): void {
  if (typeof key !== 'string' || key.length > MAX_KEY_LENGTH || !KEY.test(key))
    throw new StorageKeyError(key);
}

/** Reads a body to its end (for drivers and callers that need the bytes at once). */
export async function bodyBytes(body: StorageBody): Promise<Uint8Array> {
  if (body instanceof Uint8Array) return body;
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    chunks.push(chunk);
    size += chunk.byteLength;
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}
