import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { fillOrigin, type Fill } from '../domain/order.js';
import { splitCsvLine } from '../strategy/csv-fields.js';
import { fileNumber, MONEY_DECIMALS } from './file-number.js';

export const TRADES_HEADER = 'time,runId,tag,symbol,side,quantity,price,commission,currency,execId';

/**
 * Appends fills to the trades CSV journal (step 8 of the README's "One cycle"), one row per fill. Appending
 * is idempotent by execId: a run that crashed after appending but before its database
 * commit will not write the same fill twice when the next run records it again.
 * Returns the fills actually appended.
 */
export function appendTrades(path: string, runId: string, fills: readonly Fill[]): Fill[] {
  if (fills.length === 0) return [];
  const existing = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const journaled = parseTrades(existing);
  const known = new Set(journaled.map((row) => row.execId));
  const fresh = fills.filter((f) => !known.has(f.execId) && !(fillOrigin(f.execId) === 'inferred' && reportedQuantity(journaled, f.tag) >= f.quantity));
  if (fresh.length === 0) return [];
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const needsHeader = existing.length === 0;
  // A crash in the middle of an earlier append can leave a last line without its newline.
  const needsNewline = existing.length > 0 && !existing.endsWith('\n');
  // A file re-saved with CRLF line ends (a spreadsheet on Windows) keeps them.
  const eol = existing.includes('\r\n') ? '\r\n' : '\n';
  const rows = fresh.map((f) => tradeRow(runId, f)).join(eol) + eol;
  const fd = openSync(path, 'a', 0o600);
  try {
    writeSync(fd, (needsHeader ? TRADES_HEADER + eol : '') + (needsNewline ? eol : '') + rows);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return fresh;
}

export interface TradeRow {
  readonly time: string;
  readonly runId: string;
  readonly tag: string;
  readonly symbol: string;
  readonly side: string;
  readonly quantity: number;
  readonly price: number;
  readonly commission: number;
  readonly currency: string;
  readonly execId: string;
}

export function readTrades(path: string): TradeRow[] {
  return existsSync(path) ? parseTrades(readFileSync(path, 'utf8')) : [];
}

const COLUMNS = TRADES_HEADER.split(',') as readonly (keyof TradeRow)[];

/**
 * The rows of a trades CSV as a spreadsheet may have re-saved it: CRLF line ends, a byte-order
 * mark, any field in double quotes, the columns in another order. Columns are found by the
 * header's names, so a re-saved file still yields every execId it holds and no fill is
 * appended again.
 */
export function parseTrades(text: string): TradeRow[] {
  const lines = text.replace(/^\uFEFF/, '').split('\n').map((line) => line.replace(/\r$/, '')).filter((line) => line.trim().length > 0);
  const header = lines.length > 0 ? splitCsvLine(lines[0]!) : [];
  const names = Array.isArray(header) ? header : [];
  // Without a readable header the columns are taken in the order autofolio writes them.
  const at = new Map(COLUMNS.map((column, i) => [column, names.includes(column) ? names.indexOf(column) : i]));
  return lines.slice(names.includes('execId') ? 1 : 0).flatMap((line) => {
    const f = splitCsvLine(line);
    // A row cut short by a crash is not a trade; the next append starts on a new line.
    if (!Array.isArray(f) || f.length !== COLUMNS.length) return [];
    const field = (column: keyof TradeRow): string => f[at.get(column)!]!;
    if (field('execId') === '' || field('execId') === 'execId') return [];
    return [{ time: field('time'), runId: field('runId'), tag: field('tag'), symbol: field('symbol'), side: field('side'), quantity: Number(field('quantity')), price: Number(field('price')), commission: Number(field('commission')), currency: field('currency'), execId: field('execId') }];
  });
}

/**
 * The quantity the CSV already holds from execution reports of the order with this tag. An
 * inferred fill stands in for executions the journal lost (its database lost, the broker's
 * reports gone); where the CSV kept them, it already holds the real ones.
 */
function reportedQuantity(rows: readonly TradeRow[], tag: string): number {
  let quantity = 0;
  for (const row of rows) if (row.tag === tag && fillOrigin(row.execId) === 'execution') quantity += row.quantity;
  return quantity;
}

function tradeRow(runId: string, f: Fill): string {
  // Tags and ids are made by autofolio and brokers without commas; refuse rather than corrupt the CSV.
  for (const value of [f.tag, f.symbol, f.execId, runId]) {
    if (/[,\n"]/.test(value)) throw new Error(`cannot journal a fill with a comma, quote or newline in "${value}"`);
  }
  return [new Date(f.time).toISOString(), runId, f.tag, f.symbol, f.side, fileNumber(f.quantity), fileNumber(f.price), fileNumber(f.commission, MONEY_DECIMALS), f.currency, f.execId].join(',');
}
