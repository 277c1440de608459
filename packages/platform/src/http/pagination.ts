import { badRequest } from '../errors/app-error.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Cursors are opaque to clients: the last id seen (UUIDv7, so id order is creation order). */
export const encodeCursor = (lastId: string): string => Buffer.from(lastId).toString('base64url');

export function decodeCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  const id = Buffer.from(cursor, 'base64url').toString();
  if (!UUID.test(id)) {
    throw badRequest('request.invalid_cursor', 'The cursor is not one this API gave out.', [
      { path: 'query.cursor', message: 'invalid cursor' },
    ]);
  }
  return id;
}

/** Fetch limit+1 rows; the extra row tells whether there is a next page. */
export function pageOf<T extends { id: string }>(rows: T[], limit: number) {
  const data = rows.slice(0, limit);
  const last = data.at(-1);
  return { data, nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null };
}
