/** Rows under a header, columns padded to their widest cell: text columns to the left, figures to the right. */
export function formatTable(head: readonly string[], rows: readonly (readonly string[])[], textColumns: readonly number[]): string[] {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [head, ...rows].map((row) => row.map((cell, i) => (textColumns.includes(i) ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ').trimEnd());
}
