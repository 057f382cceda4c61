import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getCalendar } from '../src/calendar/get-calendar.js';
import type { Session } from '../src/calendar/session.js';
import { mulberry32, normalSource } from '../src/data/sample/prng.js';

export const BENCH_SEED = 20_240_101;
const DAY = 86_400_000;
const HOUR = 3_600_000;
// Every data set ends on this day, so that longer histories reach back into the past instead of
// running into dates that have not happened yet.
const LAST_DAY = '2024-12-31';
// Four digits would allow more, but three keep the names of the issue (S000 … S999).
const MAX_SYMBOLS = 1_000;

export interface BenchDataSpec {
  readonly symbols: number;
  /**
   * Daily data: one bar per weekday, US holidays included, as backtrader users download it.
   * Hourly data: one bar per started hour of every NYSE session (7 on a full day).
   */
  readonly interval: 'daily' | 'hourly';
  /** Weekdays (daily) or NYSE sessions (hourly) of history, ending on LAST_DAY. */
  readonly days: number;
  readonly seed: number;
}

export interface BenchData {
  /** True when the files were written now, false when the folder already held this spec. */
  readonly generated: boolean;
  /** Bars per symbol. */
  readonly bars: number;
  /** Trading dates of the first and last bar, YYYY-MM-DD. */
  readonly firstDate: string;
  readonly lastDate: string;
}

const isoDay = (t: number): string => new Date(t).toISOString().slice(0, 10);

/** The last `count` Monday–Friday dates up to LAST_DAY, oldest first; holidays are not skipped. */
function weekdays(count: number): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${LAST_DAY}T00:00:00Z`); days.length < count; t -= DAY) {
    const weekday = new Date(t).getUTCDay();
    if (weekday !== 0 && weekday !== 6) days.push(isoDay(t));
  }
  return days.reverse();
}

/**
 * Start times of the hourly bars of the last `count` NYSE sessions up to LAST_DAY, as UTC ISO
 * times: 9:30, 10:30 … 15:30 New York time on a full day, fewer on an early close. The calendar
 * decides, so that every bar lies inside the exchange's hours whatever the daylight saving time.
 */
function sessionHours(count: number): string[] {
  const calendar = getCalendar('XNYS');
  // Holidays make the number of calendar days per session vary, so the span grows until it is enough.
  const sessionsWithin = (days: number): Session[] => calendar.sessions(isoDay(Date.parse(`${LAST_DAY}T00:00:00Z`) - days * DAY), LAST_DAY);
  let span = count;
  while (sessionsWithin(span).length < count) span *= 2;
  const times: string[] = [];
  for (const session of sessionsWithin(span).slice(-count)) {
    for (let t = session.open; t < session.close; t += HOUR) times.push(new Date(t).toISOString().replace('.000Z', 'Z'));
  }
  return times;
}

const cents = (x: number): string => (Math.round(x * 100) / 100).toFixed(2);

/**
 * One symbol's OHLCV in backtrader's CSV layout: a geometric random walk (annual volatility
 * 15–45 %, a small drift, both spread over the bars of a day), a gap before each open, high and
 * low around the body. Open interest is always 0, as for a stock.
 */
function symbolCsv(index: number, times: readonly string[], barsPerDay: number, seed: number): string {
  const uniform = mulberry32(seed + index * 7919);
  const normal = normalSource(uniform);
  const barVol = (0.15 + 0.3 * uniform()) / Math.sqrt(252 * barsPerDay);
  const drift = 0.0002 / barsPerDay;
  let price = 20 + 200 * uniform();
  const rows = ['Date,Open,High,Low,Close,Volume,OpenInterest'];
  for (const time of times) {
    const open = Math.max(1, Math.round(price * Math.exp(0.3 * barVol * normal()) * 100) / 100);
    const close = Math.max(1, Math.round(open * Math.exp(drift + 0.95 * barVol * normal()) * 100) / 100);
    const high = Math.ceil(Math.max(open, close) * (1 + 0.3 * barVol * Math.abs(normal())) * 100) / 100;
    const low = Math.floor(Math.min(open, close) * (1 - 0.3 * barVol * Math.abs(normal())) * 100) / 100;
    const volume = Math.round((100_000 + 5_000_000 * uniform()) / barsPerDay);
    rows.push(`${time},${cents(open)},${cents(high)},${cents(low)},${cents(close)},${volume},0`);
    price = close;
  }
  return `${rows.join('\n')}\n`;
}

/** The file of the symbol with this index: S000.csv, S001.csv … */
export const benchSymbol = (index: number): string => `S${String(index).padStart(3, '0')}`;

/**
 * Writes `<dir>/S000.csv …` unless the folder already holds exactly this spec (a stamp file
 * records it), so repeated benchmark runs time the backtest, not the generator. Deterministic:
 * the same spec always gives the same bytes.
 */
export function generateBenchData(dir: string, spec: BenchDataSpec): BenchData {
  if (!Number.isInteger(spec.symbols) || spec.symbols < 1 || spec.symbols > MAX_SYMBOLS) throw new Error(`symbols must be 1 to ${MAX_SYMBOLS}, got ${spec.symbols}`);
  const times = spec.interval === 'daily' ? weekdays(spec.days) : sessionHours(spec.days);
  const described: BenchData = { generated: false, bars: times.length, firstDate: times[0]!.slice(0, 10), lastDate: times[times.length - 1]!.slice(0, 10) };
  const stampFile = join(dir, 'spec.json');
  // The layout is part of the stamp, so that files of an older layout are written again.
  const stamp = JSON.stringify({ layout: 'backtrader-csv', lastDay: LAST_DAY, ...spec });
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) return described;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const barsPerDay = spec.interval === 'daily' ? 1 : 7;
  for (let i = 0; i < spec.symbols; i += 1) writeFileSync(join(dir, `${benchSymbol(i)}.csv`), symbolCsv(i, times, barsPerDay, spec.seed));
  writeFileSync(stampFile, stamp);
  return { ...described, generated: true };
}
