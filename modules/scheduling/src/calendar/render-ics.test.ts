import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { escapeText, foldLine, renderCalendar } from './render-ics.ts';

describe('renderCalendar', () => {
  const events = [
    {
      uid: 'a@dualcontrol',
      start: new Date('2026-03-29T00:30:00Z'),
      end: new Date('2026-03-29T01:30:00Z'),
      summary: 'Lesson; with Ian, at the station',
      description: `Line one\nLine two ${'é'.repeat(60)}`,
      location: 'Headingley station, Leeds',
      status: 'CONFIRMED' as const,
      sequence: 2,
      updatedAt: new Date('2026-03-01T10:00:00Z'),
    },
    {
      uid: 'b@dualcontrol',
      start: new Date('2026-10-25T00:30:00Z'),
      end: new Date('2026-10-25T02:30:00Z'),
      summary: 'Double lesson',
      status: 'CANCELLED' as const,
      sequence: 3,
      updatedAt: new Date('2026-10-01T10:00:00Z'),
    },
  ];

  it('parses with ical.js into the same events, instants and statuses', () => {
    const text = renderCalendar('Ian’s lessons', events);
    const cal = new ICAL.Component(ICAL.parse(text));
    const vevents = cal.getAllSubcomponents('vevent');
    expect(vevents).toHaveLength(2);
    const first = new ICAL.Event(vevents[0]!);
    expect(first.uid).toBe('a@dualcontrol');
    expect(first.summary).toBe('Lesson; with Ian, at the station');
    expect(first.description).toBe(events[0]!.description);
    expect(first.location).toBe('Headingley station, Leeds');
    expect(first.startDate.toJSDate().toISOString()).toBe('2026-03-29T00:30:00.000Z');
    expect(first.endDate.toJSDate().toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(vevents[1]!.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(vevents[1]!.getFirstPropertyValue('sequence')).toBe(3);
    expect(cal.getFirstPropertyValue('x-wr-calname')).toBe('Ian’s lessons');
  });

  it('uses CRLF and folds long lines at 75 octets without splitting characters', () => {
    const text = renderCalendar('x', events);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.split('\r\n').every((l) => Buffer.byteLength(l) <= 75)).toBe(true);
    expect(text).not.toMatch(/[^\r]\n/);
    const folded = foldLine(`DESCRIPTION:${'é'.repeat(80)}`);
    expect(folded.replace(/\r\n /g, '')).toBe(`DESCRIPTION:${'é'.repeat(80)}`);
  });

  it('escapes TEXT values', () => {
    expect(escapeText('a,b;c\\d\ne')).toBe('a\\,b\\;c\\\\d\\ne');
  });

  it('escapes every line break, a lone CR included, so a value cannot start a property of its own', () => {
    expect(escapeText('a\r\nb\rc\nd')).toBe('a\\nb\\nc\\nd');
    // Other control characters are not TEXT at all; a tab is.
    expect(escapeText('a\u0000b\u001bc\td\u007f')).toBe('abc\td');
    const text = renderCalendar('x', [
      { ...events[0]!, summary: 'Eve\rEND:VEVENT\rBEGIN:VEVENT\rSUMMARY:Fake', description: 'a\r\nb' },
    ]);
    expect(text).not.toMatch(/\r(?!\n)/);
    const vevents = new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vevent');
    expect(vevents).toHaveLength(1);
    expect(vevents[0]!.getFirstPropertyValue('summary')).toBe('Eve\nEND:VEVENT\nBEGIN:VEVENT\nSUMMARY:Fake');
  });

  it('folds at exactly 75 octets: continuation lines are one space plus at most 74 octets', () => {
    for (const filler of ['a', 'é', '€', '😀']) {
      for (let n = 1; n < 120; n += 7) {
        const line = `SUMMARY:${filler.repeat(n)}`;
        const folded = foldLine(line);
        const parts = folded.split('\r\n');
        expect(parts.every((l) => Buffer.byteLength(l) <= 75)).toBe(true);
        expect(parts.slice(1).every((l) => l.startsWith(' ') && !l.startsWith('  '))).toBe(true);
        expect(folded.replace(/\r\n /g, '')).toBe(line);
        expect(folded).not.toContain('\uFFFD');
      }
    }
  });
});
