import type { ReactNode } from 'react';

export type Column<Row> = {
  key: string;
  header: ReactNode;
  /** The cell; the row's own `key` field when not given. */
  cell?: (row: Row) => ReactNode;
  /** Numbers align right on a wide screen. */
  numeric?: boolean;
  /** This column names the row (a `th scope="row"`, read out before each of the row's cells). */
  rowHeader?: boolean;
};

/**
 * A table that is a table on a wide screen and a stack of cards on a phone: each cell then shows
 * its column's header before it (`data-label`, drawn by styles.css), so nothing scrolls sideways.
 */
export function DataTable<Row>({
  caption,
  columns,
  rows,
  rowKey,
  rowTestId,
}: {
  caption: ReactNode;
  columns: readonly Column<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  rowTestId?: string;
}) {
  const text = (h: ReactNode) => (typeof h === 'string' || typeof h === 'number' ? String(h) : '');
  return (
    <table className="table stack">
      <caption>{caption}</caption>
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c.key} scope="col" className={c.numeric ? 'num' : undefined}>
              {c.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={rowKey(row)} data-testid={rowTestId}>
            {columns.map((c) => {
              const Cell = c.rowHeader ? 'th' : 'td';
              return (
                <Cell
                  key={c.key}
                  scope={c.rowHeader ? 'row' : undefined}
                  data-label={text(c.header)}
                  className={c.numeric ? 'num' : undefined}
                >
                  {c.cell ? c.cell(row) : String((row as Record<string, unknown>)[c.key] ?? '')}
                </Cell>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
