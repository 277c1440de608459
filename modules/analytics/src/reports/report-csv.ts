import type { Report } from './report-shape.ts';

/**
 * A field as RFC 4180 wants it: quoted when it holds a comma, a quote, or a line break, with
 * quotes doubled. A text that a spreadsheet would run as a formula (=, +, -, @, tab, CR first) is
 * prefixed with an apostrophe (OWASP's CSV-injection advice); numbers are written as numbers.
 */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** The report's table as CSV: a header of column labels, then one line per row (CRLF, as RFC 4180). */
export function reportCsv(report: Report): string {
  const lines = [report.columns.map((c) => csvField(c.label)).join(',')];
  for (const row of report.rows)
    lines.push(report.columns.map((c) => csvField(row[c.key] ?? null)).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
