import { describe, expect, it } from 'vitest';
import { type NoticeMark, noticePlan } from './document-notices.ts';

const at = (iso: string) => new Date(iso);
// A licence expiring on 2027-03-31; notices at 09:00 (UTC here) on their day.
const mark = (notice: NoticeMark['notice'], day: string): NoticeMark => ({
  notice,
  from: at(`${day}T00:00:00Z`),
  at: at(`${day}T09:00:00Z`),
});
const marks = [
  mark('expiring_30', '2027-03-01'),
  mark('expiring_7', '2027-03-24'),
  mark('expired', '2027-04-01'),
];
const none = new Set<never>();

describe('noticePlan', () => {
  it('before the first mark: nothing due, wake at the 30-day notice', () => {
    expect(noticePlan(marks, none, at('2027-01-10T12:00:00Z'))).toEqual({
      due: null,
      nextAt: at('2027-03-01T09:00:00Z'),
    });
  });

  it('at a notice time: that notice, then wake at the next', () => {
    expect(noticePlan(marks, none, at('2027-03-01T09:00:00Z'))).toEqual({
      due: 'expiring_30',
      nextAt: at('2027-03-24T09:00:00Z'),
    });
    expect(noticePlan(marks, new Set(['expiring_30'] as const), at('2027-03-24T09:00:01Z'))).toEqual({
      due: 'expiring_7',
      nextAt: at('2027-04-01T09:00:00Z'),
    });
  });

  it('a notice already sent is not sent again', () => {
    expect(noticePlan(marks, new Set(['expiring_30'] as const), at('2027-03-02T00:00:00Z')).due).toBeNull();
    expect(noticePlan(marks, new Set(['expired'] as const), at('2027-06-01T00:00:00Z'))).toEqual({
      due: null,
      nextAt: null,
    });
  });

  it('marks passed before the document was added: only the latest goes out, at once', () => {
    // Five days left: the 7-day notice, not a stale 30-day one too.
    expect(noticePlan(marks, none, at('2027-03-26T10:00:00Z')).due).toBe('expiring_7');
    // Already expired: document.expired only, and nothing after it.
    expect(noticePlan(marks, none, at('2027-05-01T10:00:00Z'))).toEqual({ due: 'expired', nextAt: null });
  });

  it('on a mark’s day before its notice time: wait for it (an expired document is never “expiring”)', () => {
    expect(noticePlan(marks, none, at('2027-04-01T08:00:00Z'))).toEqual({
      due: null,
      nextAt: at('2027-04-01T09:00:00Z'),
    });
    expect(noticePlan(marks, new Set(['expiring_7'] as const), at('2027-04-01T08:00:00Z')).due).toBeNull();
  });
});
