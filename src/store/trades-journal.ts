import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileNumber, MONEY_DECIMALS } from './file-number.js';
import type { Fill } from '../domain/order.js';

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
  const known = journaledExecIds(existing);
  const fresh = fills.filter((f) => !known.has(f.execId));
  if (fresh.length === 0) return [];
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const needsHeader = existing.length === 0;
  // A crash in the middle of an earlier append can leave a last line without its newline.
  const needsNewline = existing.length > 0 && !existing.endsWith('\n');
  const rows = fresh.map((f) => tradeRow(runId, f)).join('\n') + '\n';
  const fd = openSync(path, 'a', 0o600);
  try {
    writeSync(fd, (needsHeader ? TRADES_HEADER + '\n' : '') + (needsNewline ? '\n' : '') + rows);
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
  if (!existsSync(path)) return [];
  const lines = readFileSync(path, 'utf8').split('\n').filter((l) => l.length > 0);
  return lines.slice(1).flatMap((line) => {
    const f = line.split(',');
    // A row cut short by a crash is not a trade; the next append starts on a new line.
    if (f.length !== 10) return [];
    return [{ time: f[0]!, runId: f[1]!, tag: f[2]!, symbol: f[3]!, side: f[4]!, quantity: Number(f[5]), price: Number(f[6]), commission: Number(f[7]), currency: f[8]!, execId: f[9]! }];
  });
}

function journaledExecIds(text: string): Set<string> {
  const ids = new Set<string>();
  for (const line of text.split('\n')) {
    const comma = line.lastIndexOf(',');
    if (comma > 0) ids.add(line.slice(comma + 1));
  }
  return ids;
}

function tradeRow(runId: string, f: Fill): string {
  // Tags and ids are made by autofolio and brokers without commas; refuse rather than corrupt the CSV.
  for (const value of [f.tag, f.symbol, f.execId, runId]) {
    if (/[,\n"]/.test(value)) throw new Error(`cannot journal a fill with a comma, quote or newline in "${value}"`);
  }
  return [new Date(f.time).toISOString(), runId, f.tag, f.symbol, f.side, fileNumber(f.quantity), fileNumber(f.price), fileNumber(f.commission, MONEY_DECIMALS), f.currency, f.execId].join(',');
}
