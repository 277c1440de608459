import { describe, expect, it } from 'vitest';
import { creditLogbook, type DrivenMinutes, explainLogbook, hours } from './logbook-rules.ts';

const h = (n: number) => n * 60;
const driven = (d: Partial<DrivenMinutes>): DrivenMinutes => ({
  professionalMinutes: 0,
  professionalNightMinutes: 0,
  practiceMinutes: 0,
  practiceNightMinutes: 0,
  ...d,
});

describe('logbook credit', () => {
  it('no rules: hours count as driven, no requirement and nothing missing', () => {
    const s = creditLogbook(
      driven({ professionalMinutes: h(5), practiceMinutes: h(10), practiceNightMinutes: h(2) }),
      'none',
    );
    expect(s.credited).toEqual({
      professionalMinutes: h(5),
      bonusMinutes: 0,
      practiceMinutes: h(10),
      totalMinutes: h(15),
      nightMinutes: h(2),
    });
    expect(s.requirement).toBeNull();
    expect(s.missing).toBeNull();
    expect(s.complete).toBeNull();
  });

  it('NSW: each professional hour counts three times, up to 10 hours of lessons', () => {
    const four = creditLogbook(driven({ professionalMinutes: h(4) }), 'au-nsw');
    expect(four.credited.professionalMinutes).toBe(h(12));
    expect(four.credited.bonusMinutes).toBe(h(8));
    const ten = creditLogbook(driven({ professionalMinutes: h(10) }), 'au-nsw');
    expect(ten.credited.professionalMinutes).toBe(h(30));
    // Beyond the cap, professional hours count as driven: 25 h → 30 + 15.
    const many = creditLogbook(driven({ professionalMinutes: h(25) }), 'au-nsw');
    expect(many.credited.professionalMinutes).toBe(h(45));
    expect(many.credited.bonusMinutes).toBe(h(20));
    // Part hours: 90 minutes → 270.
    expect(creditLogbook(driven({ professionalMinutes: 90 }), 'au-nsw').credited.professionalMinutes).toBe(
      270,
    );
  });

  it('NSW needs 120 h including 20 at night; night hours get no bonus', () => {
    const s = creditLogbook(
      driven({
        professionalMinutes: h(10),
        professionalNightMinutes: h(2),
        practiceMinutes: h(60),
        practiceNightMinutes: h(8),
      }),
      'au-nsw',
    );
    expect(s.credited.totalMinutes).toBe(h(90));
    expect(s.credited.nightMinutes).toBe(h(10));
    expect(s.missing).toEqual({ totalMinutes: h(30), nightMinutes: h(10) });
    expect(s.complete).toBe(false);
  });

  it('NSW complete at exactly 120 h with 20 h night; more does not go negative', () => {
    const exact = creditLogbook(
      driven({ professionalMinutes: h(10), practiceMinutes: h(90), practiceNightMinutes: h(20) }),
      'au-nsw',
    );
    expect(exact.missing).toEqual({ totalMinutes: 0, nightMinutes: 0 });
    expect(exact.complete).toBe(true);
    const over = creditLogbook(driven({ practiceMinutes: h(200), practiceNightMinutes: h(50) }), 'au-nsw');
    expect(over.missing).toEqual({ totalMinutes: 0, nightMinutes: 0 });
  });

  it('enough total but too little night is not complete', () => {
    const s = creditLogbook(
      driven({ professionalMinutes: h(10), practiceMinutes: h(95), practiceNightMinutes: h(19) }),
      'au-nsw',
    );
    expect(s.missing).toEqual({ totalMinutes: 0, nightMinutes: h(1) });
    expect(s.complete).toBe(false);
  });

  it('QLD needs 100 h including 10 at night, with the same 3-for-1 up to 10 hours', () => {
    const s = creditLogbook(
      driven({
        professionalMinutes: h(12),
        professionalNightMinutes: h(1),
        practiceMinutes: h(50),
        practiceNightMinutes: h(6),
      }),
      'au-qld',
    );
    // 10 h × 3 + 2 h + 50 h = 82 h.
    expect(s.credited.totalMinutes).toBe(h(82));
    expect(s.requirement).toMatchObject({
      totalMinutes: h(100),
      nightMinutes: h(10),
      professionalMultiplier: 3,
    });
    expect(s.missing).toEqual({ totalMinutes: h(18), nightMinutes: h(3) });
  });

  it('nothing driven yet: the whole requirement is missing', () => {
    expect(creditLogbook(driven({}), 'au-qld').missing).toEqual({
      totalMinutes: h(100),
      nightMinutes: h(10),
    });
  });
});

describe('the explanation', () => {
  it('names the bonus, what is missing (total and night) and what waits for confirmation', () => {
    const d = driven({ professionalMinutes: h(4), practiceMinutes: h(20), practiceNightMinutes: h(3) });
    const lines = explainLogbook(d, creditLogbook(d, 'au-nsw'), { entries: 2, minutes: 150 });
    expect(lines).toEqual([
      '4 h with instructors counts as 12 h: each hour of professional lessons counts 3 times, for up to 10 hours of lessons.',
      '20 h of confirmed private practice.',
      '32 h of the 120 h the New South Wales learner logbook needs: 88 h still to drive.',
      '3 h at night of the 20 h needed: 17 h still to drive between sunset and sunrise (night hours count as driven, without the professional bonus).',
      '2 practice entries (2 h 30 min) wait for the supervisor to confirm; only confirmed practice counts.',
    ]);
  });

  it('says when the requirement is met, and when there is no rule', () => {
    const done = driven({ professionalMinutes: h(10), practiceMinutes: h(80), practiceNightMinutes: h(12) });
    expect(explainLogbook(done, creditLogbook(done, 'au-qld'), { entries: 0, minutes: 0 }).slice(-2)).toEqual(
      [
        '110 h logged: the 100 h the Queensland learner logbook needs are done.',
        '12 h at night: the 10 h of night driving are done.',
      ],
    );
    const none = explainLogbook(done, creditLogbook(done, 'none'), { entries: 1, minutes: 45 });
    expect(none).toContain(
      '90 h in all, 12 h of it at night. This school applies no state logbook rule, so the hours are counted as driven.',
    );
    expect(none.at(-1)).toBe(
      '1 practice entry (45 min) waits for the supervisor to confirm; only confirmed practice counts.',
    );
  });

  it('formats hours', () => {
    expect([hours(0), hours(45), hours(60), hours(150)]).toEqual(['0 min', '45 min', '1 h', '2 h 30 min']);
  });
});
