import type { Column } from './text-table.js';

// Styles are inline on every element because many e-mail clients drop <style> blocks.
const FONT = 'font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;font-size:14px;color:#1a1a1a';
const TABLE = 'border-collapse:collapse;margin:4px 0 12px 0';
const TH = 'border-bottom:2px solid #888;padding:4px 10px;font-weight:600;white-space:nowrap';
const TD = 'border-bottom:1px solid #ddd;padding:4px 10px;white-space:nowrap';
const H2 = 'font-size:16px;margin:18px 0 6px 0';

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for use in HTML element content and in quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ENTITIES[char]!);
}

function cellStyle(base: string, align: 'left' | 'right' | undefined): string {
  return align === 'right' ? `${base};text-align:right;font-variant-numeric:tabular-nums` : `${base};text-align:left`;
}

/** A table with a header row; every cell is escaped. */
export function htmlTable(columns: readonly Column[], rows: readonly (readonly string[])[]): string {
  const head = columns.map((c) => `<th style="${cellStyle(TH, c.align)}">${escapeHtml(c.header)}</th>`).join('');
  const body = rows
    .map((row) => `<tr>${columns.map((c, i) => `<td style="${cellStyle(TD, c.align)}">${escapeHtml(row[i] ?? '')}</td>`).join('')}</tr>`)
    .join('\n');
  return `<table style="${TABLE}"><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/** Label/value pairs as a borderless two-column table; every value is escaped. */
export function htmlKeyValues(pairs: readonly (readonly [string, string])[]): string {
  const rows = pairs
    .map(([label, value]) => `<tr><td style="padding:2px 16px 2px 0;color:#555">${escapeHtml(label)}</td><td style="padding:2px 0">${escapeHtml(value)}</td></tr>`)
    .join('\n');
  return `<table style="${TABLE}">\n${rows}\n</table>`;
}

/** A section heading; the title is escaped. */
export function htmlHeading(title: string): string {
  return `<h2 style="${H2}">${escapeHtml(title)}</h2>`;
}

/** A paragraph of escaped text; `tone` colours warnings so they stand out. */
export function htmlParagraph(text: string, tone: 'normal' | 'warning' = 'normal'): string {
  const style = tone === 'warning' ? 'margin:6px 0;color:#b00020;font-weight:600' : 'margin:6px 0';
  return `<p style="${style}">${escapeHtml(text).replace(/\n/g, '<br>')}</p>`;
}

/** Wraps already-built (escaped) body HTML in a complete document. */
export function htmlDocument(title: string, bodyHtml: string): string {
  return [
    '<!DOCTYPE html>',
    '<html><head><meta charset="utf-8">',
    `<title>${escapeHtml(title)}</title></head>`,
    `<body style="${FONT};margin:0;padding:16px">`,
    bodyHtml,
    '</body></html>',
  ].join('\n');
}
