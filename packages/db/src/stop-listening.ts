/**
 * Ends a LISTEN on shutdown, best effort. When the database has already gone (Ctrl-C reaches
 * PostgreSQL as well as our processes) the driver fails the UNLISTEN (`write CONNECTION_CLOSED`),
 * and while it reconnects it may hold it instead; closing the client ends the LISTEN anyway. So a
 * failure is ignored and the wait is bounded, and the shutdown after it still runs.
 */
export async function stopListening(
  unlisten: (() => Promise<unknown>) | undefined,
  waitMs = 1000,
): Promise<void> {
  if (!unlisten) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    unlisten().catch(() => {}),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, waitMs);
    }),
  ]);
  clearTimeout(timer);
}
