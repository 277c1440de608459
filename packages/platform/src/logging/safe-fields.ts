/**
 * Turns anything a caller hands the logger into plain JSON-safe data with secrets removed.
 *
 * Why not JSON.stringify directly: it throws on a BigInt and on a cycle (an HTTP request, a
 * socket, a drizzle error whose cause points back), and a logger that throws turns a logged
 * failure into a crashed request. And database errors carry the statement's values: postgres.js
 * puts them on `parameters` (hidden, or enumerable in debug mode), drizzle copies them onto
 * `params` and into its message ("Failed query: … params: a@b.c,hunter2"), and PostgreSQL's own
 * `detail` repeats the offending key ("Key (email)=(a@b.c) already exists.").
 */

/** Keys whose values are never written, whatever their depth. */
export const SECRET_KEY =
  /pass(word)?|secret|token|authorization|cookie|api[-_]?key|session|^(parameters|params|query|args)$/i;

const REDACTED = '[redacted]';
const MAX_DEPTH = 6;

/** PostgreSQL error fields worth keeping, under shorter names; every other field may hold values. */
const PG_FIELDS: [from: string, to: string][] = [
  ['code', 'code'],
  ['severity', 'severity'],
  ['constraint_name', 'constraint'],
  ['table_name', 'table'],
  ['column_name', 'column'],
  ['schema_name', 'schema'],
  ['routine', 'routine'],
];

/** postgres.js errors (PostgresError) carry PostgreSQL's fields: a SQLSTATE code and a severity. */
const isPostgresError = (err: Error & Record<string, unknown>) =>
  typeof err.code === 'string' && typeof err.severity === 'string';

/** drizzle wraps a failed query as "Failed query: <sql>\nparams: <values>": keep only the verdict. */
function safeMessage(err: Error): string {
  const message = String(err.message);
  return /^Failed query:/.test(message) ? 'Failed query (statement and parameters not logged)' : message;
}

function errorFields(err: Error, seen: WeakSet<object>, depth: number): Record<string, unknown> {
  const fields = err as Error & Record<string, unknown>;
  const message = safeMessage(err);
  const out: Record<string, unknown> = { name: err.name, message };
  if (isPostgresError(fields)) {
    for (const [from, to] of PG_FIELDS) if (fields[from] !== undefined) out[to] = fields[from];
  } else {
    // Our own errors (HTTP problems, config errors) keep their enumerable fields, still redacted.
    for (const [k, v] of Object.entries(fields))
      if (!(k in out) && k !== 'cause') out[k] = SECRET_KEY.test(k) ? REDACTED : toSafe(v, seen, depth + 1);
  }
  // postgres.js appends the caller's stack, never values; the first line repeats the raw message.
  if (typeof err.stack === 'string') out.stack = err.stack.replace(String(err.message), message);
  if (err.cause !== undefined) out.cause = toSafe(err.cause, seen, depth + 1);
  return out;
}

/** A deep copy that JSON.stringify cannot choke on, with secret-looking keys' values replaced. */
export function toSafe(value: unknown, seen: WeakSet<object> = new WeakSet(), depth = 0): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'function' || typeof value === 'symbol') return String(value);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[circular]';
  if (depth > MAX_DEPTH) return '[too deep]';
  seen.add(value);
  try {
    if (value instanceof Error) return errorFields(value, seen, depth);
    if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
    if (Buffer.isBuffer(value) || ArrayBuffer.isView(value)) return `[${value.byteLength} bytes]`;
    if (value instanceof Map) return toSafe(Object.fromEntries(value), seen, depth + 1);
    if (value instanceof Set) return toSafe([...value], seen, depth + 1);
    if (Array.isArray(value)) return value.map((v) => toSafe(v, seen, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value))
      out[k] = SECRET_KEY.test(k) ? REDACTED : toSafe(v, seen, depth + 1);
    return out;
  } catch {
    // A getter that throws (a closed socket, a revoked proxy) must not take the log line with it.
    return '[unreadable]';
  } finally {
    // Only ancestors count as cycles: the same object twice side by side is written twice.
    seen.delete(value);
  }
}
