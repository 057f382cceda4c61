import { join } from 'node:path';
import type { Snapshot } from '../domain/snapshot.js';
import { writeFileAtomic } from '../io/atomic-file.js';
import { MONEY_DECIMALS, PRICE_DECIMALS, roundNumbersIn } from './file-number.js';

// Amounts of money (cash is keyed by currency code) are shown to the cent; prices, quantities and ratios keep 8 decimals.
const MONEY_KEYS: ReadonlySet<string> = new Set(['nlv', 'marketValue', 'pnlDay', 'pnlSinceStart', 'commission']);
const decimalsOf = (key: string): number => (MONEY_KEYS.has(key) || /^[A-Z]{3}$/.test(key) ? MONEY_DECIMALS : PRICE_DECIMALS);

/** Writes the run's snapshot as `<dir>/<YYYY-MM-DD>/<runId>.json` and returns the path. */
export function writeSnapshotFile(dir: string, snapshot: Snapshot): string {
  const date = new Date(snapshot.time).toISOString().slice(0, 10);
  const path = join(dir, date, `${snapshot.runId}.json`);
  const rounded = roundNumbersIn({ ...snapshot, time: 0, trades: snapshot.trades.map((t) => ({ ...t, time: 0 })) }, decimalsOf);
  const file = { ...rounded, time: new Date(snapshot.time).toISOString(), trades: rounded.trades.map((t, i) => ({ ...t, time: new Date(snapshot.trades[i]!.time).toISOString() })) };
  writeFileAtomic(path, JSON.stringify(file, null, 2) + '\n');
  return path;
}
