/**
 * Slot engine benchmark: the target scenario from the slot-engine brief — one instructor, 31 days
 * in Europe/London across the 2026-10-25 fall-back, 60 bookings, 20 exceptions, a 15-minute grid,
 * two rules a day, travel estimates and student limits.
 *
 * Absolute milliseconds depend on the machine, so the same run also times a baseline: a plain
 * loop building the same number of candidate Dates (31 × 96) and filtering them. The ratio between
 * the two travels between machines better than either figure alone.
 *
 * Run: npx tsx bench/slot-engine.bench.ts (from modules/scheduling)
 */

import type { AvailabilityException, Busy, SlotQuery, WeeklyRule } from '../src/slots/index.ts';
import { computeSlots } from '../src/slots/index.ts';

const TARGET_P99_MS = 5;
const WARMUP = 300;
const ITERATIONS = 2_000;
const DAYS = 31;
const MINUTE = 60_000;
const DAY = 86_400_000;

// A small deterministic PRNG (mulberry32) so every run measures the same scenario.
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function buildScenario(): SlotQuery {
  const random = mulberry32(20261025);
  const firstDay = Date.UTC(2026, 9, 10); // 2026-10-10; the range ends 2026-11-09
  const rules: WeeklyRule[] = (['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const).flatMap((day) => [
    { day, start: '08:00', end: '12:30' },
    { day, start: '13:30', end: '19:00' },
  ]);
  const near = (spreadKm: number) => ({
    lat: 51.5 + ((random() - 0.5) * spreadKm) / 111,
    lng: -0.12 + ((random() - 0.5) * spreadKm) / 69,
  });
  const busy: Busy[] = Array.from({ length: 60 }, (_, index) => {
    const day = firstDay + Math.floor((index * DAYS) / 60) * DAY;
    const start = day + (8 * 60 + Math.floor(random() * 40) * 15) * MINUTE;
    return {
      start: new Date(start),
      end: new Date(start + (random() < 0.5 ? 60 : 90) * MINUTE),
      bufferBeforeMinutes: 5,
      bufferAfterMinutes: 10,
      location: random() < 0.9 ? near(30) : null,
    };
  });
  const exceptions: AvailabilityException[] = Array.from({ length: 20 }, (_, index) => {
    const day = firstDay + Math.floor(random() * DAYS) * DAY;
    const start = day + Math.floor(random() * 56) * 15 * MINUTE;
    return {
      kind: index % 3 === 0 ? 'extra_hours' : 'time_off',
      start: new Date(start),
      end: new Date(start + (1 + Math.floor(random() * 6)) * 30 * MINUTE),
    };
  });
  return {
    timezone: 'Europe/London',
    from: '2026-10-10',
    to: '2026-11-09',
    durationMinutes: 60,
    bufferBeforeMinutes: 5,
    bufferAfterMinutes: 10,
    rules,
    exceptions,
    closures: [{ start: new Date(Date.UTC(2026, 10, 5)), end: new Date(Date.UTC(2026, 10, 6)) }],
    busy,
    now: new Date(Date.UTC(2026, 9, 9, 12)),
    minimumNoticeMinutes: 24 * 60,
    horizonDays: 60,
    grid: { stepMinutes: 15 },
    travel: { mode: 'estimate', averageKmh: 30, minimumMinutes: 10 },
    pickup: near(30),
    student: {
      busy: [
        { start: new Date(Date.UTC(2026, 9, 14, 9)), end: new Date(Date.UTC(2026, 9, 14, 10)) },
        { start: new Date(Date.UTC(2026, 9, 21, 15)), end: new Date(Date.UTC(2026, 9, 21, 16)) },
      ],
      maxPerDay: 1,
      maxPerWeek: 3,
      minGapMinutes: 120,
    },
  };
}

/** The same number of candidate Dates a naive engine would create, filtered once. */
function baseline(): { start: Date; end: Date }[] {
  const first = Date.UTC(2026, 9, 10);
  return Array.from({ length: DAYS * 96 }, (_, index) => new Date(first + index * 15 * MINUTE))
    .filter((start) => start.getUTCHours() >= 8 && start.getUTCHours() < 19)
    .map((start) => ({ start, end: new Date(start.getTime() + 60 * MINUTE) }));
}

function measure(run: () => unknown): { p50: number; p99: number; max: number } {
  for (let index = 0; index < WARMUP; index++) run();
  const samples: number[] = [];
  for (let index = 0; index < ITERATIONS; index++) {
    const started = performance.now();
    run();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  const at = (quantile: number) =>
    samples[Math.min(samples.length - 1, Math.ceil(quantile * samples.length) - 1)]!;
  return { p50: at(0.5), p99: at(0.99), max: samples[samples.length - 1]! };
}

const query = buildScenario();
const slotCount = computeSlots(query).length;
const engine = measure(() => computeSlots(query));
const plain = measure(baseline);

const ms = (value: number) => `${value.toFixed(3)} ms`;
const ratio = (value: number, base: number) => `${(value / base).toFixed(1)}×`;
console.log(
  `slot engine: ${DAYS} days, ${query.busy?.length} busy, ${query.exceptions?.length} exceptions, London`,
);
console.log(`  ${slotCount} slots per run, ${ITERATIONS} iterations after ${WARMUP} warm-up runs`);
console.log(`  engine   p50 ${ms(engine.p50)}  p99 ${ms(engine.p99)}  max ${ms(engine.max)}`);
console.log(
  `  baseline p50 ${ms(plain.p50)}  p99 ${ms(plain.p99)}  max ${ms(plain.max)}  (${DAYS * 96} Dates + filter)`,
);
console.log(`  ratio    p50 ${ratio(engine.p50, plain.p50)}  p99 ${ratio(engine.p99, plain.p99)}`);
const pass = engine.p99 <= TARGET_P99_MS;
console.log(`  target   p99 <= ${TARGET_P99_MS} ms: ${pass ? 'PASS' : 'MISS'}`);
if (!pass) process.exitCode = 1;
