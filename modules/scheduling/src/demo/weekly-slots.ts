import { WEEKDAYS } from '../schema.ts';
import type { Availability } from '../services/set-availability.ts';

/** A place in an instructor's week: a weekday (Monday = 0) and a local start time. */
export type WeeklySlot = { weekday: number; time: string };

const minutes = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
};
const hhmm = (total: number) =>
  `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;

/**
 * The starts an instructor's weekly hours offer, `spacingMinutes` apart, each long enough for the
 * longest demo lesson plus its buffer: lessons placed on different ones never touch, whatever their type.
 */
export function weeklySlots(
  availability: Availability,
  spacingMinutes: number,
  longestMinutes: number,
): WeeklySlot[] {
  const slots: WeeklySlot[] = [];
  for (const w of availability.weekly) {
    const end = minutes(w.end);
    for (let t = minutes(w.start); t + longestMinutes <= end; t += spacingMinutes)
      slots.push({ weekday: WEEKDAYS.indexOf(w.day), time: hhmm(t) });
  }
  return slots;
}

/** Hands out an instructor's slots so no two of their students (or mock tests) share one. */
export class SlotBook {
  private readonly taken = new Map<string, Set<string>>();

  /** A free weekly slot of the instructor, not on the `avoid` weekdays; null when the week is full. */
  claimWeekly(
    instructorId: string,
    slots: readonly WeeklySlot[],
    pick: <T>(items: readonly T[]) => T,
    avoid: readonly number[] = [],
  ): WeeklySlot | null {
    const taken = this.set(instructorId);
    const free = slots.filter((s) => !taken.has(`w:${s.weekday}@${s.time}`) && !avoid.includes(s.weekday));
    if (free.length === 0) return null;
    const slot = pick(free);
    taken.add(`w:${slot.weekday}@${slot.time}`);
    return slot;
  }

  /** Whether a weekly slot is someone's regular lesson (a one-off must not take it). */
  isWeekly(instructorId: string, slot: WeeklySlot): boolean {
    return this.set(instructorId).has(`w:${slot.weekday}@${slot.time}`);
  }

  /** Claims a one-off (a mock test) on a given day and time; false when it is taken. */
  claimOnce(instructorId: string, day: string, time: string): boolean {
    const taken = this.set(instructorId);
    if (taken.has(`d:${day}@${time}`)) return false;
    taken.add(`d:${day}@${time}`);
    return true;
  }

  private set(instructorId: string): Set<string> {
    let s = this.taken.get(instructorId);
    if (!s) {
      s = new Set();
      this.taken.set(instructorId, s);
    }
    return s;
  }
}
