import {
  currencyFractionDigits,
  formatDate,
  formatMoney,
  formatNumber,
  formatPercent,
  minorToDecimal,
} from './money-format.ts';
import { renderReportPdf } from './pdf-report-layout.ts';

export type EarningsStatement = {
  instructorName: string;
  schoolName: string;
  primaryColor?: string;
  locale: string;
  timezone: string;
  currency: string;
  /** YYYY-MM-DD, inclusive. */
  from: string;
  /** YYYY-MM-DD, inclusive. */
  to: string;
  rows: {
    earnedAt: Date;
    bookingId: string;
    lessonMinor: number;
    commissionBps: number;
    earningsMinor: number;
  }[];
  totalLessonMinor: number;
  totalEarningsMinor: number;
};

const CSV_HEADER = ['date', 'booking_id', 'lesson_amount', 'commission_percent', 'earnings'];

/**
 * The statement as RFC 4180 CSV for spreadsheets and accountants: amounts are plain decimals in major
 * units (no symbols or grouping, so they import as numbers), dates are the school's calendar days.
 */
export function earningsCsv(s: EarningsStatement): string {
  const digits = currencyFractionDigits(s.currency);
  const rows = s.rows.map((row) => [
    isoDateIn(row.earnedAt, s.timezone),
    row.bookingId,
    minorToDecimal(row.lessonMinor, digits),
    minorToDecimal(row.commissionBps, 2),
    minorToDecimal(row.earningsMinor, digits),
  ]);
  const total = [
    'total',
    '',
    minorToDecimal(s.totalLessonMinor, digits),
    '',
    minorToDecimal(s.totalEarningsMinor, digits),
  ];
  return [CSV_HEADER, ...rows, total].map((cells) => `${cells.map(csvField).join(',')}\r\n`).join('');
}

/** One field, defused against formula injection and then quoted as RFC 4180 requires. */
function csvField(value: string): string {
  const safe = startsLikeFormula(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/**
 * Spreadsheets run a cell starting with = + - @ (or a tab/CR that they strip first) as a formula, which a
 * booking reference or name could smuggle in. Negative amounts start with "-" too but must stay numbers.
 */
function startsLikeFormula(value: string): boolean {
  return /^[=+\-@\t\r]/.test(value) && !/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(value);
}

/** The calendar day `date` falls on in `timeZone`, as YYYY-MM-DD. */
function isoDateIn(date: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** The statement as a PDF in the same branded layout as the school's invoices; bad input rejects. */
export async function renderEarningsPdf(s: EarningsStatement): Promise<Uint8Array> {
  const money = (minor: number) => formatMoney(minor, s.currency, s.locale);
  const period = `${formatCalendarDay(s.from, s.locale)} – ${formatCalendarDay(s.to, s.locale)}`;
  return renderReportPdf({
    title: 'Earnings statement',
    reference: period,
    schoolName: s.schoolName,
    primaryColor: s.primaryColor,
    locale: s.locale,
    // The period's last day rather than "now": a statement re-rendered later still dates from its period.
    createdAt: calendarDay(s.to),
    blocks: [
      { label: 'Instructor', lines: [s.instructorName] },
      { label: 'Bookings', lines: [formatNumber(s.rows.length, s.locale)] },
    ],
    columns: [
      { header: 'Date', align: 'left' },
      { header: 'Booking', align: 'left', flexible: true },
      { header: 'Lesson', align: 'right' },
      { header: 'Commission', align: 'right' },
      { header: 'Earnings', align: 'right' },
    ],
    rows: s.rows.map((row) => [
      formatDate(row.earnedAt, s.locale, s.timezone, 'medium'),
      row.bookingId,
      money(row.lessonMinor),
      formatPercent(row.commissionBps, s.locale),
      money(row.earningsMinor),
    ]),
    emptyMessage: 'No earnings in this period.',
    totals: [
      { label: 'Lessons', value: money(s.totalLessonMinor) },
      { label: 'Earnings', value: money(s.totalEarningsMinor), strong: true },
    ],
    footer: `Earnings statement · ${s.instructorName} · ${s.schoolName}`,
  });
}

/** A YYYY-MM-DD day as UTC midnight: a date without a time, so it must not shift with any zone. */
function calendarDay(day: string): Date {
  const date = new Date(`${day}T00:00:00Z`);
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(day) ||
    Number.isNaN(date.getTime()) ||
    date.toISOString().slice(0, 10) !== day
  )
    throw new RangeError(`Expected a YYYY-MM-DD date, got "${day}"`);
  return date;
}

function formatCalendarDay(day: string, locale: string): string {
  return formatDate(calendarDay(day), locale, 'UTC');
}
