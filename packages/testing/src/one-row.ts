/** The single row a query must return (tests read counts and values this way). */
export async function oneRow<T>(query: PromiseLike<readonly T[]>): Promise<T> {
  const rows = await query;
  if (rows.length !== 1) throw new Error(`expected exactly one row, got ${rows.length}`);
  return rows[0]!;
}
