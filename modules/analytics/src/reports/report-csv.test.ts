import { describe, expect, it } from 'vitest';
import { csvField, reportCsv } from './report-csv.ts';
import type { Report } from './report-shape.ts';

describe('report CSV', () => {
  it('quotes commas, quotes and line breaks, and defuses formulas', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('Smith, Jo')).toBe('"Smith, Jo"');
    expect(csvField('Jo "JJ" Smith')).toBe('"Jo ""JJ"" Smith"');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField(-12.5)).toBe('-12.5');
    expect(csvField(null)).toBe('');
  });

  it('writes a header of labels and one CRLF line per row, in column order', () => {
    const report = {
      columns: [
        { key: 'name', label: 'Instructor, name', kind: 'text' },
        { key: 'rate', label: 'Rate %', kind: 'percent' },
      ],
      rows: [
        { rate: 40.5, name: 'Ann "A" Lee' },
        { name: 'Bo', rate: null },
      ],
    } as unknown as Report;
    expect(reportCsv(report)).toBe('"Instructor, name",Rate %\r\n"Ann ""A"" Lee",40.5\r\nBo,\r\n');
  });
});
