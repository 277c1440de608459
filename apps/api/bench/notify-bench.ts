/**
 * `npm run bench` (notify): messaging's fan-out — events turned into notifications and per-channel
 * deliveries by the real outbox dispatcher and subscription, on an embedded PostgreSQL.
 *
 *  - one event to 10,000 people: a reminder for a school-wide session (booking.reminder_due naming
 *    10,000 users) → 10,000 notifications, each with an in-app and an email delivery (20,000 rows);
 *  - many events: 1,000 booking.confirmed events, each to one learner (per-event overhead);
 *  - baseline, same run: the same 10,000 + 20,000 rows written by one INSERT … SELECT (the floor:
 *    no recipients, preferences, templates or rendering).
 *
 * Target (issue 13): 10,000 notifications fanned out in ≤ 60 s together with delivery (the SMTP
 * send side is measured by the channels bench). Runs when BENCH_STEPS is unset or names `notify`.
 * BENCH_QUICK=1: 2,000 people and 200 events.
 */

import { systemActor } from '@dualcontrol/db';
import { messagingModule } from '@dualcontrol/messaging';
import { createLogger, createOutboxDispatcher, createTenant, emitEvent } from '@dualcontrol/platform';
import { createProductRegistry } from '@dualcontrol/product';
import { schedulingEvents } from '@dualcontrol/scheduling';
import postgres from 'postgres';
import { buildDeps } from '../src/deps.ts';
import { startBenchDatabase } from './bench-database.ts';

const steps = process.env.BENCH_STEPS;
if (steps && !steps.split(',').includes('notify')) {
  console.log('bench (notify): skipped (BENCH_STEPS does not name notify)');
  process.exit(0);
}

const QUICK = process.env.BENCH_QUICK === '1';
const PEOPLE = QUICK ? 2_000 : 10_000;
const EVENTS = QUICK ? 200 : 1_000;
const TARGET_S = 60;

console.log('bench (notify): starting embedded PostgreSQL…');
const bench = await startBenchDatabase({ prefix: 'dualcontrol-notify-bench-' });
let failed = false;
try {
  const deps = buildDeps(bench.env);
  const slug = 'notifybench';
  const tenant = await createTenant(deps.platformDb, createProductRegistry(), systemActor, {
    slug,
    name: 'Notify Bench School',
    timezone: 'Europe/London',
    currency: 'GBP',
    owner: { email: `owner@${slug}.test`, name: 'Owner', password: 'bench-owner-password' },
  });
  const owner = postgres(bench.ownerUrl, { max: 2, onnotice: () => {} });
  console.log(`bench (notify): ${PEOPLE} learners and an instructor…`);
  const [instructor] = await owner<{ id: string; user_id: string }[]>`
    with u as (insert into users (tenant_id, email, name) values (${tenant.id}, 'ian@notifybench.test', 'Ian') returning id)
    insert into instructors (tenant_id, user_id) select ${tenant.id}, id from u returning id, user_id`;
  const learners = await owner<{ id: string; user_id: string }[]>`
    with u as (
      insert into users (tenant_id, email, name)
      select ${tenant.id}, 'learner' || n || '@notifybench.test', 'Learner ' || n from generate_series(1, ${PEOPLE}) n
      returning id
    ), r as (insert into user_roles (tenant_id, user_id, role) select ${tenant.id}, id, 'student' from u)
    insert into students (tenant_id, user_id) select ${tenant.id}, id from u returning id, user_id`;
  // A tenth of them chose quiet hours and their own zone: the fan-out reads everyone's preferences.
  await owner`insert into user_preferences (tenant_id, user_id, timezone, notifications)
    select ${tenant.id}, user_id, 'Europe/Paris',
           '{"quietHours":{"start":"23:00","end":"06:00","zone":"Europe/Paris"},"digest":{"windowMinutes":30}}'::jsonb
      from students where tenant_id = ${tenant.id} and random() < 0.1`;
  await owner`analyze`;

  const log = createLogger('silent');
  const handlers = messagingModule.subscriptions!({
    env: bench.env,
    keyring: deps.keyring,
    db: deps.db,
    log,
  }).map((h) => ({ ...h, moduleId: 'messaging' }));
  const dispatcher = createOutboxDispatcher({ platformDb: deps.platformDb, db: deps.db, handlers, log });
  const counts = async () => {
    const [row] = await owner<{ n: number; c: number }[]>`
      select (select count(*)::int from notifications) as n, (select count(*)::int from notification_channels) as c`;
    return row!;
  };
  const inHours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');

  type Row = {
    name: string;
    notifications: number;
    channels: number;
    seconds: number;
    target: string;
    verdict: string;
  };
  const rows: Row[] = [];

  // Baseline: the same rows, written in one statement by PostgreSQL alone.
  {
    const t = performance.now();
    await owner`
      with n as (
        insert into notifications (tenant_id, event_type, user_id, recipient_role, title, body, url)
        select ${tenant.id}, 'bench.baseline', user_id, 'student', 'Reminder', 'Your lesson starts tomorrow', '/bookings'
          from students where tenant_id = ${tenant.id}
        returning id, user_id
      )
      insert into notification_channels (tenant_id, notification_id, channel, address, rendered)
      select ${tenant.id}, n.id, c.channel, case when c.channel = 'in_app' then n.user_id::text else 'x@y.test' end,
             '{"subject":"Reminder","text":"Your lesson starts tomorrow"}'::jsonb
        from n, (values ('in_app'), ('email')) c(channel)`;
    const seconds = (performance.now() - t) / 1000;
    const { n, c } = await counts();
    rows.push({
      name: 'baseline: one INSERT … SELECT',
      notifications: n,
      channels: c,
      seconds,
      target: '(floor)',
      verdict: '',
    });
    await owner`delete from notifications where event_type = 'bench.baseline'`;
  }

  // One event, every learner: the reminder of a school-wide session.
  {
    const start = inHours(24);
    await deps.db.withTenant(tenant.id, systemActor, (tx) =>
      emitEvent(tx, tenant.id, schedulingEvents['booking.reminder_due'], {
        bookingId: crypto.randomUUID(),
        eventId: crypto.randomUUID(),
        minutesBefore: 1440,
        start,
        end: inHours(25),
        remindAt: inHours(0),
        userIds: learners.map((l) => l.user_id),
      }),
    );
    const t = performance.now();
    await dispatcher.drain();
    const seconds = (performance.now() - t) / 1000;
    const { n, c } = await counts();
    const ok = n === PEOPLE && c === 2 * PEOPLE && seconds <= TARGET_S;
    if (!ok) failed = true;
    rows.push({
      name: `1 event → ${PEOPLE} people`,
      notifications: n,
      channels: c,
      seconds,
      target: `≤ ${TARGET_S} s, ${PEOPLE} + ${2 * PEOPLE} rows`,
      verdict: ok ? 'PASS' : 'MISS',
    });
  }

  // Many events, one learner each (instant confirmations): the per-event cost.
  {
    const before = await counts();
    await deps.db.withTenant(tenant.id, systemActor, async (tx) => {
      for (let i = 0; i < EVENTS; i += 1) {
        const learner = learners[i]!;
        await emitEvent(tx, tenant.id, schedulingEvents['booking.confirmed'], {
          bookingId: crypto.randomUUID(),
          instructorId: instructor!.id,
          studentId: learner.id,
          start: inHours(48 + i),
          end: inHours(49 + i),
          status: 'confirmed',
        });
      }
    });
    const t = performance.now();
    await dispatcher.drain();
    const seconds = (performance.now() - t) / 1000;
    const after = await counts();
    const n = after.n - before.n;
    rows.push({
      name: `${EVENTS} events → 1 person each`,
      notifications: n,
      channels: after.c - before.c,
      seconds,
      target: `(${Math.round((seconds / EVENTS) * 10_000)} s per 10,000)`,
      verdict: n === EVENTS ? '' : 'MISS',
    });
    if (n !== EVENTS) failed = true;
  }

  console.log('\nbench (notify): fan-out (outbox dispatcher → messaging.notify → rows)');
  console.log(
    [
      'case'.padEnd(34),
      'notifications'.padStart(13),
      'deliveries'.padStart(11),
      'seconds'.padStart(8),
      'rows/s'.padStart(8),
      '  target',
    ].join(' '),
  );
  for (const r of rows) {
    console.log(
      [
        r.name.padEnd(34),
        String(r.notifications).padStart(13),
        String(r.channels).padStart(11),
        r.seconds.toFixed(2).padStart(8),
        String(Math.round((r.notifications + r.channels) / r.seconds)).padStart(8),
        `  ${r.target} ${r.verdict}`,
      ].join(' '),
    );
  }
  await owner.end();
  await deps.close();
} catch (error) {
  failed = true;
  console.error(error);
} finally {
  await bench.stop();
}
if (failed) process.exitCode = 1;
