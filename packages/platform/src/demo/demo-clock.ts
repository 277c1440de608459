import { newId } from '@dualcontrol/db';

/**
 * When the demo's events happened. Services stamp the outbox with the transaction's time (the
 * moment the demo runs), not the simulated `now` they were given; later layers (notifications,
 * CRM timelines, analytics) need the simulated one. A layer that knows it wraps the service call in
 * `stamp(at, …)`: event ids are UUIDv7 made in this process in order, so every event emitted during
 * the call has an id between two ids taken before and after it. Other schools' events may fall in a
 * range too; they are never read under this school's RLS.
 */
export class DemoClock {
  private readonly ranges: { from: string; to: string; at: Date }[] = [];

  async stamp<T>(at: Date, fn: () => Promise<T>): Promise<T> {
    const from = newId();
    const result = await fn();
    this.ranges.push({ from, to: newId(), at });
    return result;
  }

  /** The simulated time of an event emitted inside a `stamp`, or null. */
  timeOf(eventId: string): Date | null {
    for (let i = this.ranges.length - 1; i >= 0; i -= 1) {
      const r = this.ranges[i]!;
      if (eventId > r.from && eventId < r.to) return r.at;
    }
    return null;
  }
}
