/**
 * `npm run bench` (channels): 10,000 email deliveries (notification_channels rows, as notify's
 * fan-out writes them) sent by the channel dispatcher through nodemailer into a real SMTP listener
 * (smtp-server, in its own process) on loopback, on an embedded PostgreSQL — beside a same-run baseline: nodemailer
 * alone pushing messages into the same listener with the same connections and concurrency, no
 * database. The difference is the dispatcher's cost (claims, leases, outcome transactions,
 * the notification roll-up, audit triggers).
 *
 * Target (issue 13): fan-out + delivery of 10,000 notifications ≤ 60 s on this machine; this
 * bench measures the delivery half. Runs when BENCH_STEPS is unset or names `channels`.
 * Knobs: BENCH_QUICK=1 (2,000 deliveries), BENCH_DELIVERIES, BENCH_CONCURRENCY, BENCH_SMTP_CONNECTIONS (10).
 */

import { fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { startBenchDatabase } from '@dualcontrol/api/bench-database';
import { connectDatabase, roleUrls, systemActor } from '@dualcontrol/db';
import { createChannelDispatcher, createEmailSender } from '@dualcontrol/messaging';
import { createLogger, createTenant } from '@dualcontrol/platform';
import { createProductRegistry } from '@dualcontrol/product';
import nodemailer from 'nodemailer';
import postgres from 'postgres';

const steps = process.env.BENCH_STEPS;
if (steps && !steps.split(',').includes('channels')) {
  console.log('bench (channels): skipped (BENCH_STEPS does not name channels)');
  process.exit(0);
}

const QUICK = process.env.BENCH_QUICK === '1';
const N = Number(process.env.BENCH_DELIVERIES ?? (QUICK ? 2000 : 10_000));
const BASELINE_N = Math.min(N, 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const SMTP_CONNECTIONS = Number(process.env.BENCH_SMTP_CONNECTIONS ?? 10);

// The listener runs in its own process, like a real relay: the bench process is the worker only.
const sink = fork(fileURLToPath(new URL('./smtp-sink.ts', import.meta.url)), [], {
  execArgv: ['--import', 'tsx'],
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
const [{ port: smtpPort }] = (await once(sink, 'message')) as [{ port: number }];
const smtpUrl = `smtp://127.0.0.1:${smtpPort}`;
async function receivedCount(): Promise<number> {
  sink.send({ type: 'count' });
  const [{ received }] = (await once(sink, 'message')) as [{ received: number }];
  return received;
}

const bench = await startBenchDatabase({ prefix: 'dc-channels-bench-' });
const urls = roleUrls(bench.env);
const db = connectDatabase(urls.app, { max: CONCURRENCY + 2, applicationName: 'bench-channels' });
const platformDb = connectDatabase(urls.platform, { max: 3, applicationName: 'bench-channels-claims' });
const owner = postgres(bench.ownerUrl, { max: 1, onnotice: () => {} });

try {
  const tenant = await createTenant(platformDb, createProductRegistry(), systemActor, {
    slug: 'benchmail',
    name: 'Bench Driving School',
    timezone: 'Europe/London',
    currency: 'GBP',
    owner: { email: 'owner@benchmail.test', name: 'Owner', password: 'bench-owner-password' },
  });
  const [user] = await owner<{ id: string }[]>`select id from users where tenant_id = ${tenant.id} limit 1`;
  const rendered = {
    subject: 'Your lesson tomorrow at 10:00',
    text: 'See you tomorrow at 10:00 at the station car park.',
    html: '<p>See you <b>tomorrow</b> at 10:00 at the station car park.</p>',
  };
  const t0 = performance.now();
  await owner`
    with n as (
      insert into notifications (tenant_id, event_type, user_id, recipient_role, title, body)
      select ${tenant.id}, 'booking.reminder_due', ${user!.id}, 'student', 'Reminder', 'Lesson tomorrow'
        from generate_series(1, ${N})
      returning id)
    insert into notification_channels (tenant_id, notification_id, channel, address, rendered)
    select ${tenant.id}, id, 'email', 'learner' || (row_number() over ()) % 500 || '@bench.test',
           ${JSON.stringify(rendered)}::jsonb
      from n`;
  const queuedMs = performance.now() - t0;

  // Baseline: nodemailer alone, same listener, same pool size and concurrency.
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    pool: true,
    maxConnections: SMTP_CONNECTIONS,
    maxMessages: Number.POSITIVE_INFINITY,
  } as unknown as Parameters<typeof nodemailer.createTransport>[0]);
  let next = 0;
  const b0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < BASELINE_N) {
        next += 1;
        await transport.sendMail({
          from: 'School <no-reply@bench.test>',
          to: 'baseline@bench.test',
          ...rendered,
        });
      }
    }),
  );
  const baselineMs = performance.now() - b0;
  transport.close();
  const afterBaseline = await receivedCount();

  const email = createEmailSender({
    smtpUrl,
    from: 'Dualcontrol <no-reply@bench.test>',
    maxConnections: SMTP_CONNECTIONS,
  });
  const dispatcher = createChannelDispatcher({
    platformDb,
    db,
    senders: [email],
    log: createLogger('warn'),
    concurrency: CONCURRENCY,
    batchSize: 500,
  });
  const d0 = performance.now();
  const claimed = await dispatcher.drain();
  const deliveryMs = performance.now() - d0;
  email.close();

  const [counts] = await owner<{ sent: number; other: number }[]>`
    select count(*) filter (where status = 'sent')::int as sent, count(*) filter (where status <> 'sent')::int as other
      from notification_channels`;
  const [rolled] = await owner<
    { sent: number }[]
  >`select count(*)::int as sent from notifications where status = 'sent'`;
  const delivered = (await receivedCount()) - afterBaseline;
  const rate = (n: number, ms: number) => Math.round(n / (ms / 1000));
  console.log(
    `\nbench (channels): ${N} email deliveries, concurrency ${CONCURRENCY}, ${SMTP_CONNECTIONS} SMTP connections`,
  );
  console.table([
    {
      case: 'queue rows (fan-out stand-in, one INSERT)',
      n: N,
      seconds: (queuedMs / 1000).toFixed(2),
      perSecond: rate(N, queuedMs),
    },
    {
      case: 'baseline: nodemailer → smtp-server, no DB',
      n: BASELINE_N,
      seconds: (baselineMs / 1000).toFixed(2),
      perSecond: rate(BASELINE_N, baselineMs),
    },
    {
      case: 'dispatcher: claim, send, record, roll up',
      n: claimed,
      seconds: (deliveryMs / 1000).toFixed(2),
      perSecond: rate(claimed, deliveryMs),
    },
  ]);
  const ok = counts!.sent === N && counts!.other === 0 && delivered === N && rolled!.sent === N;
  console.log(
    `  rows sent ${counts!.sent}/${N}, listener received ${delivered}, notifications rolled up ${rolled!.sent}; ` +
      `dispatcher at ${Math.round((100 * rate(claimed, deliveryMs)) / rate(BASELINE_N, baselineMs))} % of the baseline rate`,
  );
  console.log(
    `  target: fan-out + delivery of 10,000 ≤ 60 s — delivery took ${(deliveryMs / 1000).toFixed(1)} s ` +
      `(${deliveryMs / 1000 <= 45 ? 'leaves fan-out ≥ 15 s' : 'OVER the share left for fan-out'})${ok ? '' : ' — COUNTS WRONG'}`,
  );
  if (!ok) process.exitCode = 1;
} finally {
  await owner.end();
  await Promise.all([db.close(), platformDb.close()]);
  await bench.stop();
  sink.send({ type: 'stop' });
  await once(sink, 'exit');
}
