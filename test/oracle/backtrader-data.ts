import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mulberry32, normalSource } from '../../src/data/sample/prng.js';

const DAY = 86_400_000;

/** Monday–Friday dates from 2015-01-05, US holidays included, as backtrader's sample files have them. */
function weekdays(count: number): string[] {
  const days: string[] = [];
  for (let t = Date.UTC(2015, 0, 5); days.length < count; t += DAY) {
    const weekday = new Date(t).getUTCDay();
    if (weekday !== 0 && weekday !== 6) days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}

/** Random walks in backtrader's CSV layout, with gaps at the open and high/low around the body. */
export function writeData(dir: string, symbols: readonly string[], bars: number, seed: number): void {
  const days = weekdays(bars);
  const uniform = mulberry32(seed);
  const normal = normalSource(uniform);
  for (const symbol of symbols) {
    const vol = (0.15 + 0.3 * uniform()) / Math.sqrt(252);
    let price = 20 + 200 * uniform();
    const rows = ['Date,Open,High,Low,Close,Volume,OpenInterest'];
    for (const day of days) {
      const open = Math.max(1, Math.round(price * Math.exp(0.3 * vol * normal()) * 100) / 100);
      const close = Math.max(1, Math.round(open * Math.exp(0.0002 + 0.95 * vol * normal()) * 100) / 100);
      const high = Math.ceil(Math.max(open, close) * 1.004 * 100) / 100;
      const low = Math.floor(Math.min(open, close) * 0.996 * 100) / 100;
      rows.push(`${day},${open.toFixed(2)},${high.toFixed(2)},${low.toFixed(2)},${close.toFixed(2)},${Math.round(100_000 + 5_000_000 * uniform())},0`);
      price = close;
    }
    writeFileSync(join(dir, `${symbol}.csv`), `${rows.join('\n')}\n`);
  }
}

/** The issue's config, word for word but for the data folder and the instruments. */
export function issueConfig(dataDir: string, symbols: readonly string[]): string {
  return `account: { id: BT-1, baseCurrency: USD }
clock: data
dataDir: ${dataDir}
stateDir: state
broker: { kind: paper, initialCash: { USD: 1000000 }, spreadBps: 0, maxVolumeShare: 1 }
instruments:
${symbols.map((s) => `  - { symbol: ${s}, currency: USD, exchange: XNYS }`).join('\n')}
strategy: { kind: inverse-vol, lookbackDays: 60, grossExposure: 0.98 }
risk: { maxGrossLeverage: 2, maxWeight: 1, maxOrderValuePct: 100, maxOrders: 10000, dailyLossLimitPct: 100, priceBandBps: 5000 }
notify: { to: owner@example.com, from: autofolio@localhost }
backtest: { conventions: backtrader, commission: { model: fraction, rate: 0.0005 } }
`;
}

/** A folder with `count` symbols' files and the issue's config: returns the config file. */
export function backtraderAccount(dir: string, count: number, bars: number, seed: number): { configFile: string; dataDir: string; symbols: string[] } {
  const symbols = Array.from({ length: count }, (_, i) => `S${String(i).padStart(3, '0')}`);
  const dataDir = join(dir, 'data');
  mkdirSync(dataDir, { recursive: true });
  writeData(dataDir, symbols, bars, seed);
  const configFile = join(dir, 'autofolio.yaml');
  writeFileSync(configFile, issueConfig('data', symbols));
  return { configFile, dataDir, symbols };
}
