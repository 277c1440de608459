import { parseCsv } from '@dualcontrol/portal/csv';
import { IMPORT_LIMITS, readStudentCsv } from '@dualcontrol/portal/student-csv';
import { describe, expect, it } from 'vitest';

describe('parseCsv', () => {
  it('reads plain rows with LF or CRLF line ends, and skips blank lines', () => {
    expect(parseCsv('name,email\nAda,ada@x.test\n')).toEqual([
      ['name', 'email'],
      ['Ada', 'ada@x.test'],
    ]);
    expect(parseCsv('a,b\r\n1,2\r\n\r\n3,4')).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
    ]);
  });

  it('keeps commas, quotes and line breaks inside quoted fields', () => {
    expect(parseCsv('name,note\r\n"Smith, Jo","said ""hi""\r\nthen left"\r\n')).toEqual([
      ['name', 'note'],
      ['Smith, Jo', 'said "hi"\r\nthen left'],
    ]);
  });

  it('drops a UTF-8 byte-order mark and keeps empty fields', () => {
    expect(parseCsv('\uFEFFname,email,phone\nBo,,\n')).toEqual([
      ['name', 'email', 'phone'],
      ['Bo', '', ''],
    ]);
  });

  it('keeps a last field without a line end, and an empty quoted field', () => {
    expect(parseCsv('a,""\n"x",y')).toEqual([
      ['a', ''],
      ['x', 'y'],
    ]);
  });
});

describe('readStudentCsv', () => {
  it('finds the columns by name in any order, numbers rows as a spreadsheet does, and refuses a repeated address', () => {
    const csv = readStudentCsv(
      'Email,Phone,Name\r\nada@x.test,1,Ada\r\nbo@x.test,,Bo\r\nADA@x.test,,Ada again\r\n',
    );
    expect(csv).toEqual({
      ok: true,
      rows: [
        { row: 2, name: 'Ada', email: 'ada@x.test' },
        { row: 3, name: 'Bo', email: 'bo@x.test' },
      ],
      refused: [
        { row: 4, name: 'Ada again', email: 'ADA@x.test', created: false, problem: 'duplicateInFile' },
      ],
    });
  });

  it('refuses a file without the header, an empty one, or one over the caps', () => {
    expect(readStudentCsv('ada@x.test,Ada\n')).toEqual({ ok: false, error: 'header' });
    expect(readStudentCsv('')).toEqual({ ok: false, error: 'empty' });
    expect(readStudentCsv('name,email\n')).toEqual({ ok: false, error: 'empty' });
    const many = `name,email\n${Array.from({ length: IMPORT_LIMITS.rows + 1 }, (_, i) => `S${i},s${i}@x.test`).join('\n')}`;
    expect(readStudentCsv(many)).toEqual({ ok: false, error: 'tooManyRows' });
    expect(readStudentCsv(`name,email\n${'x'.repeat(IMPORT_LIMITS.bytes)}`)).toEqual({
      ok: false,
      error: 'tooLarge',
    });
  });
});
