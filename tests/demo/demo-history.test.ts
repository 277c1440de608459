import { availableParallelism, loadavg } from 'node:os';
import { systemActor } from '@dualcontrol/db';
import { dropDemoSchool } from '@dualcontrol/platform';
import { createTestDatabase, type TestDatabase } from '@dualcontrol/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measure } from './cpu-time.ts';
import { applySchool, demoFolders, fingerprint, rowCounts, simulate } from './demo-schools.ts';

// One clock for every run in this file: "same seed, same day" is what must give the same history.
const now = new Date();
const DAY = 86_400_000;

type School = { id: string; slug: string };

describe('the demo schools’ simulated history (npm start, DEMO_TENANTS)', () => {
  let tdb: TestDatabase;
  const schools: School[] = [];
  let cost = { wallMs: 0, cpuMs: 0, clientMs: 0, serverMs: 0 };
  /** runDemo's progress lines: each layer's figures and time. */
  const steps: string[] = [];

  beforeAll(async () => {
    tdb = await createTestDatabase();
    for (const folder of demoFolders) {
      const { id, def } = await applySchool(tdb, folder);
      schools.push({ id, slug: def.slug });
    }
    // As the launcher runs them: side by side, each school one transaction.
    const { result, ...measured } = await measure(tdb, () =>
      Promise.all(schools.map((s) => simulate(tdb, s.id, { now, step: (m) => steps.push(m) }))),
    );
    cost = measured;
    expect(result.every((r) => r.ran)).toBe(true);
  }, 180_000);
  afterAll(() => tdb.drop());

  it('is made for both schools within the 20 s budget (on two free cores; wall time printed)', () => {
    // Other suites share this machine's two cores: the wall clock measures the queue for them as
    // much as the demo. What the demo takes with the two cores to itself follows from its CPU time:
    // the schools run side by side, node's share on one thread (it cannot go faster than that),
    // node and the database backends together spread over both cores.
    const f = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    const onFreeCores = Math.max(cost.clientMs, cost.cpuMs / 2);
    console.log(steps.join('\n'));
    console.log(
      `demo history, ${schools.length} schools: wall ${f(cost.wallMs)}, CPU ${f(cost.cpuMs)} ` +
        `(node ${f(cost.clientMs)}, PostgreSQL ${f(cost.serverMs)}), so ${f(onFreeCores)} on two free cores; ` +
        `load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores`,
    );
    expect(onFreeCores).toBeLessThan(20_000);
  });

  it('gives every school students at each stage: just started, early, nearly test-ready, passed', async () => {
    for (const s of schools) {
      const students = await tdb.owner<
        { email: string; recorded: number; first: Date; practical: string[]; future: number }[]
      >`
        select u.email,
          (select count(*)::int from lessons l where l.tenant_id = st.tenant_id and l.student_id = st.id and l.recorded_at is not null) as recorded,
          (select min(b.starts_at) from bookings b where b.tenant_id = st.tenant_id and b.student_id = st.id) as first,
          (select coalesce(array_agg(t.status order by t.test_on), '{}') from test_records t
            where t.tenant_id = st.tenant_id and t.student_id = st.id and t.kind = 'practical') as practical,
          (select count(*)::int from bookings b where b.tenant_id = st.tenant_id and b.student_id = st.id
            and b.starts_at > ${now} and b.status in ('pending', 'confirmed')) as future
        from students st join users u on u.tenant_id = st.tenant_id and u.id = st.user_id
        where st.tenant_id = ${s.id}`;
      const passed = students.filter((x) => x.practical.at(-1) === 'passed');
      const ready = students.filter((x) => x.practical.at(-1) === 'booked');
      const started = students.filter((x) => x.first.getTime() > now.getTime() - 21 * DAY);
      const early = students.filter((x) => !passed.includes(x) && !ready.includes(x) && !started.includes(x));
      expect(
        [passed, ready, early, started].map((g) => g.length),
        s.slug,
      ).toEqual([2, 2, 2, 2]);
      // Passed: done with lessons. Nearly ready and learning: lessons booked in the coming weeks.
      for (const x of passed) expect(x.future, x.email).toBe(0);
      for (const x of [...ready, ...early, ...started]) expect(x.future, x.email).toBeGreaterThan(0);
      for (const x of passed) expect(x.recorded, x.email).toBeGreaterThanOrEqual(18);
      for (const x of ready) expect(x.recorded, x.email).toBeGreaterThanOrEqual(18);
      for (const x of early) expect(x.recorded, x.email).toBeGreaterThanOrEqual(5);
      for (const x of started) expect(x.recorded, x.email).toBeGreaterThanOrEqual(1);
      // Six months of it: the first lesson about half a year back.
      const firstEver = Math.min(...students.map((x) => x.first.getTime()));
      expect((now.getTime() - firstEver) / DAY, s.slug).toBeGreaterThan(160);
    }
  });

  it('books weekly series, with cancellations (fees by the policy), no-shows and lessons ahead', async () => {
    let cancelled = 0;
    let noShows = 0;
    for (const s of schools) {
      const [b] = await tdb.owner<
        {
          total: number;
          in_series: number;
          cancelled: number;
          with_fee: number;
          no_show: number;
          ahead: number;
          stale: number;
          mock: number;
        }[]
      >`
        select count(*)::int as total,
          count(*) filter (where series_id is not null)::int as in_series,
          count(*) filter (where status = 'cancelled')::int as cancelled,
          count(*) filter (where status = 'cancelled' and cancellation_fee_minor > 0)::int as with_fee,
          count(*) filter (where status = 'no_show')::int as no_show,
          count(*) filter (where starts_at > ${now} and status in ('pending', 'confirmed'))::int as ahead,
          count(*) filter (where ends_at < ${new Date(now.getTime() - DAY)} and status in ('pending', 'confirmed', 'in_progress'))::int as stale,
          count(*) filter (where notes like 'Mock test%' and status = 'completed')::int as mock
        from bookings where tenant_id = ${s.id}`;
      expect(b!.total, s.slug).toBeGreaterThan(120);
      expect(b!.in_series / b!.total, s.slug).toBeGreaterThan(0.8);
      expect(b!.ahead, s.slug).toBeGreaterThanOrEqual(10);
      expect(b!.mock, s.slug).toBeGreaterThanOrEqual(4);
      // Every lesson whose time has passed was taught, missed or cancelled: none left hanging.
      expect(b!.stale, s.slug).toBe(0);
      cancelled += b!.cancelled;
      noShows += b!.no_show;
      // The fees are the school's tiers applied by the service, never more than the lesson.
      const fees = await tdb.owner<{ bad: number }[]>`select count(*)::int as bad from bookings
        where tenant_id = ${s.id} and status = 'cancelled' and (cancellation_fee_minor is null or cancellation_fee_minor > price_minor)`;
      expect(fees[0]!.bad, s.slug).toBe(0);
    }
    expect(cancelled).toBeGreaterThanOrEqual(4);
    expect(noShows).toBeGreaterThanOrEqual(1);
  });

  it('records taught lessons with skill progress that rises over time, with the occasional step down', async () => {
    for (const s of schools) {
      // Per student: the mean level of their first five recorded lessons and of their last five.
      const curves = await tdb.owner<{ student_id: string; early: number; late: number; lessons: number }[]>`
        with per_lesson as (
          select l.student_id, l.taught_at, avg(lp.level)::float as level,
                 row_number() over (partition by l.student_id order by l.taught_at) as n,
                 count(*) over (partition by l.student_id) as lessons
            from lessons l join lesson_progress lp on lp.tenant_id = l.tenant_id and lp.lesson_id = l.id
           where l.tenant_id = ${s.id} group by l.tenant_id, l.student_id, l.id, l.taught_at)
        select student_id, avg(level) filter (where n <= 5)::float as early,
               avg(level) filter (where n > lessons - 5)::float as late, max(lessons)::int as lessons
          from per_lesson group by student_id`;
      const long = curves.filter((c) => c.lessons >= 15);
      expect(long.length, s.slug).toBeGreaterThanOrEqual(4);
      for (const c of long) expect(c.late - c.early, s.slug).toBeGreaterThan(1);
      const [down] = await tdb.owner<{ n: number }[]>`
        select count(*)::int as n from (
          select level, lag(level) over (partition by student_id, skill_id order by taught_at) as before
            from lesson_progress where tenant_id = ${s.id}) x where level < before`;
      expect(down!.n, s.slug).toBeGreaterThan(0);
      // The read model follows the records, and a passed student is independent on most skills.
      const [model] = await tdb.owner<{ rows: number; top: number; skills: number }[]>`
        select (select count(*)::int from student_progress where tenant_id = ${s.id}) as rows,
               (select max(c)::int from (select count(*) filter (where level >= 4) as c from student_progress
                  where tenant_id = ${s.id} group by student_id) x) as top,
               (select count(*)::int from skills where tenant_id = ${s.id} and retired_at is null) as skills`;
      expect(model!.rows, s.slug).toBeGreaterThan(50);
      expect(model!.top / model!.skills, s.slug).toBeGreaterThan(0.7);
      // Records are made after the lesson, by its instructor, and locked once their window passed.
      const [rec] = await tdb.owner<{ bad: number; events: number; recorded: number }[]>`
        select (select count(*)::int from lessons where tenant_id = ${s.id} and recorded_at is not null
                  and (recorded_at < taught_at or recorded_at > ${now} or editable_until > ${new Date(now.getTime() + 2 * DAY)})) as bad,
               (select count(*)::int from outbox_events where tenant_id = ${s.id} and type = 'lesson.recorded') as events,
               (select count(*)::int from lessons where tenant_id = ${s.id} and recorded_at is not null) as recorded`;
      expect(rec!.bad, s.slug).toBe(0);
      expect(rec!.events, s.slug).toBe(rec!.recorded);
    }
  });

  it('marks mock tests, passes theory and practical tests, files documents (one expiring soon) and sets goals', async () => {
    for (const s of schools) {
      const [a] = await tdb.owner<
        {
          mock_pass: number;
          mock_fail: number;
          theory: number;
          practical_passed: number;
          practical_failed: number;
          practical_booked: number;
          expiring: number;
          unverified: number;
          reached: number;
          active: number;
        }[]
      >`
        select
          (select count(*)::int from student_evaluations where tenant_id = ${s.id} and kind = 'mock_test' and result = 'pass') as mock_pass,
          (select count(*)::int from student_evaluations where tenant_id = ${s.id} and kind = 'mock_test' and result = 'fail') as mock_fail,
          (select count(*)::int from test_records where tenant_id = ${s.id} and kind = 'theory' and status = 'passed') as theory,
          (select count(*)::int from test_records where tenant_id = ${s.id} and kind = 'practical' and status = 'passed') as practical_passed,
          (select count(*)::int from test_records where tenant_id = ${s.id} and kind = 'practical' and status = 'failed') as practical_failed,
          (select count(*)::int from test_records where tenant_id = ${s.id} and kind = 'practical' and status = 'booked'
             and test_on > ${now.toISOString().slice(0, 10)}) as practical_booked,
          (select count(*)::int from documents where tenant_id = ${s.id}
             and expires_on between ${now.toISOString().slice(0, 10)} and ${new Date(now.getTime() + 30 * DAY).toISOString().slice(0, 10)}) as expiring,
          (select count(*)::int from documents where tenant_id = ${s.id} and verified_at is null) as unverified,
          (select count(*)::int from student_goals where tenant_id = ${s.id} and status = 'reached') as reached,
          (select count(*)::int from student_goals where tenant_id = ${s.id} and status = 'active') as active`;
      expect(a, s.slug).toMatchObject({ theory: 4, practical_passed: 2, practical_booked: 2, unverified: 0 });
      expect(a!.mock_pass, s.slug).toBeGreaterThanOrEqual(2);
      expect(a!.mock_fail, s.slug).toBeGreaterThanOrEqual(2);
      expect(a!.expiring, s.slug).toBeGreaterThanOrEqual(1);
      expect(a!.reached, s.slug).toBeGreaterThanOrEqual(1);
      expect(a!.active, s.slug).toBeGreaterThanOrEqual(1);
      // Through the services: each of these left its domain event.
      const events = await tdb.owner<{ type: string; n: number }[]>`
        select type, count(*)::int as n from outbox_events where tenant_id = ${s.id} group by type`;
      const count = (type: string) => events.find((e) => e.type === type)?.n ?? 0;
      expect(count('test.passed'), s.slug).toBe(a!.theory + a!.practical_passed);
      expect(count('test.failed'), s.slug).toBe(a!.practical_failed);
      expect(count('goal.reached'), s.slug).toBe(a!.reached);
      expect(count('booking.requested'), s.slug).toBeGreaterThan(120);
      expect(count('skill.level_changed'), s.slug).toBeGreaterThan(100);
    }
  });

  it('pays for it: packages at the desk, lessons from credit, fees, refunds, invoices, earnings and a payout', async () => {
    let cash = 0;
    let fees = 0;
    let creditNotes = 0;
    for (const s of schools) {
      const [p] = await tdb.owner<
        {
          terminal: number;
          cash: number;
          bank: number;
          credit: number;
          refunds: number;
          invoices: number;
          credit_notes: number;
          earnings: number;
          payouts: number;
          fees: number;
          future: number;
          unpaid_taught: number;
        }[]
      >`
        select
          (select count(*)::int from payments where tenant_id = ${s.id} and status = 'succeeded' and method = 'card_terminal') as terminal,
          (select count(*)::int from payments where tenant_id = ${s.id} and status = 'succeeded' and method = 'cash') as cash,
          (select count(*)::int from payments where tenant_id = ${s.id} and status = 'succeeded' and method = 'bank_transfer') as bank,
          (select count(*)::int from payments where tenant_id = ${s.id} and status = 'succeeded' and method = 'credit') as credit,
          (select count(*)::int from refunds where tenant_id = ${s.id} and status = 'succeeded') as refunds,
          (select count(*)::int from invoices where tenant_id = ${s.id} and kind = 'invoice') as invoices,
          (select count(*)::int from invoices where tenant_id = ${s.id} and kind = 'credit_note') as credit_notes,
          (select count(*)::int from earnings_records where tenant_id = ${s.id}) as earnings,
          (select count(*)::int from payout_reports where tenant_id = ${s.id}) as payouts,
          (select count(*)::int from cancellation_fees where tenant_id = ${s.id}) as fees,
          (select count(*)::int from payments where tenant_id = ${s.id} and succeeded_at > ${now}) as future,
          (select count(*)::int from bookings b where b.tenant_id = ${s.id} and b.status = 'completed' and not exists (
             select 1 from payments x where x.tenant_id = b.tenant_id and x.booking_id = b.id and x.status = 'succeeded')) as unpaid_taught`;
      expect(p!.terminal, s.slug).toBeGreaterThan(0);
      expect(p!.credit, s.slug).toBeGreaterThan(80);
      expect(p!.refunds, s.slug).toBeGreaterThan(0);
      expect(p!.invoices, s.slug).toBe(p!.terminal + p!.cash + p!.bank);
      creditNotes += p!.credit_notes;
      expect(p!.payouts, s.slug).toBeGreaterThan(0);
      // Every lesson taught was paid and earned its instructor a share; nothing is dated in the future.
      expect(p!.unpaid_taught, s.slug).toBe(0);
      const [taught] = await tdb.owner<{ n: number }[]>`
        select count(*)::int as n from bookings where tenant_id = ${s.id} and status = 'completed'`;
      expect(p!.earnings, s.slug).toBe(taught!.n);
      expect(p!.future, s.slug).toBe(0);
      cash += p!.cash + p!.bank;
      fees += p!.fees;
      // Through the services: each settled payment and refund left its event.
      const [ev] = await tdb.owner<{ succeeded: number; refunded: number }[]>`
        select count(*) filter (where type = 'payment.succeeded')::int as succeeded,
               count(*) filter (where type = 'payment.refunded')::int as refunded
          from outbox_events where tenant_id = ${s.id}`;
      expect(ev!.succeeded, s.slug).toBe(p!.terminal + p!.cash + p!.bank + p!.credit);
      expect(ev!.refunded, s.slug).toBe(p!.refunds);
    }
    expect(cash).toBeGreaterThan(0);
    expect(fees).toBeGreaterThan(0);
    // Money handed back (unused hours after a pass) is a credit note.
    expect(creditNotes).toBeGreaterThan(0);
  });

  it('talks: threads with messages over the months, read receipts, and only the last days left to notify', async () => {
    for (const s of schools) {
      const [m] = await tdb.owner<
        { threads: number; messages: number; oldest: Date; newest: Date; receipts: number; kinds: number }[]
      >`
        select (select count(*)::int from message_threads where tenant_id = ${s.id}) as threads,
               count(*)::int as messages, min(created_at) as oldest, max(created_at) as newest,
               (select count(*)::int from message_participants where tenant_id = ${s.id} and last_read_at is not null) as receipts,
               (select count(distinct kind)::int from message_threads where tenant_id = ${s.id}) as kinds
          from messages where tenant_id = ${s.id}`;
      expect(m!.threads, s.slug).toBeGreaterThanOrEqual(10);
      expect(m!.messages, s.slug).toBeGreaterThanOrEqual(30);
      expect(m!.receipts, s.slug).toBeGreaterThan(m!.threads);
      expect(m!.kinds, s.slug).toBe(3); // student–instructor, student–office, instructor–office
      expect((now.getTime() - m!.oldest.getTime()) / DAY, s.slug).toBeGreaterThan(90);
      expect(m!.newest.getTime(), s.slug).toBeLessThan(now.getTime());
      // Six months of news is not sent again at start: the fan-out is recorded as done for old events.
      // (The types messaging notifies are those it has a record for; the rest it never subscribes to.)
      const [n] = await tdb.owner<{ handled: number; left: number }[]>`
        with notified as (
          select distinct e.type from outbox_events e join outbox_deliveries d
            on d.tenant_id = e.tenant_id and d.event_id = e.id and d.handler = 'messaging.notify'
           where e.tenant_id = ${s.id})
        select count(*) filter (where d.event_id is not null)::int as handled,
               count(*) filter (where d.event_id is null)::int as left
          from outbox_events e left join outbox_deliveries d
            on d.tenant_id = e.tenant_id and d.event_id = e.id and d.handler = 'messaging.notify'
         where e.tenant_id = ${s.id} and e.type in (select type from notified)`;
      expect(n!.handled, s.slug).toBeGreaterThan(200);
      expect(n!.left, s.slug).toBeGreaterThan(0);
      expect(n!.left / (n!.handled + n!.left), s.slug).toBeLessThan(0.15);
    }
  });

  it('keeps the CRM: contacts in every stage (lost with a reason), timelines, notes and tasks done and due today', async () => {
    for (const s of schools) {
      const stages = await tdb.owner<{ stage: string; n: number; reasons: number }[]>`
        select stage, count(*)::int as n, count(lost_reason)::int as reasons from crm_contacts
         where tenant_id = ${s.id} group by stage order by stage`;
      expect(stages.map((x) => x.stage).sort(), s.slug).toEqual(
        [
          'active_learner',
          'alumni',
          'contacted',
          'enquiry',
          'lost',
          'passed',
          'test_booked',
          'trial_lesson',
        ].sort(),
      );
      const lost = stages.find((x) => x.stage === 'lost')!;
      expect(lost.reasons, s.slug).toBe(lost.n);
      const [c] = await tdb.owner<
        {
          automatic: number;
          calls: number;
          oldest: Date;
          notes: number;
          done: number;
          due: number;
          linked: number;
        }[]
      >`
        select (select count(*)::int from crm_interactions where tenant_id = ${s.id} and automatic) as automatic,
               (select count(*)::int from crm_interactions where tenant_id = ${s.id} and kind = 'call') as calls,
               (select min(occurred_at) from crm_interactions where tenant_id = ${s.id}) as oldest,
               (select count(*)::int from crm_notes where tenant_id = ${s.id}) as notes,
               (select count(*)::int from crm_tasks where tenant_id = ${s.id} and status = 'done') as done,
               (select count(*)::int from crm_tasks where tenant_id = ${s.id} and status = 'open'
                  and due_on <= ${now.toISOString().slice(0, 10)}::date + 1) as due,
               (select count(*)::int from crm_contacts where tenant_id = ${s.id} and student_id is not null) as linked`;
      expect(c!.automatic, s.slug).toBeGreaterThan(300);
      expect(c!.calls, s.slug).toBeGreaterThan(5);
      expect(c!.notes, s.slug).toBeGreaterThan(3);
      expect(c!.done, s.slug).toBeGreaterThan(5);
      expect(c!.due, s.slug).toBeGreaterThan(2);
      expect(c!.linked, s.slug).toBe(8);
      // Timelines are dated by the story, not by the moment the demo ran.
      expect((now.getTime() - c!.oldest.getTime()) / DAY, s.slug).toBeGreaterThan(150);
    }
  });

  it('fills the analytics read models: lessons, revenue, enquiries and passes counted on their days', async () => {
    for (const s of schools) {
      const [f] = await tdb.owner<
        {
          days: number;
          lessons: number;
          revenue: number;
          enquiries: number;
          passed: number;
          months: number;
        }[]
      >`
        select count(*)::int as days, sum(lessons_taught)::int as lessons, sum(revenue_minor)::int as revenue,
               sum(new_enquiries)::int as enquiries, sum(tests_passed)::int as passed,
               count(distinct date_trunc('month', day))::int as months
          from analytics_school_days where tenant_id = ${s.id}`;
      const [taught] = await tdb.owner<{ n: number }[]>`
        select count(*)::int as n from bookings where tenant_id = ${s.id} and status = 'completed'`;
      expect(f!.lessons, s.slug).toBe(taught!.n);
      expect(f!.revenue, s.slug).toBeGreaterThan(0);
      expect(f!.enquiries, s.slug).toBeGreaterThan(10);
      expect(f!.passed, s.slug).toBe(2);
      expect(f!.months, s.slug).toBeGreaterThanOrEqual(6);
      const [i] = await tdb.owner<{ n: number }[]>`
        select count(*)::int as n from analytics_instructor_days where tenant_id = ${s.id} and lessons_taught > 0`;
      expect(i!.n, s.slug).toBeGreaterThan(50);
    }
  });

  it('runs once: a second start finds the marker and changes nothing', async () => {
    const before = await Promise.all(schools.map((s) => rowCounts(tdb, s.id)));
    const again = await Promise.all(
      schools.map((s) => simulate(tdb, s.id, { now: new Date(now.getTime() + DAY) })),
    );
    expect(again.map((r) => r.ran)).toEqual([false, false]);
    expect(again.map((r) => r.seed)).toEqual(['test-seed', 'test-seed']);
    expect(await Promise.all(schools.map((s) => rowCounts(tdb, s.id)))).toEqual(before);
  });

  it('keeps each school’s history in its own tenant; the same seed and day make the same history, another seed another', async () => {
    const other = await createTestDatabase();
    try {
      const applied = [];
      for (const folder of demoFolders) applied.push(await applySchool(other, folder));
      const [a, b] = applied.map((x) => ({ id: x.id, slug: x.def.slug }));
      // One school's history leaves the other's rows exactly as they were.
      const bBefore = await rowCounts(other, b!.id);
      await simulate(other, a!.id, { now });
      expect(await rowCounts(other, b!.id)).toEqual(bBefore);
      // Under RLS the other school sees no marker but its own (none yet).
      const markers = await other.db.withTenant(b!.id, systemActor, (tx) =>
        tx.execute<{ n: number }>(sql`select count(*)::int as n from demo_runs`),
      );
      expect(markers[0]!.n).toBe(0);
      // Same seed, same day, another database: the same history, ids and stamps aside.
      const original = schools.find((s) => s.slug === a!.slug)!;
      expect(await fingerprint(other, a!.id)).toEqual(await fingerprint(tdb, original.id));
      // Another seed: another history.
      await simulate(other, b!.id, { now, seed: 'another-seed' });
      const theirs = schools.find((s) => s.slug === b!.slug)!;
      expect((await fingerprint(other, b!.id)).bookings).not.toEqual(
        (await fingerprint(tdb, theirs.id)).bookings,
      );
    } finally {
      await other.drop();
    }
  }, 180_000);

  it('demo:reset drops a demo school with all its rows, leaves the other, and rebuilds the same history', async () => {
    const [first, second] = schools;
    const secondBefore = await rowCounts(tdb, second!.id);
    const before = await fingerprint(tdb, first!.id);
    expect(await dropDemoSchool(tdb.owner, first!.slug)).toBe(true);
    const left = await rowCounts(tdb, first!.id);
    expect(Object.entries(left).filter(([, n]) => n > 0)).toEqual([]);
    expect(await rowCounts(tdb, second!.id)).toEqual(secondBefore);
    expect(await dropDemoSchool(tdb.owner, first!.slug)).toBe(false);

    const rebuilt = await applySchool(tdb, demoFolders.find((f) => f.endsWith(first!.slug))!);
    const again = await simulate(tdb, rebuilt.id, { now });
    expect(again.ran).toBe(true);
    expect(await fingerprint(tdb, rebuilt.id)).toEqual(before);
  }, 180_000);
});
