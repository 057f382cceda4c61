import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mulberry32, normalSource } from '../src/data/sample/prng.js';

export const BENCH_SEED = 20_240_101;
const DAY = 86_400_000;
const FIRST_DAY = Date.UTC(2015, 0, 5);

export interface BenchDataSpec {
  readonly symbols: number;
  readonly bars: number;
  readonly seed: number;
}

/** Weekdays from FIRST_DAY: the dates of `count` daily bars (holidays do not matter to a benchmark). */
function weekdays(count: number): string[] {
  const days: string[] = [];
  for (let t = FIRST_DAY; days.length < count; t += DAY) {
    const weekday = new Date(t).getUTCDay();
    if (weekday !== 0 && weekday !== 6) days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}

const cents = (x: number): string => (Math.round(x * 100) / 100).toFixed(2);

/**
 * One symbol's daily OHLCV in the Yahoo layout: a geometric random walk (annual volatility
 * 15–45 %, a small drift), an overnight gap before each open, high and low around the body.
 */
function symbolCsv(index: number, days: readonly string[], seed: number): string {
  const uniform = mulberry32(seed + index * 7919);
  const normal = normalSource(uniform);
  const dailyVol = (0.15 + 0.3 * uniform()) / Math.sqrt(252);
  let price = 20 + 200 * uniform();
  const rows = ['Date,Open,High,Low,Close,Volume'];
  for (const day of days) {
    const open = Math.max(1, Math.round(price * Math.exp(0.3 * dailyVol * normal()) * 100) / 100);
    const close = Math.max(1, Math.round(open * Math.exp(0.0002 + 0.95 * dailyVol * normal()) * 100) / 100);
    const high = Math.ceil(Math.max(open, close) * (1 + 0.3 * dailyVol * Math.abs(normal())) * 100) / 100;
    const low = Math.floor(Math.min(open, close) * (1 - 0.3 * dailyVol * Math.abs(normal())) * 100) / 100;
    const volume = Math.round(100_000 + 5_000_000 * uniform());
    rows.push(`${day},${cents(open)},${cents(high)},${cents(low)},${cents(close)},${volume}`);
    price = close;
  }
  return `${rows.join('\n')}\n`;
}

/**
 * Writes `<dir>/S0001.csv …` unless the folder already holds exactly this spec (a stamp file
 * records it), so repeated benchmark runs time the backtest, not the generator. Deterministic:
 * the same spec always gives the same bytes.
 */
export function generateBenchData(dir: string, spec: BenchDataSpec): boolean {
  const stampFile = join(dir, 'spec.json');
  const stamp = JSON.stringify(spec);
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) return false;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const days = weekdays(spec.bars);
  for (let i = 0; i < spec.symbols; i += 1) writeFileSync(join(dir, `S${String(i + 1).padStart(4, '0')}.csv`), symbolCsv(i, days, spec.seed));
  writeFileSync(stampFile, stamp);
  return true;
}
