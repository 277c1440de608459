import { Link } from '@remix-run/react';
import { addDays, dateIn, formatDay, formatTime } from '../lib/format.ts';
import type { Translate } from '../lib/i18n.ts';
import type { Slot } from '../lib/types.ts';

type Props<S extends Slot> = {
  slots: S[];
  /** The week's first and last dates (YYYY-MM-DD, the school's calendar). */
  week: string;
  to: string;
  zone: string;
  locale: string;
  t: Translate;
  /** Where the previous/next week links go. */
  weekHref: (week: string) => string;
  /** Where choosing a time goes (a plain link: the choice lives in the URL, no JavaScript needed). */
  slotHref: (slot: S) => string;
  /** Extra words after a time, e.g. the instructor's name when any instructor will do. */
  slotNote?: (slot: S) => string;
};

/**
 * A week of free times in the viewer's zone, one list per day, with previous/next week links.
 * A round-the-clock week holds hundreds of times: the day links let a keyboard or screen-reader
 * user jump to a day instead of tabbing through every time before it.
 */
export function SlotWeek<S extends Slot>({
  slots,
  week,
  to,
  zone,
  locale,
  t,
  weekHref,
  slotHref,
  slotNote,
}: Props<S>) {
  const days = groupByDay(slots, zone);
  return (
    <>
      <p>{t('book.times', { zone })}</p>
      <nav className="week" aria-label={t('book.weekNav')}>
        <Link to={weekHref(addDays(week, -7))}>{t('book.prevWeek')}</Link>
        <span>
          {formatDay(`${week}T12:00:00Z`, locale, 'UTC')} – {formatDay(`${to}T12:00:00Z`, locale, 'UTC')}
        </span>
        <Link to={weekHref(addDays(week, 7))}>{t('book.nextWeek')}</Link>
      </nav>
      {slots.length === 0 ? <p>{t('book.noSlots')}</p> : null}
      {days.length > 1 ? (
        <nav className="day-links" aria-label={t('book.dayNav')}>
          <ul>
            {days.map(([day, daySlots]) => (
              // A plain in-page link: the browser moves focus to the day, no JavaScript needed.
              <li key={day}>
                <a href={`#day-${day}`}>{formatDay(daySlots[0]!.start, locale, zone)}</a>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      {days.map(([day, daySlots]) => (
        <div key={day} className="day">
          <h3 id={`day-${day}`} tabIndex={-1}>
            {formatDay(daySlots[0]!.start, locale, zone)}
          </h3>
          <ul className="slots">
            {daySlots.map((s) => (
              <li key={slotHref(s)}>
                <Link to={slotHref(s)}>
                  {formatTime(s.start, locale, zone)}
                  {slotNote ? slotNote(s) : ''}
                </Link>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </>
  );
}

function groupByDay<S extends Slot>(slots: S[], zone: string): [string, S[]][] {
  const days = new Map<string, S[]>();
  for (const s of [...slots].sort((a, b) => a.start.localeCompare(b.start))) {
    const day = dateIn(new Date(s.start), zone);
    days.set(day, [...(days.get(day) ?? []), s]);
  }
  return [...days.entries()];
}
