import { inflateSync } from 'node:zlib';
import { PDFArray, PDFDocument, PDFName, type PDFPage, PDFRawStream, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { parseHexColor, toEncodable } from './pdf-report-layout.ts';
import { type InvoiceDocument, renderInvoicePdf } from './render-invoice-pdf.ts';

/**
 * What each page shows, as pdf-lib wrote it: it deflates every content stream (/FlateDecode) and draws
 * standard-font text as `<hex> Tj`, the hex being WinAnsi (Windows-1252) codes, one Tj per drawn line.
 */
async function pageTexts(bytes: Uint8Array): Promise<string[][]> {
  const pdf = await PDFDocument.load(bytes);
  return pdf.getPages().map((page) => shownStrings(pageContent(pdf, page)));
}

function pageContent(pdf: PDFDocument, page: PDFPage): string {
  const contents = page.node.Contents();
  const streams =
    contents instanceof PDFArray ? contents.asArray().map((ref) => pdf.context.lookup(ref)) : [contents];
  return streams
    .map((stream) => {
      if (!(stream instanceof PDFRawStream))
        throw new Error(`Unexpected content stream ${stream?.constructor.name}`);
      const deflated = stream.dict.get(PDFName.of('Filter')) === PDFName.of('FlateDecode');
      return Buffer.from(deflated ? inflateSync(stream.getContents()) : stream.getContents()).toString(
        'latin1',
      );
    })
    .join('\n');
}

/**
 * WinAnsi is Windows-1252. Node 20's TextDecoder('windows-1252') decodes 0x80–0x9F as Latin-1 control
 * characters, which would hide “ ” ’ – … €, so those 32 codes are mapped by hand.
 */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';
const decodeWinAnsi = (hex: string) =>
  Array.from(Buffer.from(hex, 'hex'), (byte) =>
    byte >= 0x80 && byte <= 0x9f ? CP1252_HIGH[byte - 0x80] : String.fromCharCode(byte),
  ).join('');

function shownStrings(content: string): string[] {
  return [...content.matchAll(/<([0-9A-Fa-f]*)>\s*Tj/g)].map((match) => decodeWinAnsi(match[1] ?? ''));
}

/** The fill colour (`r g b rg`) of the first thing drawn on the page: the header band. */
async function bandFill(bytes: Uint8Array): Promise<number[]> {
  const pdf = await PDFDocument.load(bytes);
  const match = /([\d.]+) ([\d.]+) ([\d.]+) rg/.exec(pageContent(pdf, pdf.getPage(0)));
  return [match?.[1], match?.[2], match?.[3]].map(Number);
}

async function firstPageTexts(bytes: Uint8Array): Promise<string[]> {
  const [first] = await pageTexts(bytes);
  if (!first) throw new Error('The PDF has no pages');
  return first;
}

type Line = InvoiceDocument['lines'][number];

function vatLine(description: string, quantity = 1, unitAmountMinor = 4500): Line {
  const gross = quantity * unitAmountMinor;
  const taxMinor = Math.round((gross * 2000) / 12_000);
  return {
    description,
    quantity,
    unitAmountMinor,
    taxRateBps: 2000,
    taxLabel: 'VAT',
    netMinor: gross - taxMinor,
    taxMinor,
  };
}

function invoice(overrides: Partial<InvoiceDocument> = {}): InvoiceDocument {
  const lines = overrides.lines ?? [vatLine('Driving lesson (1 hour)'), vatLine('Motorway lesson', 2, 5000)];
  const subtotalMinor = lines.reduce((sum, line) => sum + line.netMinor, 0);
  const taxMinor = lines.reduce((sum, line) => sum + line.taxMinor, 0);
  return {
    kind: 'invoice',
    displayNumber: 'INV-000042',
    issuedAt: new Date('2025-03-03T10:00:00Z'),
    currency: 'GBP',
    locale: 'en-GB',
    timezone: 'Europe/London',
    seller: { name: 'Acme Driving School', primaryColor: '#1d4ed8' },
    buyer: { name: 'Jane Student', email: 'jane@example.com' },
    lines,
    subtotalMinor,
    taxMinor,
    totalMinor: subtotalMinor + taxMinor,
    ...overrides,
  };
}

describe('renderInvoicePdf', () => {
  it('renders a short invoice as one A4 page with its title, parties, lines and totals', async () => {
    const bytes = await renderInvoicePdf(invoice());

    expect(Buffer.from(bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    const pdf = await PDFDocument.load(bytes);
    expect(pdf.getPageCount()).toBe(1);
    const { width, height } = pdf.getPage(0).getSize();
    expect([Math.round(width), Math.round(height)]).toEqual([595, 842]);
    expect(pdf.getTitle()).toBe('Invoice INV-000042');
    expect(pdf.getAuthor()).toBe('Acme Driving School');
    expect(pdf.getCreationDate()?.toISOString()).toBe('2025-03-03T10:00:00.000Z');

    const texts = await firstPageTexts(bytes);
    expect(texts).toEqual(
      expect.arrayContaining([
        'Acme Driving School',
        'Invoice',
        'INV-000042',
        'Billed to',
        'Jane Student',
        'jane@example.com',
        '3 March 2025',
        'Driving lesson (1 hour)',
        'Motorway lesson',
        '£50.00', // unit price of the motorway lesson
        '£100.00', // its amount: 2 × £50.00, tax included
        '£16.67', // its tax
        'Subtotal',
        '£120.83',
        'VAT (20%)',
        '£24.17',
        'Total',
        '£145.00',
        'Page 1 of 1',
      ]),
    );
  });

  it('titles a credit note as one', async () => {
    const bytes = await renderInvoicePdf(invoice({ kind: 'credit_note', displayNumber: 'INV-CN-000043' }));

    const pdf = await PDFDocument.load(bytes);
    expect(pdf.getTitle()).toBe('Credit note INV-CN-000043');
    const texts = await firstPageTexts(bytes);
    expect(texts).toEqual(expect.arrayContaining(['Credit note', 'INV-CN-000043']));
    expect(texts).not.toContain('Invoice');
  });

  it('flows ~80 lines onto further pages, repeating the band and table header, totals on the last page', async () => {
    const lines = Array.from({ length: 80 }, (_, index) => vatLine(`Lesson ${index + 1}`));
    const bytes = await renderInvoicePdf(invoice({ lines }));

    const pages = await pageTexts(bytes);
    expect(pages.length).toBeGreaterThan(1);
    expect((await PDFDocument.load(bytes)).getPageCount()).toBe(pages.length);
    pages.forEach((texts, index) => {
      expect(texts).toContain('Acme Driving School');
      expect(texts).toContain('Description');
      expect(texts).toContain(`Page ${index + 1} of ${pages.length}`);
    });
    const all = pages.flat();
    for (let n = 1; n <= 80; n++) expect(all.filter((text) => text === `Lesson ${n}`)).toHaveLength(1);
    expect(pages.at(-1)).toEqual(expect.arrayContaining(['Total', '£3,600.00']));
    expect(pages[0]).not.toContain('Total');
  });

  it('replaces characters Helvetica cannot encode instead of throwing', async () => {
    const doc = invoice({
      seller: { name: 'Zoë’s Driving School 🚗' },
      buyer: { name: 'Łukasz Nowak', email: 'lukasz@example.com' },
      lines: [vatLine('Theory → practical 👩‍🏫 日本 ﬁnal ✓')],
    });

    const bytes = await renderInvoicePdf(doc);

    const texts = await firstPageTexts(bytes);
    expect(texts).toEqual(
      expect.arrayContaining(['Zoë’s Driving School ?', 'Lukasz Nowak', 'Theory -> practical ? ?? final v']),
    );
    // Metadata is UTF-16, so it keeps the real name.
    expect((await PDFDocument.load(bytes)).getAuthor()).toBe('Zoë’s Driving School 🚗');
  });

  it('cuts a very long description to four lines ending in an ellipsis', async () => {
    const description = `${'Intensive course covering roundabouts and dual carriageways. '.repeat(20)}UNSEEN-TAIL`;

    const texts = await firstPageTexts(await renderInvoicePdf(invoice({ lines: [vatLine(description)] })));

    // Cells are drawn column by column, so the description's lines sit between the header and the qty.
    const start = texts.indexOf('Amount') + 1;
    const shown = texts.slice(start, texts.indexOf('1', start));
    expect(shown).toHaveLength(4);
    expect(shown.at(-1)).toMatch(/…$/);
    expect(texts.join(' ')).not.toContain('UNSEEN-TAIL');
  });

  it('formats money and the issue date for the locale, currency and time zone', async () => {
    const doc = invoice({
      locale: 'en-US',
      timezone: 'America/New_York',
      currency: 'JPY',
      issuedAt: new Date('2025-03-01T02:00:00Z'), // still 28 February in New York
      lines: [
        {
          description: 'Lesson',
          quantity: 1,
          unitAmountMinor: 4500,
          taxRateBps: 0,
          taxLabel: null,
          netMinor: 4500,
          taxMinor: 0,
        },
      ],
    });

    const texts = await firstPageTexts(await renderInvoicePdf(doc));

    expect(texts).toEqual(expect.arrayContaining(['February 28, 2025', '¥4,500', 'Total']));
    // Untaxed: no tax row, and a dash in the line's tax column.
    expect(texts.filter((text) => /^(Tax|VAT)\b/.test(text))).toEqual(['Tax']); // just the column header
    expect(texts).toContain('-');
  });

  it('names each rate when lines share a tax label but not a rate', async () => {
    const reduced: Line = { ...vatLine('Car seat hire'), taxRateBps: 500, netMinor: 4286, taxMinor: 214 };

    const texts = await firstPageTexts(
      await renderInvoicePdf(invoice({ lines: [vatLine('Lesson'), reduced] })),
    );

    expect(texts).toContain('VAT (20%, 5%)');
  });

  it('paints the band in the school colour, falling back to dark blue when the colour is malformed', async () => {
    const school = await bandFill(await renderInvoicePdf(invoice()));
    const fallback = await bandFill(
      await renderInvoicePdf(invoice({ seller: { name: 'A', primaryColor: 'blue' } })),
    );
    const absent = await bandFill(await renderInvoicePdf(invoice({ seller: { name: 'A' } })));

    expect(school).toEqual(parseHexColor('#1d4ed8'));
    expect(fallback).toEqual(parseHexColor('#1e3a5f'));
    expect(absent).toEqual(fallback);
  });
});

describe('toEncodable', () => {
  const winAnsiSet = async () => {
    const pdf = await PDFDocument.create();
    const font = await pdf.embedFont(StandardFonts.Helvetica);
    return new Set(font.getCharacterSet());
  };

  it('keeps WinAnsi text, including accents, curly quotes, € and …', async () => {
    const supported = await winAnsiSet();
    expect(toEncodable('Café “déjà vu” – €10 …', supported)).toBe('Café “déjà vu” – €10 …');
  });

  it('composes decomposed accents and turns every other whitespace into a plain space', async () => {
    const supported = await winAnsiSet();
    expect(toEncodable('Cafe\u0301\tnarrow\u202Fspace\nline', supported)).toBe('Café narrow space line');
  });

  it('gives one "?" per emoji, however many code points it is built from', async () => {
    const supported = await winAnsiSet();
    expect(toEncodable('a👩‍👩‍👧b👍🏽c', supported)).toBe('a?b?c');
  });
});
