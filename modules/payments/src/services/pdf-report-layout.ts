import { type Color, PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from 'pdf-lib';

// A branded, paginated "title, blocks, table, totals" document: the shape of every payment PDF.

export type TableColumn = {
  header: string;
  align: 'left' | 'right';
  /** Takes the width the other columns leave, and wraps; other columns fit their widest cell. */
  flexible?: boolean;
};

export type TotalRow = { label: string; value: string; strong?: boolean };

export type ReportDocument = {
  title: string;
  reference: string;
  schoolName: string;
  primaryColor?: string | undefined;
  locale: string;
  /** The PDF's creation date: the document's own date, not the moment it happens to be (re-)rendered. */
  createdAt: Date;
  blocks: { label: string; lines: string[] }[];
  columns: TableColumn[];
  rows: string[][];
  emptyMessage: string;
  totals: TotalRow[];
  footer: string;
};

const PAGE_SIZE: [number, number] = [595.28, 841.89]; // A4 in points
const MARGIN = 48;
const BAND_HEIGHT = 64;
const FOOTER_BASELINE = 26;
const CELL_PADDING_X = 6;
const CELL_PADDING_Y = 6;
const TABLE_SIZE = 9;
const TABLE_LEADING = 12;
const MAX_WRAPPED_LINES = 4;
const MIN_FLEXIBLE_WIDTH = 150;
const ELLIPSIS = '…';

const FALLBACK_PRIMARY = '#1e3a5f';
const INK = rgb(0.11, 0.13, 0.16);
const MUTED = rgb(0.42, 0.45, 0.5);
const RULE = rgb(0.86, 0.88, 0.91);
const HEADER_FILL = rgb(0.95, 0.96, 0.97);
const WHITE = rgb(1, 1, 1);

export async function renderReportPdf(report: ReportDocument): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  setMetadata(pdf, report);
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  // Both faces use WinAnsi, so one character set serves for either.
  const supported = new Set(regular.getCharacterSet());
  new ReportWriter(pdf, { regular, bold, supported }, report).write();
  return pdf.save();
}

function setMetadata(pdf: PDFDocument, report: ReportDocument) {
  // Info strings are stored as UTF-16, so unlike page text they need no WinAnsi clean-up.
  pdf.setTitle(`${report.title} ${report.reference}`, { showInWindowTitleBar: true });
  pdf.setAuthor(report.schoolName);
  pdf.setSubject(`${report.title} ${report.reference} from ${report.schoolName}`);
  pdf.setCreator('Dualcontrol');
  pdf.setLanguage(report.locale);
  pdf.setCreationDate(report.createdAt);
  pdf.setModificationDate(report.createdAt);
}

type Typeface = { regular: PDFFont; bold: PDFFont; supported: ReadonlySet<number> };
type TextStyle = { size: number; bold?: boolean; color?: Color };

/** Lays the report out top to bottom, opening a new page whenever the next piece would not fit. */
class ReportWriter {
  private readonly pages: PDFPage[] = [];
  private page!: PDFPage;
  private y = 0;
  private readonly band: { fill: Color; text: Color };
  private readonly contentWidth = PAGE_SIZE[0] - 2 * MARGIN;

  constructor(
    private readonly pdf: PDFDocument,
    private readonly type: Typeface,
    private readonly report: ReportDocument,
  ) {
    this.band = bandColors(report.primaryColor);
  }

  write() {
    this.newPage();
    this.writeHeading();
    this.writeBlocks();
    this.writeTable();
    this.writeTotals();
    this.writeFooters();
  }

  private newPage() {
    this.page = this.pdf.addPage(PAGE_SIZE);
    this.pages.push(this.page);
    const [width, height] = PAGE_SIZE;
    this.page.drawRectangle({
      x: 0,
      y: height - BAND_HEIGHT,
      width,
      height: BAND_HEIGHT,
      color: this.band.fill,
    });
    const name = this.fit(this.report.schoolName, this.contentWidth, { size: 18, bold: true });
    this.draw(name, MARGIN, height - BAND_HEIGHT / 2 - 6, { size: 18, bold: true, color: this.band.text });
    this.y = height - BAND_HEIGHT - 28;
  }

  /** Opens a new page unless `height` more points fit above the bottom margin; true when it did. */
  private ensureSpace(height: number): boolean {
    if (this.y - height >= MARGIN) return false;
    this.newPage();
    return true;
  }

  private writeHeading() {
    this.y -= 22;
    this.draw(this.fit(this.report.title, this.contentWidth, { size: 22, bold: true }), MARGIN, this.y, {
      size: 22,
      bold: true,
    });
    this.y -= 18;
    const reference = this.fit(this.report.reference, this.contentWidth, { size: 11 });
    this.draw(reference, MARGIN, this.y, { size: 11, color: MUTED });
    this.y -= 28;
  }

  private writeBlocks() {
    const { blocks } = this.report;
    if (blocks.length === 0) return;
    const width = this.contentWidth / blocks.length;
    let lowest = this.y;
    blocks.forEach((block, index) => {
      const x = MARGIN + index * width;
      const innerWidth = width - 12;
      let y = this.y;
      this.draw(this.fit(block.label, innerWidth, { size: 8, bold: true }), x, y, {
        size: 8,
        bold: true,
        color: MUTED,
      });
      for (const [lineIndex, line] of block.lines.entries()) {
        y -= 14;
        const style = { size: 10, bold: lineIndex === 0 };
        this.draw(this.fit(line, innerWidth, style), x, y, style);
      }
      lowest = Math.min(lowest, y);
    });
    this.y = lowest - 28;
  }

  private writeTable() {
    const widths = this.columnWidths();
    this.writeTableHeader(widths);
    if (this.report.rows.length === 0) {
      this.y -= TABLE_LEADING + CELL_PADDING_Y;
      this.draw(this.report.emptyMessage, MARGIN + CELL_PADDING_X, this.y, {
        size: TABLE_SIZE,
        color: MUTED,
      });
      this.y -= CELL_PADDING_Y;
    }
    for (const row of this.report.rows) this.writeRow(row, widths);
  }

  private writeTableHeader(widths: number[]) {
    const height = TABLE_LEADING + 2 * CELL_PADDING_Y;
    // Keep the header with at least one row rather than stranding it at the foot of a page.
    this.ensureSpace(2 * height);
    this.page.drawRectangle({
      x: MARGIN,
      y: this.y - height,
      width: this.contentWidth,
      height,
      color: HEADER_FILL,
    });
    this.rule(MARGIN, MARGIN + this.contentWidth, this.y - height, 1, this.band.fill);
    const cells = this.report.columns.map((column) => [column.header]);
    this.drawCells(cells, widths, { size: TABLE_SIZE, bold: true, color: MUTED });
    this.y -= height;
  }

  private writeRow(row: string[], widths: number[]) {
    const cells = this.report.columns.map((column, index) => {
      const text = row[index] ?? '';
      const width = (widths[index] ?? 0) - 2 * CELL_PADDING_X;
      const style = { size: TABLE_SIZE };
      return column.flexible ? this.wrap(text, width, style) : [this.fit(text, width, style)];
    });
    const lineCount = Math.max(1, ...cells.map((lines) => lines.length));
    const height = lineCount * TABLE_LEADING + 2 * CELL_PADDING_Y;
    if (this.ensureSpace(height)) this.writeTableHeader(widths);
    this.drawCells(cells, widths, { size: TABLE_SIZE });
    this.y -= height;
    this.rule(MARGIN, MARGIN + this.contentWidth, this.y, 0.5);
  }

  private rule(fromX: number, toX: number, y: number, thickness: number, color: Color = RULE) {
    this.page.drawLine({ start: { x: fromX, y }, end: { x: toX, y }, thickness, color });
  }

  /** Draws one table row's cells (each already split into lines) hanging from the current y. */
  private drawCells(cells: string[][], widths: number[], style: TextStyle) {
    let x = MARGIN;
    this.report.columns.forEach((column, index) => {
      const width = widths[index] ?? 0;
      for (const [lineIndex, line] of (cells[index] ?? []).entries()) {
        const baseline = this.y - CELL_PADDING_Y - style.size - lineIndex * TABLE_LEADING + 1;
        const textX =
          column.align === 'right'
            ? x + width - CELL_PADDING_X - this.width(line, style)
            : x + CELL_PADDING_X;
        this.draw(line, textX, baseline, style);
      }
      x += width;
    });
  }

  /**
   * Fixed columns are as wide as their widest cell; the flexible one gets the rest. When that rest is
   * too narrow to read, the fixed columns give up width proportionally (and their cells are truncated).
   */
  private columnWidths(): number[] {
    const { columns, rows } = this.report;
    const flexibleIndex = Math.max(
      0,
      columns.findIndex((column) => column.flexible),
    );
    const natural = columns.map((column, index) => {
      if (index === flexibleIndex) return 0;
      const header = this.width(column.header, { size: TABLE_SIZE, bold: true });
      const cells = rows.map((row) => this.width(row[index] ?? '', { size: TABLE_SIZE }));
      return Math.max(header, ...cells) + 2 * CELL_PADDING_X;
    });
    const fixedTotal = natural.reduce((sum, width) => sum + width, 0);
    const budget = this.contentWidth - MIN_FLEXIBLE_WIDTH;
    const scale = fixedTotal > budget ? budget / fixedTotal : 1;
    const widths = natural.map((width) => width * scale);
    widths[flexibleIndex] = this.contentWidth - fixedTotal * scale;
    return widths;
  }

  private writeTotals() {
    const { totals } = this.report;
    if (totals.length === 0) return;
    const styleOf = (row: TotalRow): TextStyle => ({ size: row.strong ? 12 : 10, bold: row.strong ?? false });
    const heightOf = (row: TotalRow) => (row.strong ? 26 : 18);
    const right = MARGIN + this.contentWidth;
    const labelRight = right - Math.max(...totals.map((row) => this.width(row.value, styleOf(row)))) - 24;
    // The totals are read as one block, so they move to a new page together.
    this.ensureSpace(16 + totals.reduce((sum, row) => sum + heightOf(row), 0));
    this.y -= 16;
    for (const row of totals) {
      const style = styleOf(row);
      this.y -= heightOf(row);
      if (row.strong) this.rule(Math.max(MARGIN, labelRight - 120), right, this.y + style.size + 6, 1);
      const label = this.fit(row.label, labelRight - MARGIN, style);
      this.draw(label, labelRight - this.width(label, style), this.y, {
        ...style,
        color: row.strong ? INK : MUTED,
      });
      this.draw(row.value, right - this.width(row.value, style), this.y, style);
    }
  }

  private writeFooters() {
    const style = { size: 8, color: MUTED };
    this.pages.forEach((page, index) => {
      const pageLabel = `Page ${index + 1} of ${this.pages.length}`;
      const pageLabelWidth = this.width(pageLabel, style);
      const footer = this.fit(this.report.footer, this.contentWidth - pageLabelWidth - 24, style);
      this.draw(footer, MARGIN, FOOTER_BASELINE, style, page);
      this.draw(pageLabel, MARGIN + this.contentWidth - pageLabelWidth, FOOTER_BASELINE, style, page);
    });
  }

  // Every string goes through `toEncodable` before pdf-lib sees it (pdf-lib throws on the rest).

  private draw(text: string, x: number, y: number, style: TextStyle, page = this.page) {
    page.drawText(this.encodable(text), {
      x,
      y,
      size: style.size,
      font: this.font(style),
      color: style.color ?? INK,
    });
  }

  private width(text: string, style: TextStyle): number {
    return this.measure(this.encodable(text), style);
  }

  /** Width of text already made encodable: the hot path of fitting and wrapping. */
  private measure(encodable: string, style: TextStyle): number {
    return this.font(style).widthOfTextAtSize(encodable, style.size);
  }

  /** With a hair of tolerance: a column sized to its widest cell must not truncate that cell to rounding. */
  private fits(encodable: string, maxWidth: number, style: TextStyle): boolean {
    return this.measure(encodable, style) <= maxWidth + 0.01;
  }

  private font(style: TextStyle): PDFFont {
    return style.bold ? this.type.bold : this.type.regular;
  }

  private encodable(text: string): string {
    return toEncodable(text, this.type.supported);
  }

  /** `text` on one line, cut short with an ellipsis when wider than `maxWidth`. */
  private fit(text: string, maxWidth: number, style: TextStyle): string {
    const line = this.encodable(text);
    if (this.fits(line, maxWidth, style)) return line;
    // Binary search for the longest prefix that fits: descriptions can be thousands of characters.
    let [low, high] = [0, line.length];
    while (low < high) {
      const mid = Math.ceil((low + high) / 2);
      if (this.fits(line.slice(0, mid) + ELLIPSIS, maxWidth, style)) low = mid;
      else high = mid - 1;
    }
    return line.slice(0, low).trimEnd() + ELLIPSIS;
  }

  /** Word-wraps `text` (keeping its own line breaks) into at most MAX_WRAPPED_LINES lines. */
  private wrap(text: string, maxWidth: number, style: TextStyle): string[] {
    const lines: string[] = [];
    for (const paragraph of text.split(/\r\n|\r|\n/)) {
      if (lines.length > MAX_WRAPPED_LINES) break;
      const words = this.encodable(paragraph).split(' ').filter(Boolean);
      lines.push(...this.wrapWords(words, maxWidth, style));
    }
    if (lines.length <= MAX_WRAPPED_LINES) return lines.length > 0 ? lines : [''];
    // Joining the first line that does not fit guarantees the last kept line overflows and gets an ellipsis.
    const last = `${lines[MAX_WRAPPED_LINES - 1]} ${lines[MAX_WRAPPED_LINES]}`;
    return [...lines.slice(0, MAX_WRAPPED_LINES - 1), this.fit(last, maxWidth, style)];
  }

  private wrapWords(words: string[], maxWidth: number, style: TextStyle): string[] {
    const lines: string[] = [];
    let line = '';
    for (const word of words) {
      const candidate = line ? `${line} ${word}` : word;
      if (this.fits(candidate, maxWidth, style)) {
        line = candidate;
        continue;
      }
      if (line) lines.push(line);
      const pieces = this.breakWord(word, maxWidth, style);
      line = pieces.pop() ?? '';
      lines.push(...pieces);
    }
    if (line) lines.push(line);
    return lines;
  }

  /** Splits a single word too wide for any line (a URL, a reference) at character boundaries. */
  private breakWord(word: string, maxWidth: number, style: TextStyle): string[] {
    const pieces: string[] = [];
    let piece = '';
    for (const char of word) {
      if (piece && !this.fits(piece + char, maxWidth, style)) {
        pieces.push(piece);
        piece = '';
      }
      piece += char;
    }
    pieces.push(piece);
    return pieces;
  }
}

/** The band takes the school's colour; its text goes white or ink, whichever contrasts more with it. */
function bandColors(primaryColor: string | undefined): { fill: Color; text: Color } {
  const [r, g, b] = parseHexColor(primaryColor) ?? parseHexColor(FALLBACK_PRIMARY)!;
  const luminance = relativeLuminance(r, g, b);
  const contrastWithWhite = 1.05 / (luminance + 0.05);
  const contrastWithInk = (luminance + 0.05) / 0.05;
  return { fill: rgb(r, g, b), text: contrastWithWhite >= contrastWithInk ? WHITE : INK };
}

/** "#1d4ed8" or "#14d" (the leading # optional) as 0–1 channels; null for anything else. */
export function parseHexColor(input: string | undefined): [number, number, number] | null {
  const match = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(input?.trim() ?? '');
  if (!match?.[1]) return null;
  const hex = match[1].length === 3 ? [...match[1]].map((digit) => digit + digit).join('') : match[1];
  const channel = (offset: number) => Number.parseInt(hex.slice(offset, offset + 2), 16) / 255;
  return [channel(0), channel(2), channel(4)];
}

/** WCAG 2 relative luminance, for choosing legible text on a school-chosen colour. */
function relativeLuminance(r: number, g: number, b: number): number {
  const linear = (c: number) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

// ---------------------------------------------------------------------------------------------
// Text the standard fonts can draw.
// ---------------------------------------------------------------------------------------------

/** Look-alikes for common characters WinAnsi lacks, so they degrade to something readable, not "?". */
const SUBSTITUTES: Readonly<Record<string, string>> = {
  '→': '->',
  '←': '<-',
  '↔': '<->',
  '⇒': '=>',
  '≤': '<=',
  '≥': '>=',
  '≠': '!=',
  '≈': '~',
  '−': '-',
  '‐': '-',
  '‑': '-',
  '‒': '-',
  '✓': 'v',
  '✔': 'v',
  '✗': 'x',
  '✘': 'x',
  '★': '*',
  '☆': '*',
  ł: 'l',
  Ł: 'L',
  đ: 'd',
  Đ: 'D',
  ı: 'i',
};

const REPLACEMENT = '?';
const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/**
 * Rewrites `text` so a font whose encoding covers only `supported` code points can draw it (pdf-lib
 * throws on anything else). Works per grapheme so an emoji sequence or a letter with stacked accents
 * becomes one character: kept, a look-alike, its unaccented base letter, or "?".
 */
export function toEncodable(text: string, supported: ReadonlySet<number>): string {
  let out = '';
  for (const { segment } of graphemes.segment(text.normalize('NFC')))
    out += encodableGrapheme(segment, supported);
  return out;
}

function encodableGrapheme(grapheme: string, supported: ReadonlySet<number>): string {
  if (isEncodable(grapheme, supported)) return grapheme;
  if (/^\s+$/u.test(grapheme)) return ' ';
  const substitute = SUBSTITUTES[grapheme];
  if (substitute !== undefined) return substitute;
  const base = grapheme.normalize('NFKD').replace(/[\p{M}\p{Cf}\p{Cc}]/gu, '');
  if (base === '') return '';
  return isEncodable(base, supported) ? base : REPLACEMENT;
}

function isEncodable(text: string, supported: ReadonlySet<number>): boolean {
  for (const char of text) if (!supported.has(char.codePointAt(0)!)) return false;
  return true;
}
