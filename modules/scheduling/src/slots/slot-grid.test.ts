import { describe, expect, it } from 'vitest';
import { createSlotGrid } from './slot-grid.ts';
import { MS_PER_MINUTE } from './time-units.ts';

const local = (text: string) => Date.parse(`${text}:00Z`);
const read = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');

function walk(grid: ReturnType<typeof createSlotGrid>, from: string, count: number): string[] {
  const points: string[] = [];
  for (let point = grid.firstAtOrAfter(local(from)); points.length < count; point = grid.after(point)) {
    points.push(read(point));
  }
  return points;
}

describe('slot grid', () => {
  it('rounds up to the next grid point and steps by the grid', () => {
    expect(walk(createSlotGrid(15, 0), '2026-01-05T14:01', 3)).toEqual([
      '2026-01-05 14:15',
      '2026-01-05 14:30',
      '2026-01-05 14:45',
    ]);
    expect(walk(createSlotGrid(10, 0), '2026-01-05T14:11', 2)).toEqual([
      '2026-01-05 14:20',
      '2026-01-05 14:30',
    ]);
  });

  it('shifts the grid by its offset, also when the offset is negative or over a step', () => {
    expect(walk(createSlotGrid(15, 5), '2026-01-05T14:00', 2)).toEqual([
      '2026-01-05 14:05',
      '2026-01-05 14:20',
    ]);
    expect(walk(createSlotGrid(15, -10), '2026-01-05T14:00', 1)).toEqual(['2026-01-05 14:05']);
    expect(walk(createSlotGrid(15, 20), '2026-01-05T14:00', 1)).toEqual(['2026-01-05 14:05']);
  });

  it('restarts at midnight when the step does not divide a day', () => {
    expect(walk(createSlotGrid(7, 0), '2026-01-05T23:50', 3)).toEqual([
      '2026-01-05 23:55',
      '2026-01-06 00:00',
      '2026-01-06 00:07',
    ]);
  });

  it('counts only whole minutes, so a bound a second past a grid point rounds up', () => {
    const grid = createSlotGrid(15, 0);
    expect(read(grid.firstAtOrAfter(local('2026-01-05T14:00') + 1))).toBe('2026-01-05 14:15');
    expect(grid.firstAtOrAfter(local('2026-01-05T14:00') + MS_PER_MINUTE)).toBe(local('2026-01-05T14:15'));
  });
});
