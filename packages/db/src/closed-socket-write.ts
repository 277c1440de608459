/**
 * postgres.js 3.4.9 can throw from a `setImmediate` after a connection has closed
 * (`TypeError: Cannot read properties of null (reading 'write')` in `nextWrite`,
 * porsager/postgres#1154 and #1208; the guards #1168/#1209 are not released). It escapes every
 * `await`, so Node would end the process: a database restart would take an API or worker down
 * with it. By then `closed()` has already rejected the connection's queries with
 * CONNECTION_CLOSED, so the stray write has nothing left to deliver.
 *
 * Remove this once a release of postgres.js guards `nextWrite`.
 */
export function isClosedSocketWrite(error: unknown): boolean {
  // Read by shape, not `instanceof`: a test runner hands it over serialised from its worker.
  const e = error as { name?: unknown; message?: unknown; stack?: unknown } | null;
  return (
    typeof e === 'object' &&
    e !== null &&
    e.name === 'TypeError' &&
    e.message === "Cannot read properties of null (reading 'write')" &&
    typeof e.stack === 'string' &&
    /nextWrite[\s\S]*postgres[\\/]src[\\/]connection\.js/.test(e.stack)
  );
}

/**
 * Keeps a server process alive through that one error (logged), and lets every other uncaught
 * exception end it as Node would.
 */
export function surviveClosedSocketWrites(log: (message: string) => void): void {
  process.on('uncaughtException', (error) => {
    if (isClosedSocketWrite(error)) {
      log(
        'postgres.js wrote to a closed connection (porsager/postgres#1154); its queries were already rejected',
      );
      return;
    }
    console.error(error);
    process.exit(1);
  });
}
