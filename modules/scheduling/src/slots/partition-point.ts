/**
 * Binary search: the index of the first item for which `isBefore` is false, given that it holds
 * for a prefix of `items` and fails for the rest (as in Rust's slice::partition_point).
 */
export function partitionPoint<T>(items: readonly T[], isBefore: (item: T) => boolean): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (isBefore(items[middle]!)) low = middle + 1;
    else high = middle;
  }
  return low;
}
