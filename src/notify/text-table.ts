/** A table column shared by the plain-text and the HTML rendering of a message. */
export interface Column {
  readonly header: string;
  /** Numbers are right-aligned so that their digits line up. */
  readonly align?: 'left' | 'right';
}

/**
 * Renders rows as a plain-text table with aligned columns, for the text part of an e-mail
 * (read in a monospace font by text clients and by `less` on an .eml file).
 */
export function textTable(columns: readonly Column[], rows: readonly (readonly string[])[], indent = '  '): string {
  const widths = columns.map((column, i) => Math.max(width(column.header), ...rows.map((row) => width(row[i] ?? ''))));
  const render = (cells: readonly string[]): string =>
    (indent + columns.map((column, i) => pad(cells[i] ?? '', widths[i]!, column.align ?? 'left')).join('  ')).trimEnd();
  return [render(columns.map((column) => column.header)), render(widths.map((w) => '-'.repeat(w))), ...rows.map(render)].join('\n');
}

/** Renders label/value pairs as two aligned columns. */
export function textKeyValues(pairs: readonly (readonly [string, string])[], indent = '  '): string {
  const labelWidth = Math.max(0, ...pairs.map(([label]) => width(label)));
  // A value of several lines (an error with a cause) continues under its first line.
  const continuation = `\n${indent}${' '.repeat(labelWidth)}  `;
  return pairs
    .map(([label, value]) => `${indent}${pad(label, labelWidth, 'left')}  ${value.split(/\r?\n/).join(continuation)}`.replace(/[ \t]+$/gm, ''))
    .join('\n');
}

// Width in code points, so that a symbol with an accented letter does not shift its row.
function width(text: string): number {
  return Array.from(text).length;
}

function pad(text: string, size: number, align: 'left' | 'right'): string {
  const fill = ' '.repeat(Math.max(0, size - width(text)));
  return align === 'right' ? fill + text : text + fill;
}
