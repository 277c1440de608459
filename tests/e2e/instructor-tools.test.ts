import { DateTime } from 'luxon';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchPayments, stripeEnv } from '../payments/payments-fixture.ts';
import { createE2eSchool, HOURS, ivyOlgaSamTess, type Person } from './e2e-school.ts';
import { download, type E2eStack, expectAccessible, PHONE, screenshot, startE2eStack } from './e2e-stack.ts';

const ZONE = 'Europe/London';
type Slot = { start: string; end: string };

/** Calendar days in the school's zone, chosen from today so the journey works on any date. */
function days() {
  const today = DateTime.now().setZone(ZONE).startOf('day');
  const first = (from: DateTime, ok: (d: DateTime) => boolean) => {
    let d = from;
    while (!ok(d)) d = d.plus({ days: 1 });
    return d;
  };
  const weekday = (d: DateTime) => d.weekday <= 5;
  const dayOff = first(today.plus({ days: 2 }), weekday);
  // The Saturday after the day off: not a working day, and in the same booking-wizard week.
  const extraDay = first(dayOff.plus({ days: 1 }), (d) => d.weekday === 6);
  const lessonDay = first(dayOff.plus({ days: 1 }), weekday);
  const iso = (d: DateTime) => d.toISODate()!;
  return { dayOff: iso(dayOff), extraDay: iso(extraDay), lessonDay: iso(lessonDay) };
}

/** The instant of a wall-clock time at the school. */
const at = (date: string, time: string) =>
  DateTime.fromISO(`${date}T${time}`, { zone: ZONE }).toUTC().toISO({ suppressMilliseconds: true })!;
/** A day's heading as the booking wizard writes it (en-GB). */
const heading = (date: string) =>
  new Intl.DateTimeFormat('en-GB', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    timeZone: 'UTC',
  }).format(new Date(`${date}T12:00:00Z`));

/** A school with an instructor working weekdays 09:00–17:00, a colleague, two students and a priced lesson. */
const createSchool = (stack: E2eStack, slug: string) =>
  createE2eSchool(stack, slug, { timezone: ZONE, ...ivyOlgaSamTess(slug), weekly: HOURS.officeWeek });
type School = Awaited<ReturnType<typeof createSchool>>;

// An instructor's own tools on a phone: time off and extra hours, students, cars, earnings.
describe('instructor tools on a phone', () => {
  let stack: E2eStack;
  let s: School;
  const d = days();
  const shots: string[] = [];

  const slotsOn = async (date: string) => {
    const res = await s.call(
      'GET',
      `/api/v1/instructors/${s.ivy.id}/slots?from=${date}&to=${date}&duration=60`,
      s.sam.token,
    );
    expect(res.status).toBe(200);
    return res.body.slots as Slot[];
  };
  /** A lesson booked and confirmed through the API. */
  const book = (student: Person, instructor: Person, start: string) =>
    s.book(student, instructor, start, { confirm: true });
  /** When each taught lesson ended (what its earnings are dated by). */
  const taughtEnds: string[] = [];
  /** A lesson taught `daysAgo` ago (moved into the past, as tests/payments do) and completed; its earnings recorded. */
  const teach = async (student: Person, daysAgo: number, start: string) => {
    const id = await book(student, s.ivy, start);
    await s.moveBack(id, daysAgo * 24 * 60 + 61);
    const done = await s.call('POST', `/api/v1/bookings/${id}/complete`, s.ivy.token);
    expect(done.status).toBe(200);
    taughtEnds.push((await s.call('GET', `/api/v1/bookings/${id}`, s.ivy.token)).body.end);
  };
  const phone = (who: Person): Promise<Page> => s.signIn(who, { ...PHONE, acceptDownloads: true });

  beforeAll(async () => {
    stack = await startE2eStack(stripeEnv());
    s = await createSchool(stack, 'e2ecar');
    // Ivy teaches Sam: two lessons taught (today and two weeks ago), the next one booked.
    // Tess learns with Olga only: Ivy must not see her.
    expect(
      (await s.call('PATCH', '/api/v1/payments/settings', s.owner.token, { commissionBps: 2000 })).status,
    ).toBe(200);
    await teach(s.sam, 0, at(d.lessonDay, '15:00'));
    await teach(s.sam, 14, at(d.lessonDay, '16:00'));
    await dispatchPayments(stack.api);
    await book(s.sam, s.ivy, at(d.lessonDay, '10:00'));
    await book(s.tess, s.olga, at(d.lessonDay, '10:00'));
    expect(
      (
        await s.call('PUT', `/api/v1/students/${s.tess.id}/instructors`, s.owner.token, {
          instructorIds: [s.olga.id],
          primaryInstructorId: s.olga.id,
        })
      ).status,
    ).toBe(200);
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
    console.log(`e2e screenshots:\n  ${shots.join('\n  ')}`);
  });

  it('time off empties a day and extra hours open a Saturday, for the API and in the student’s booking wizard', async () => {
    expect((await slotsOn(d.dayOff)).length).toBeGreaterThan(0);
    expect(await slotsOn(d.extraDay)).toEqual([]);

    const page = await phone(s.ivy);
    await page.getByRole('link', { name: 'My hours' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Time off and extra hours' }).count()).toBe(1);
    await expectAccessible(page, 'my hours with time off');

    // A whole day off.
    await page.getByLabel('First day').fill(d.dayOff);
    await page.getByLabel('Note (optional)').fill('Dentist');
    await page.getByRole('button', { name: 'Add time off' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Time off added.');
    await expect.poll(() => page.getByTestId('exception').first().textContent()).toContain(heading(d.dayOff));
    expect(await slotsOn(d.dayOff)).toEqual([]);

    // Extra hours the wrong way round: the API's complaint is shown beside the "Until" field.
    await page.locator('#extra-day').fill(d.extraDay);
    await page.locator('#extra-from').fill('14:00');
    await page.locator('#extra-to').fill('10:00');
    await page.getByRole('button', { name: 'Add extra hours' }).click();
    await expect.poll(() => page.locator('#extra-to-error').textContent()).toContain('must be after start');
    expect(await page.locator('#extra-to').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'extra hours with an error');
    await page.locator('#extra-from').fill('10:00');
    await page.locator('#extra-to').fill('14:00');
    await page.getByRole('button', { name: 'Add extra hours' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Extra hours added.');
    const saturday = await slotsOn(d.extraDay);
    expect(Date.parse(saturday[0]!.start)).toBe(Date.parse(at(d.extraDay, '10:00')));
    expect(Date.parse(saturday.at(-1)!.end)).toBe(Date.parse(at(d.extraDay, '14:00')));

    // Part of a day off, then removed again: the slots come back.
    await page.getByLabel('First day').fill(d.lessonDay);
    await page.getByLabel('From (optional)').fill('12:00');
    await page.getByLabel('Until (optional)').fill('14:00');
    await page.getByRole('button', { name: 'Add time off' }).click();
    // The status line still reads "Time off added." from the first one: wait for the list instead.
    await expect.poll(() => page.getByTestId('exception').count()).toBe(3);
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Time off added.');
    const overlapsLunch = (slots: Slot[]) =>
      slots.some(
        (x) =>
          Date.parse(x.start) < Date.parse(at(d.lessonDay, '14:00')) &&
          Date.parse(x.end) > Date.parse(at(d.lessonDay, '12:00')),
      );
    expect(overlapsLunch(await slotsOn(d.lessonDay))).toBe(false);
    await expectAccessible(page, 'time off listed');
    shots.push(await screenshot(page, 'instructor-time-off-phone'));
    await page.getByRole('button', { name: /^Remove time off .*12:00/ }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Removed.');
    await expect.poll(() => page.getByTestId('exception').count()).toBe(2);
    expect(overlapsLunch(await slotsOn(d.lessonDay))).toBe(true);

    // The student's wizard, the week starting on the day off: nothing that day, the Saturday open.
    const student = await phone(s.sam);
    await student.goto(
      `${stack.school(s.slug)}/book?type=${s.lessonTypeId}&instructor=${s.ivy.id}&week=${d.dayOff}`,
    );
    const dayHeadings = await student.locator('.day h3').allTextContents();
    expect(dayHeadings).not.toContain(heading(d.dayOff));
    expect(dayHeadings).toContain(heading(d.extraDay));
    await expectAccessible(student, 'booking wizard after time off');
    await student.context().close();
    await page.context().close();
  }, 90_000);

  it('My students shows her own students with the next lesson and lessons taught, not a colleague’s', async () => {
    const page = await phone(s.ivy);
    await page.getByRole('link', { name: 'My students' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('My students');
    const cards = page.getByTestId('my-student');
    await expect.poll(() => cards.count()).toBe(1);
    expect(await cards.getByRole('heading').textContent()).toBe(`Sam ${s.slug}`);
    const next = new Intl.DateTimeFormat('en-GB', {
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      hour: 'numeric',
      minute: '2-digit',
      timeZone: ZONE,
    }).format(new Date(at(d.lessonDay, '10:00')));
    expect(await cards.getByTestId('next-lesson').textContent()).toBe(next);
    expect(await cards.getByTestId('lessons-taught').textContent()).toBe('2');
    expect(await page.content()).not.toContain(`Tess ${s.slug}`);
    await expectAccessible(page, 'my students');
    shots.push(await screenshot(page, 'instructor-students-phone'));
    await page.context().close();
  }, 60_000);

  it('Vehicles flags an MOT expiring in 10 days and an expired insurance', async () => {
    // From today as it is now (not when the file was loaded: midnight may have passed since).
    const today = DateTime.now().setZone(ZONE).startOf('day');
    const date = (n: number) => today.plus({ days: n }).toISODate();
    const cars = [
      ['AB12 CDE', 'Ford Fiesta', 'manual', true, date(10), date(200)],
      ['XY34 ZZZ', 'Toyota Yaris', 'automatic', true, date(100), date(-1)],
      ['OK56 FIN', 'VW Polo', 'manual', false, date(300), date(300)],
    ] as const;
    for (const [registration, makeModel, transmission, dualControls, mot, insurance] of cars)
      expect(
        (
          await s.call('POST', '/api/v1/vehicles', s.owner.token, {
            registration,
            makeModel,
            transmission,
            dualControls,
            motExpiresOn: mot,
            insuranceExpiresOn: insurance,
          })
        ).status,
      ).toBe(201);
    const page = await phone(s.ivy);
    await page.getByRole('link', { name: 'Vehicles' }).click();
    await expect.poll(() => page.getByTestId('vehicle').count()).toBe(3);
    const car = (reg: string) => page.locator(`[data-registration="${reg}"]`);
    // Ten days from when the car was entered, one fewer should midnight pass in between.
    const motDays = today.plus({ days: 10 }).diff(DateTime.now().setZone(ZONE).startOf('day'), 'days').days;
    expect(await car('AB12 CDE').getByTestId('mot').textContent()).toMatch(
      new RegExp(`^Expires in ${motDays} days`),
    );
    expect(await car('AB12 CDE').locator('[data-testid="mot"] .warning').count()).toBe(1);
    expect(await car('AB12 CDE').getByTestId('insurance').textContent()).toMatch(/^Valid until/);
    expect(await car('XY34 ZZZ').getByTestId('insurance').textContent()).toMatch(/^Expired on/);
    expect(await car('XY34 ZZZ').locator('[data-testid="insurance"] .error').count()).toBe(1);
    expect(await car('XY34 ZZZ').textContent()).toContain('Automatic');
    expect(await car('OK56 FIN').locator('.warning, .error').count()).toBe(0);
    // The cars needing attention come first.
    expect(await page.getByTestId('vehicle').last().getAttribute('data-registration')).toBe('OK56 FIN');
    await expectAccessible(page, 'vehicles');
    shots.push(await screenshot(page, 'instructor-vehicles-phone'));
    await page.context().close();
  }, 60_000);

  it('Earnings shows the taught lessons by week as a chart and a table, with the total, and the CSV statement', async () => {
    const page = await phone(s.ivy);
    await page.getByRole('link', { name: 'Earnings' }).click();
    // Two lessons at £45.00, 20 % commission: £36.00 each.
    await expect.poll(() => page.getByTestId('earnings-total').textContent()).toBe('£72.00');
    expect(await page.getByTestId('earnings-lessons').textContent()).toBe('2');
    const label = await page.locator('svg[role="img"]').getAttribute('aria-label');
    expect(label?.match(/£36\.00/g)).toHaveLength(2);
    const cells = await page.getByRole('table').locator('tbody td').allTextContents();
    expect(cells).toHaveLength(8);
    expect(cells.filter((c) => c === '£36.00')).toHaveLength(2);
    // This week and two weeks ago, as the school's calendar reads the days the lessons ended (a
    // lesson that ended minutes before Monday began is last week's).
    const thisWeek = DateTime.now().setZone(ZONE).startOf('week');
    const weeksAgo = (end: string) =>
      Math.round(thisWeek.diff(DateTime.fromISO(end).setZone(ZONE).startOf('week'), 'weeks').weeks);
    expect(taughtEnds).toHaveLength(2);
    for (const end of taughtEnds) expect(cells.at(-1 - weeksAgo(end))).toBe('£36.00');
    await expectAccessible(page, 'earnings');
    shots.push(await screenshot(page, 'instructor-earnings-phone'));
    const csv = await download(page, page.getByRole('link', { name: 'Download CSV' }));
    expect(csv.body.toString().split('\r\n')[0]).toBe(
      'date,booking_id,lesson_amount,commission_percent,earnings',
    );
    expect(csv.body.toString()).toContain('total,,90.00,,72.00');
    expect(csv.name).toMatch(/^earnings-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
    const pdf = await download(page, page.getByRole('link', { name: 'Download PDF' }));
    expect(pdf.body.subarray(0, 5).toString()).toBe('%PDF-');
    await page.context().close();
  }, 60_000);

  it('Earnings at a school without the payments module says so instead of failing', async () => {
    const school = await createE2eSchool(stack, 'e2enopay', {
      timezone: ZONE,
      modules: ['scheduling'],
      instructors: { ian: 'Ian e2enopay' },
      lessonType: false,
    });
    const page = await school.signIn(school.ian, PHONE);
    const res = await page.goto(`${stack.school('e2enopay')}/earnings`);
    expect(res!.status()).toBe(200);
    await expect.poll(() => page.getByRole('status').textContent()).toContain('does not use payments');
    await expectAccessible(page, 'earnings without payments');
    await page.context().close();
  }, 60_000);
});
