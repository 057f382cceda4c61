import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// The baseline of `npm run bench`: what a person would write by hand to backtest the inverse-vol
// strategy with backtrader's conventions over a folder of CSV files, with no cache, validation or
// records, and cash in cents as autofolio keeps it. It runs as a child process of its own, like autofolio, so both pay Node's start-up.
// The bench compares autofolio's time with this one, and its final equity with this one's.

const LOOKBACK = 60;
const EVERY = 21;
const GROSS = 0.98;
const COMMISSION_RATE = 0.0005;
const STARTING_CASH = 1_000_000;

const dir = process.argv[2];
if (!dir) throw new Error('usage: node plain-loop.js DATA_DIR');

// Every <SYMBOL>.csv of the folder in name order, as the bench lists them in the config.
// Columns are those of backtrader's layout: Date,Open,High,Low,Close,Volume,OpenInterest.
const names = readdirSync(dir).filter((name) => name.endsWith('.csv')).sort();
const opens: Float64Array[] = [];
const closes: Float64Array[] = [];
for (const name of names) {
  const lines = readFileSync(join(dir, name), 'utf8').split('\n');
  let rows = lines.length - 1;
  while (rows > 0 && lines[rows] === '') rows -= 1;
  const open = new Float64Array(rows);
  const close = new Float64Array(rows);
  for (let i = 0; i < rows; i += 1) {
    const fields = lines[i + 1]!.split(',');
    open[i] = parseFloat(fields[1]!);
    close[i] = parseFloat(fields[4]!);
  }
  if (opens.length > 0 && rows !== opens[0]!.length) throw new Error(`${name} has ${rows} bars, ${names[0]} has ${opens[0]!.length}: the files must share their dates`);
  opens.push(open);
  closes.push(close);
}

const n = names.length;
const bars = opens[0]?.length ?? 0;
const held = new Float64Array(n);
const inverse = new Float64Array(n);
const equity = new Float64Array(bars);
// Orders waiting for the next open, sells first: symbol index and signed quantity.
let pending: { symbol: number; quantity: number }[] = [];
let cash = STARTING_CASH;

/** Population standard deviation of the LOOKBACK simple close-to-close returns ending at bar t. */
function volatility(close: Float64Array, t: number): number {
  let mean = 0;
  for (let k = t - LOOKBACK + 1; k <= t; k += 1) mean += close[k]! / close[k - 1]! - 1;
  mean /= LOOKBACK;
  let squares = 0;
  for (let k = t - LOOKBACK + 1; k <= t; k += 1) {
    const deviation = close[k]! / close[k - 1]! - 1 - mean;
    squares += deviation * deviation;
  }
  return Math.sqrt(squares / LOOKBACK);
}

for (let t = 0; t < bars; t += 1) {
  // Market orders of the previous signal fill at this bar's open.
  for (const { symbol, quantity } of pending) {
    const price = opens[symbol]![t]!;
    // autofolio books cash in cents, as a broker does: each commission is rounded to the cent.
    // backtrader keeps unrounded floats; over 5,000 bars the difference reaches 1e-5 of the
    // equity, so this loop does autofolio's arithmetic (test/oracle checks backtrader's).
    // Half a cent rounds up, after the binary noise of the product is removed (1.005 × 100 is 100.4999…).
    cash -= quantity * price + Math.round(Number((COMMISSION_RATE * Math.abs(quantity) * price * 100).toPrecision(15))) / 100;
    held[symbol] = held[symbol]! + quantity;
  }
  pending = [];

  let value = cash;
  for (let s = 0; s < n; s += 1) value += held[s]! * closes[s]![t]!;
  equity[t] = value;

  // Bar t = LOOKBACK is the first with LOOKBACK returns behind it.
  if (t < LOOKBACK || (t - LOOKBACK) % EVERY !== 0) continue;
  let total = 0;
  for (let s = 0; s < n; s += 1) {
    inverse[s] = 1 / volatility(closes[s]!, t);
    total += inverse[s]!;
  }
  const sells: { symbol: number; quantity: number }[] = [];
  const buys: { symbol: number; quantity: number }[] = [];
  for (let s = 0; s < n; s += 1) {
    const price = closes[s]![t]!;
    const difference = (inverse[s]! / total) * GROSS * value - held[s]! * price;
    const quantity = Math.trunc(Math.abs(difference) / price);
    if (quantity === 0) continue;
    if (difference < 0) sells.push({ symbol: s, quantity: -quantity });
    else buys.push({ symbol: s, quantity });
  }
  // Orders of the last bar have no next open and stay unfilled.
  pending = [...sells, ...buys];
}

console.log(JSON.stringify({ finalEquity: equity[bars - 1], symbols: n, bars }));
