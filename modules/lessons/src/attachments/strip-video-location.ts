import { MalformedMediaError } from './malformed-media.ts';

/**
 * Where MP4 and QuickTime files keep the place they were shot, all inside `moov`:
 * - `©xyz` (an ISO 6709 string: Android, older iPhones), in `udta` or an iTunes-style `ilst`;
 * - `loci` (3GPP location), in `udta`;
 * - Apple's `meta` keys `com.apple.quicktime.location.*`, whose values are `ilst` items.
 * Each is neutralised in place — renamed to `free` with its payload zeroed — so no box changes
 * size and no chunk offset into `mdat` moves: the video plays exactly as before.
 */
const CONTAINERS = new Set(['moov', 'trak', 'mdia', 'minf', 'udta', 'meta', 'ilst', 'edts']);
const LOCATION_BOXES = new Set(['\u00a9xyz', 'loci']);
const FREE = [0x66, 0x72, 0x65, 0x65]; // "free"

type Box = { type: string; start: number; payload: number; end: number };

function* boxes(bytes: Uint8Array, view: DataView, from: number, to: number): Generator<Box> {
  let at = from;
  while (at + 8 <= to) {
    let size = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    let payload = at + 8;
    if (size === 1) {
      if (at + 16 > to) throw new MalformedMediaError('video', `box ${JSON.stringify(type)} is truncated`);
      size = Number(view.getBigUint64(at + 8));
      payload = at + 16;
    } else if (size === 0) size = to - at; // to the end of its parent
    const end = at + size;
    if (size < payload - at || end > to)
      throw new MalformedMediaError(
        'video',
        `box ${JSON.stringify(type)} at byte ${at} runs past its parent`,
      );
    yield { type, start: at, payload, end };
    at = end;
  }
}

function neutralise(bytes: Uint8Array, box: Box) {
  bytes.set(FREE, box.start + 4);
  bytes.fill(0, box.payload, box.end);
}

/** Apple's `keys` box: which 1-based key indexes name a location. */
function locationKeyIndexes(bytes: Uint8Array, view: DataView, keys: Box): Set<number> {
  const found = new Set<number>();
  let at = keys.payload + 8; // version/flags, entry count
  for (let index = 1; at + 8 <= keys.end; index++) {
    const size = view.getUint32(at);
    if (size < 8 || at + size > keys.end) break;
    const name = String.fromCharCode(...bytes.subarray(at + 8, at + size));
    if (name.startsWith('com.apple.quicktime.location')) found.add(index);
    at += size;
  }
  return found;
}

/** The children of a `meta` box start after its version/flags in ISO files, at once in QuickTime. */
function metaChildren(bytes: Uint8Array, box: Box): number {
  const typeAt = (at: number) => String.fromCharCode(...bytes.subarray(at, at + 4));
  return typeAt(box.payload + 4) === 'hdlr' ? box.payload : box.payload + 4;
}

function walk(bytes: Uint8Array, view: DataView, from: number, to: number, locationKeys: Set<number>) {
  for (const box of boxes(bytes, view, from, to)) {
    if (LOCATION_BOXES.has(box.type)) {
      neutralise(bytes, box);
      continue;
    }
    if (box.type === 'meta') {
      const start = metaChildren(bytes, box);
      const keys = [...boxes(bytes, view, start, box.end)].find((b) => b.type === 'keys');
      walk(bytes, view, start, box.end, keys ? locationKeyIndexes(bytes, view, keys) : new Set());
    } else if (box.type === 'ilst') {
      for (const item of boxes(bytes, view, box.payload, box.end)) {
        if (locationKeys.has(view.getUint32(item.start + 4)) || LOCATION_BOXES.has(item.type))
          neutralise(bytes, item);
      }
    } else if (CONTAINERS.has(box.type)) {
      walk(bytes, view, box.payload, box.end, locationKeys);
    }
  }
}

/**
 * The video with every location box neutralised — in place (a video may be 100 MB: no second
 * copy), so the same array comes back; same length, same media data.
 */
export function stripVideoLocation(bytes: Uint8Array): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (const box of boxes(bytes, view, 0, bytes.length)) {
    if (box.type === 'moov') walk(bytes, view, box.payload, box.end, new Set());
  }
  return bytes;
}
