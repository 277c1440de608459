import { type Database, stopListening, systemActor } from '@dualcontrol/db';
import { emitEvent, type Logger } from '@dualcontrol/platform';
import { sql } from 'drizzle-orm';
import { messagingEvents } from '../events.ts';
import type { Channel, RenderedMessage } from '../notifications/schema.ts';
import {
  type ChannelSender,
  type OutgoingMessage,
  PermanentDeliveryError,
  type SendOutcome,
} from './contract.ts';
import {
  type DeliveryRef,
  finishDelivery,
  rollUpNotification,
  rollUpNotifications,
  suppressAddress,
} from './record-delivery.ts';
import { SkipDelivery } from './skip.ts';

/** The PostgreSQL channel fan-out NOTIFYs after it wrote deliveries (the poll catches the rest). */
export const DELIVERIES_CHANNEL = 'dc_deliveries';

export type ChannelDispatcherOptions = {
  /** Platform role: claims due deliveries of every school. */
  platformDb: Database;
  /** App role: each outcome is recorded inside withTenant, under RLS. */
  db: Database;
  senders: readonly ChannelSender[];
  log: Logger;
  /** Rows claimed per round. */
  batchSize?: number;
  /** Sends in flight at once (each holds a provider connection, not a database one). */
  concurrency?: number;
  /** How long a claim holds: a worker killed mid-send frees its rows after this. */
  leaseSeconds?: number;
  /** Attempts before a transiently failing delivery is given up (failed). */
  maxAttempts?: number;
  /** Seconds to wait before attempt n+1 after n failed attempts. */
  backoffSeconds?: (attempts: number) => number;
  pollMs?: number;
  /** Handed-over messages recorded together (one transaction per school per flush). */
  flushEvery?: number;
};

type Sent = { row: Claimed; outcome: SendOutcome };

/** 30 s, 1 min, 2 min, 4 min … capped at 6 h, with ±10 % jitter so retries do not stampede. */
export const defaultBackoff = (attempts: number) =>
  Math.min(6 * 3600, 30 * 2 ** Math.max(0, attempts - 1)) * (0.9 + Math.random() * 0.2);

type Claimed = {
  tenant_id: string;
  id: string;
  notification_id: string;
  channel: Channel;
  address: string;
  rendered: RenderedMessage;
  attempts: number;
  event_type: string;
  critical: boolean;
  slug: string;
  school_name: string;
  suppressed: boolean;
};

/**
 * Sends the due deliveries (notification_channels rows) through their channel's sender.
 *
 * Claiming sets a lease (`claimed_until`) in one short platform-role transaction with
 * FOR UPDATE SKIP LOCKED, so any number of workers share the work and no transaction stays open
 * across a provider call. Each outcome is then written in the school's own transaction.
 *
 * At-least-once boundary: a worker killed after the provider accepted a message but before the
 * outcome was written leaves the lease; when it expires the row is claimed and sent again. The
 * senders pass the delivery id where the provider dedupes on it (the email's Message-ID, web
 * push's Topic); Twilio has no idempotency key, so an SMS can, in that window only, go twice.
 */
export function createChannelDispatcher(options: ChannelDispatcherOptions) {
  const { platformDb, db, log } = options;
  const senders = new Map<string, ChannelSender>(options.senders.map((s) => [s.channel, s]));
  const batchSize = options.batchSize ?? 200;
  const concurrency = options.concurrency ?? 16;
  const leaseSeconds = options.leaseSeconds ?? 120;
  const maxAttempts = options.maxAttempts ?? 8;
  const backoff = options.backoffSeconds ?? defaultBackoff;
  const flushEvery = options.flushEvery ?? 100;
  let running = false;
  let wake: (() => void) | undefined;
  let loop: Promise<void> | undefined;
  let unlisten: (() => Promise<void>) | undefined;

  async function claim(): Promise<Claimed[]> {
    return platformDb.sql<Claimed[]>`
      with due as (
        select tenant_id, id from notification_channels
         where status = 'pending' and next_attempt_at <= now()
           and (claimed_until is null or claimed_until < now())
         order by next_attempt_at
         limit ${batchSize}
         for update skip locked)
      update notification_channels nc
         set claimed_until = now() + make_interval(secs => ${leaseSeconds})
        from due, notifications n, tenants t
       where nc.tenant_id = due.tenant_id and nc.id = due.id
         and n.tenant_id = nc.tenant_id and n.id = nc.notification_id
         and t.id = nc.tenant_id
      returning nc.tenant_id, nc.id, nc.notification_id, nc.channel, nc.address, nc.rendered,
                nc.attempts, n.event_type, n.critical, t.slug, t.name as school_name,
                exists (select 1 from notification_suppressions s
                         where s.tenant_id = nc.tenant_id and s.channel = nc.channel
                           and s.address = nc.address) as suppressed`;
  }

  const refOf = (row: Claimed): DeliveryRef => ({
    tenantId: row.tenant_id,
    id: row.id,
    notificationId: row.notification_id,
    channel: row.channel,
    eventType: row.event_type,
  });

  function inTenant<T>(row: Claimed, fn: Parameters<Database['withTenant']>[2]): Promise<T> {
    return db.withTenant(row.tenant_id, systemActor, fn) as Promise<T>;
  }

  async function deliver(row: Claimed, onSent: (item: Sent) => void): Promise<void> {
    const ref = refOf(row);
    if (row.suppressed) {
      await inTenant(row, (tx) => finishDelivery(tx, ref, 'suppressed', { error: 'address suppressed' }));
      return;
    }
    // In-app is delivered by being written (the notification centre reads it); nothing to send.
    if (row.channel === 'in_app') {
      await inTenant(row, (tx) => finishDelivery(tx, ref, 'delivered'));
      return;
    }
    const sender = senders.get(row.channel);
    if (!sender) {
      await inTenant(row, (tx) =>
        finishDelivery(tx, ref, 'failed', { error: `no ${row.channel} provider is configured` }),
      );
      return;
    }
    const message: OutgoingMessage = {
      tenantId: row.tenant_id,
      deliveryId: row.id,
      notificationId: row.notification_id,
      channel: row.channel,
      address: row.address,
      rendered: row.rendered,
      school: { slug: row.slug, name: row.school_name },
      critical: row.critical,
    };
    try {
      const outcome = await sender.send(message);
      onSent({ row, outcome });
    } catch (error) {
      await recordFailure(row, ref, error);
    }
  }

  /**
   * Records handed-over messages set-based, one transaction per school for up to `flushEvery`
   * of them: per-row transactions made the database, not SMTP, the bottleneck. A provider
   * callback may already have moved a row on (delivered): its status is never moved back.
   */
  async function recordSent(items: Sent[]): Promise<void> {
    const byTenant = new Map<string, Sent[]>();
    for (const item of items)
      byTenant.set(item.row.tenant_id, [...(byTenant.get(item.row.tenant_id) ?? []), item]);
    for (const [tenantId, group] of byTenant) {
      const values = JSON.stringify(
        group.map(({ row, outcome }) => ({
          id: row.id,
          status: outcome.status,
          provider_id: outcome.providerId,
        })),
      );
      await db.withTenant(tenantId, systemActor, async (tx) => {
        const updated = await tx.execute<{ id: string; status: string }>(sql`
          update notification_channels nc
             set status = case when nc.status in ('pending', 'sending') then v.status else nc.status end,
                 provider_id = coalesce(v.provider_id, nc.provider_id),
                 attempts = nc.attempts + 1, sent_at = coalesce(nc.sent_at, now()),
                 delivered_at = case when v.status = 'delivered' then now() else nc.delivered_at end,
                 last_error = null, claimed_until = null, updated_at = now()
            from jsonb_to_recordset(${values}::jsonb) as v(id uuid, status text, provider_id text)
           where nc.tenant_id = ${tenantId} and nc.id = v.id
          returning nc.id, nc.status`);
        const final = new Set(updated.filter((u) => u.status === 'delivered').map((u) => u.id));
        for (const { row, outcome } of group) {
          if (outcome.status !== 'delivered' || !final.has(row.id)) continue;
          // Delivered at once (final): announced like any other final state.
          await emitEvent(tx, tenantId, messagingEvents['notification.delivery_finished'], {
            notificationId: row.notification_id,
            deliveryId: row.id,
            channel: row.channel,
            status: 'delivered',
            eventType: row.event_type,
          });
        }
        await rollUpNotifications(tx, tenantId, [...new Set(group.map((g) => g.row.notification_id))]);
      });
    }
  }

  async function recordFailure(row: Claimed, ref: DeliveryRef, error: unknown): Promise<void> {
    const message = (error instanceof Error ? error.message : String(error)).slice(0, 2000);
    if (error instanceof SkipDelivery) {
      await inTenant(row, async (tx) => {
        await tx.execute(sql`
          update notification_channels set status = 'skipped', last_error = ${message},
                 claimed_until = null, updated_at = now()
           where tenant_id = ${row.tenant_id} and id = ${row.id}`);
        if (error.fallback === 'sms') {
          await tx.execute(sql`
            insert into notification_channels (tenant_id, notification_id, channel, address, rendered)
            values (${row.tenant_id}, ${row.notification_id}, 'sms', ${row.address}, ${JSON.stringify(row.rendered)}::jsonb)
            on conflict do nothing`);
          await tx.execute(sql`select pg_notify(${DELIVERIES_CHANNEL}, '')`);
        }
        await rollUpNotification(tx, row.tenant_id, row.notification_id);
      });
      return;
    }
    if (error instanceof PermanentDeliveryError) {
      const status = error.reason === 'bounce' || error.reason === 'complaint' ? 'bounced' : 'failed';
      await inTenant(row, async (tx) => {
        await tx.execute(sql`update notification_channels set attempts = attempts + 1
                              where tenant_id = ${row.tenant_id} and id = ${row.id}`);
        await finishDelivery(tx, ref, status, { error: message });
        if (error.suppress)
          await suppressAddress(tx, {
            tenantId: row.tenant_id,
            channel: row.channel,
            address: row.address,
            reason: error.reason,
            detail: message,
          });
      });
      return;
    }
    const attempts = row.attempts + 1;
    if (attempts >= maxAttempts) {
      log.warn('delivery failed for good', {
        deliveryId: row.id,
        channel: row.channel,
        attempts,
        error: message,
      });
      await inTenant(row, async (tx) => {
        await tx.execute(sql`update notification_channels set attempts = ${attempts}
                              where tenant_id = ${row.tenant_id} and id = ${row.id}`);
        await finishDelivery(tx, ref, 'failed', { error: message });
      });
      return;
    }
    log.info('delivery failed; will retry', {
      deliveryId: row.id,
      channel: row.channel,
      attempts,
      error: message,
    });
    await inTenant(row, (tx) =>
      tx.execute(sql`
        update notification_channels
           set attempts = ${attempts}, last_error = ${message}, claimed_until = null, updated_at = now(),
               next_attempt_at = now() + make_interval(secs => ${backoff(attempts)})
         where tenant_id = ${row.tenant_id} and id = ${row.id} and status = 'pending'`),
    );
  }

  /** Claims one batch and sends it with bounded concurrency; returns how many rows it claimed. */
  async function runOnce(): Promise<number> {
    const rows = await claim();
    let next = 0;
    let sent: Sent[] = [];
    const flush = async () => {
      const items = sent;
      sent = [];
      if (items.length === 0) return;
      try {
        await recordSent(items);
      } catch (error) {
        // Not recorded (database trouble): the leases expire and these rows are sent again.
        log.error('sent deliveries could not be recorded', { count: items.length, error });
      }
    };
    const lane = async () => {
      while (next < rows.length) {
        const row = rows[next++]!;
        try {
          // Into the buffer current when the send ends (a flush may have swapped it meanwhile).
          await deliver(row, (item) => sent.push(item));
        } catch (error) {
          // Recording failed (database trouble): the lease expires and the row is tried again.
          log.error('delivery could not be recorded', { deliveryId: row.id, error });
        }
        if (sent.length >= flushEvery) await flush();
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, rows.length) }, lane));
    await flush();
    return rows.length;
  }

  /** Sends until nothing is due (tests, the bench and shutdown). */
  async function drain(): Promise<number> {
    let total = 0;
    for (let n = await runOnce(); n > 0; n = await runOnce()) total += n;
    return total;
  }

  async function start(): Promise<void> {
    if (running) return;
    running = true;
    let notified = false;
    const listener = await platformDb.sql.listen(DELIVERIES_CHANNEL, () => {
      notified = true;
      wake?.();
    });
    unlisten = listener.unlisten;
    loop = (async () => {
      while (running) {
        notified = false;
        try {
          await drain();
        } catch (error) {
          log.error('channel dispatcher error', { error });
        }
        if (!running || notified) continue;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, options.pollMs ?? 2000);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = undefined;
      }
    })();
  }

  async function stop(): Promise<void> {
    running = false;
    wake?.();
    await loop;
    await stopListening(unlisten);
  }

  return { start, stop, drain, runOnce };
}

export type ChannelDispatcher = ReturnType<typeof createChannelDispatcher>;
