import { inflateSync } from 'node:zlib';
import { PDFArray, PDFDocument, PDFName, PDFRawStream } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { type EarningsStatement, earningsCsv, renderEarningsPdf } from './render-earnings.ts';

/**
 * WinAnsi is Windows-1252. Node 20's TextDecoder('windows-1252') decodes 0x80–0x9F as Latin-1 control
 * characters, which would hide “ ” ’ – … €, so those 32 codes are mapped by hand.
 */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';
const decodeWinAnsi = (hex: string) =>
  Array.from(Buffer.from(hex, 'hex'), (byte) =>
    byte >= 0x80 && byte <= 0x9f ? CP1252_HIGH[byte - 0x80] : String.fromCharCode(byte),
  ).join('');

/** Text shown per page: pdf-lib deflates content streams and writes WinAnsi text as `<hex> Tj`. */
async function pageTexts(bytes: Uint8Array): Promise<string[][]> {
  const pdf = await PDFDocument.load(bytes);
  return pdf.getPages().map((page) => {
    const contents = page.node.Contents();
    const streams =
      contents instanceof PDFArray ? contents.asArray().map((ref) => pdf.context.lookup(ref)) : [contents];
    const content = streams
      .map((stream) => {
        if (!(stream instanceof PDFRawStream)) throw new Error('Unexpected content stream');
        const deflated = stream.dict.get(PDFName.of('Filter')) === PDFName.of('FlateDecode');
        return Buffer.from(deflated ? inflateSync(stream.getContents()) : stream.getContents()).toString(
          'latin1',
        );
      })
      .join('\n');
    return [...content.matchAll(/<([0-9A-Fa-f]*)>\s*Tj/g)].map((m) => decodeWinAnsi(m[1] ?? ''));
  });
}

async function firstPageTexts(bytes: Uint8Array): Promise<string[]> {
  const [first] = await pageTexts(bytes);
  if (!first) throw new Error('The PDF has no pages');
  return first;
}

type Row = EarningsStatement['rows'][number];

function statement(overrides: Partial<EarningsStatement> = {}): EarningsStatement {
  const rows = overrides.rows ?? [
    {
      earnedAt: new Date('2025-03-01T09:00:00Z'),
      bookingId: 'bk-1',
      lessonMinor: 4500,
      commissionBps: 3000,
      earningsMinor: 3150,
    },
    {
      earnedAt: new Date('2025-03-15T14:00:00Z'),
      bookingId: 'bk-2',
      lessonMinor: 6000,
      commissionBps: 1250,
      earningsMinor: 5250,
    },
  ];
  return {
    instructorName: 'Sam Instructor',
    schoolName: 'Acme Driving School',
    primaryColor: '#1d4ed8',
    locale: 'en-GB',
    timezone: 'Europe/London',
    currency: 'GBP',
    from: '2025-03-01',
    to: '2025-03-31',
    rows,
    totalLessonMinor: rows.reduce((sum, row) => sum + row.lessonMinor, 0),
    totalEarningsMinor: rows.reduce((sum, row) => sum + row.earningsMinor, 0),
    ...overrides,
  };
}

const row = (bookingId: string, overrides: Partial<Row> = {}): Row => ({
  earnedAt: new Date('2025-03-10T12:00:00Z'),
  bookingId,
  lessonMinor: 4500,
  commissionBps: 3000,
  earningsMinor: 3150,
  ...overrides,
});

/** The data lines of a CSV with no multi-line fields, header and total row dropped. */
const dataLines = (csv: string) => csv.split('\r\n').slice(1, -2);

describe('earningsCsv', () => {
  it('writes a header, one line per row and a total line, CRLF-terminated', () => {
    expect(earningsCsv(statement())).toBe(
      'date,booking_id,lesson_amount,commission_percent,earnings\r\n' +
        '2025-03-01,bk-1,45.00,30.00,31.50\r\n' +
        '2025-03-15,bk-2,60.00,12.50,52.50\r\n' +
        'total,,105.00,,84.00\r\n',
    );
  });

  it('dates each row by the calendar day in the statement time zone', () => {
    const csv = earningsCsv(
      statement({
        timezone: 'America/New_York',
        rows: [row('late', { earnedAt: new Date('2025-03-01T03:00:00Z') })],
      }),
    );

    expect(dataLines(csv)).toEqual(['2025-02-28,late,45.00,30.00,31.50']);
  });

  it('quotes fields containing a comma, quote or line break, doubling the quotes', () => {
    const csv = earningsCsv(statement({ rows: [row('a,b'), row('say "hi"'), row('two\nlines')] }));

    expect(csv).toContain('\r\n2025-03-10,"a,b",45.00,');
    expect(csv).toContain('\r\n2025-03-10,"say ""hi""",45.00,');
    expect(csv).toContain('\r\n2025-03-10,"two\nlines",45.00,');
  });

  it('defuses cells a spreadsheet would run as a formula, but leaves negative amounts as numbers', () => {
    const rows = [
      row('=1+2'),
      row('+SUM(A1:A9)'),
      row('-2+3'),
      row('@cmd'),
      row('=HYPERLINK("http://evil.example")'),
      row('refund', { lessonMinor: -4500, earningsMinor: -3150 }),
    ];

    const csv = earningsCsv(statement({ rows, totalLessonMinor: 0, totalEarningsMinor: 0 }));

    expect(dataLines(csv)).toEqual([
      "2025-03-10,'=1+2,45.00,30.00,31.50",
      "2025-03-10,'+SUM(A1:A9),45.00,30.00,31.50",
      "2025-03-10,'-2+3,45.00,30.00,31.50",
      "2025-03-10,'@cmd,45.00,30.00,31.50",
      `2025-03-10,"'=HYPERLINK(""http://evil.example"")",45.00,30.00,31.50`,
      '2025-03-10,refund,-45.00,30.00,-31.50',
    ]);
  });

  it("writes amounts with the currency's own number of decimals", () => {
    const jpy = earningsCsv(statement({ currency: 'JPY' }));
    const bhd = earningsCsv(
      statement({ currency: 'BHD', rows: [row('x', { lessonMinor: 45_000, earningsMinor: 5 })] }),
    );

    expect(jpy).toBe(
      'date,booking_id,lesson_amount,commission_percent,earnings\r\n' +
        '2025-03-01,bk-1,4500,30.00,3150\r\n' +
        '2025-03-15,bk-2,6000,12.50,5250\r\n' +
        'total,,10500,,8400\r\n',
    );
    expect(dataLines(bhd)).toEqual(['2025-03-10,x,45.000,30.00,0.005']);
  });

  it('writes just the header and a zero total for an empty period', () => {
    expect(earningsCsv(statement({ rows: [] }))).toBe(
      'date,booking_id,lesson_amount,commission_percent,earnings\r\ntotal,,0.00,,0.00\r\n',
    );
  });
});

describe('renderEarningsPdf', () => {
  it('renders a one-page statement with the school, instructor, period, rows and totals', async () => {
    const bytes = await renderEarningsPdf(statement());

    expect(Buffer.from(bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    const pdf = await PDFDocument.load(bytes);
    expect(pdf.getPageCount()).toBe(1);
    expect(pdf.getTitle()).toBe('Earnings statement 1 March 2025 – 31 March 2025');
    expect(pdf.getAuthor()).toBe('Acme Driving School');
    const texts = await firstPageTexts(bytes);
    expect(texts).toEqual(
      expect.arrayContaining([
        'Acme Driving School',
        'Earnings statement',
        '1 March 2025 – 31 March 2025',
        'Sam Instructor',
        '1 Mar 2025',
        'bk-1',
        '£45.00',
        '30%',
        '12.5%',
        '£31.50',
        '£105.00',
        '£84.00',
      ]),
    );
  });

  it('flows a long period onto further pages with the totals at the end', async () => {
    const rows = Array.from({ length: 90 }, (_, index) => row(`booking-${index + 1}`));

    const pages = await pageTexts(await renderEarningsPdf(statement({ rows })));

    expect(pages.length).toBeGreaterThan(1);
    const all = pages.flat();
    for (let n = 1; n <= 90; n++) expect(all).toContain(`booking-${n}`);
    expect(pages.at(-1)).toEqual(expect.arrayContaining(['Earnings', '£2,835.00']));
  });

  it('says so when the period has no earnings', async () => {
    const texts = await firstPageTexts(await renderEarningsPdf(statement({ rows: [] })));

    expect(texts).toContain('No earnings in this period.');
  });

  it('rejects a period bound that is not a YYYY-MM-DD date', async () => {
    await expect(renderEarningsPdf(statement({ to: '2025-02-30' }))).rejects.toThrow(RangeError);
    await expect(renderEarningsPdf(statement({ from: '1/3/2025' }))).rejects.toThrow(RangeError);
  });
});
