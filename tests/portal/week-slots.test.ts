import { weekSlots } from '@dualcontrol/portal/week-slots';
import { describe, expect, it } from 'vitest';

/** Every 15 minutes from `from` (UTC) for `hours` hours, for one instructor. */
function every15(from: string, hours: number, instructorId = 'ivy') {
  const start = Date.parse(from);
  return Array.from({ length: hours * 4 }, (_, i) => ({
    start: new Date(start + i * 900_000).toISOString(),
    end: new Date(start + i * 900_000 + 3_600_000).toISOString(),
    instructorId,
  }));
}

describe('weekSlots', () => {
  it('keeps every day of a busy week (a cap over the whole week used to cut off its last days)', () => {
    const week = Array.from({ length: 7 }, (_, d) => every15(`2026-12-0${d + 1}T08:00:00Z`, 10)).flat();
    expect(week).toHaveLength(280);
    const shown = weekSlots(week);
    expect(new Set(shown.map((s) => s.start.slice(0, 10))).size).toBe(7);
    expect(shown).toHaveLength(280);
  });

  it('shows each time once when any instructor will do (the first free one takes it), in order', () => {
    const ivy = every15('2026-12-01T09:00:00Z', 1, 'ivy');
    const olga = every15('2026-12-01T09:00:00Z', 2, 'olga');
    const shown = weekSlots([...olga.slice(4), ...ivy, ...olga.slice(0, 4)]);
    expect(shown.map((s) => s.start.slice(11, 16))).toEqual([
      '09:00',
      '09:15',
      '09:30',
      '09:45',
      '10:00',
      '10:15',
      '10:30',
      '10:45',
    ]);
    // For 09:00–09:45 both were free; the one the API listed first keeps the time.
    expect(shown.slice(0, 4).map((s) => s.instructorId)).toEqual(['ivy', 'ivy', 'ivy', 'ivy']);
    expect(shown.slice(4).map((s) => s.instructorId)).toEqual(['olga', 'olga', 'olga', 'olga']);
  });
});
