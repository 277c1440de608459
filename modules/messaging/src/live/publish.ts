import type { Tx } from '@dualcontrol/db';
import { sql } from 'drizzle-orm';

/** What the portal's live stream (SSE) tells a signed-in person; ids only, the page fetches the rest. */
export type LiveEvent =
  | { kind: 'notification.created' | 'notification.read'; id: string }
  | { kind: 'message.created' | 'message.updated' | 'thread.read'; id: string; threadId: string };

/** The PostgreSQL channel every API process LISTENs on to feed its SSE streams. */
export const LIVE_CHANNEL = 'dc_live';

/**
 * Announces a change to the people it concerns. NOTIFY inside the writing transaction is delivered
 * only on commit (and never on rollback), so a stream never shows what was not saved, and every
 * API replica hears it. Payloads stay far below PostgreSQL's 8000-byte NOTIFY limit (ids only).
 */
export async function publishLive(tx: Tx, tenantId: string, userIds: string[], event: LiveEvent) {
  if (userIds.length === 0) return;
  await tx.execute(
    sql`select pg_notify(${LIVE_CHANNEL}, ${JSON.stringify({ tenantId, userIds, ...event })})`,
  );
}
