/** The bytes claim a format (by their magic bytes) but do not follow it: refused with a 422. */
export class MalformedMediaError extends Error {
  constructor(format: string, why: string) {
    super(`not a well-formed ${format}: ${why}`);
    this.name = 'MalformedMediaError';
  }
}
