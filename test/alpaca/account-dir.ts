import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AlpacaBook } from './stand-in-book.js';

/** Wednesday 3 January 2024, 15:00 UTC: New York is open. */
export const TRADING_TIME = '2024-01-03T15:00:00Z';

/**
 * The stand-in's book for a run on the data clock: its time starts at TRADING_TIME and runs on
 * from there, so that quotes and fills are as fresh as the run expects. 600 SPY at 100 and
 * 100 000 USD (NLV 160 000): the 20 % SPY target sells 280, the 10 % IWM target buys 320.
 */
export function runBook(): AlpacaBook {
  const started = Date.now();
  const book = new AlpacaBook({ cash: 100_000, quotes: { SPY: { bid: 99.95, ask: 100.05 }, IWM: { bid: 49.98, ask: 50.02 } }, now: () => Date.parse(TRADING_TIME) + (Date.now() - started) });
  book.positions.set('SPY', { qty: 600, avgEntryPrice: 95 });
  return book;
}

/**
 * A folder with an autofolio.yaml for an Alpaca paper account on the stand-in at `url` (the broker
 * line as the README shows it, plus the two addresses), and one bar per instrument at
 * TRADING_TIME so that `clock: data` puts the run inside trading hours.
 */
export function alpacaAccountDir(url: string): { dir: string; config: string } {
  const dir = mkdtempSync(join(tmpdir(), 'autofolio-alpaca-'));
  mkdirSync(join(dir, 'data'));
  for (const [symbol, price] of [['SPY', 100], ['IWM', 50]] as const) {
    writeFileSync(join(dir, 'data', `${symbol}.csv`), `time,open,high,low,close,volume\n${TRADING_TIME},${price},${price},${price},${price},100000\n`);
  }
  const config = join(dir, 'autofolio.yaml');
  writeFileSync(
    config,
    `account: { id: PA1STANDIN00, baseCurrency: USD }
clock: data
dataDir: data
stateDir: state
broker: { kind: alpaca, paper: true, keyIdEnv: ALPACA_KEY_ID, secretKeyEnv: ALPACA_SECRET_KEY, baseUrl: "${url}", dataUrl: "${url}" }
instruments:
  - { symbol: SPY, currency: USD, exchange: XNYS }
  - { symbol: IWM, currency: USD, exchange: XNYS }
strategy: { kind: fixed, weights: { SPY: 0.2, IWM: 0.1 }, leverage: 1 }
planning: { limitOffsetBps: 10, noTradeBandPct: 0.5, minOrderValue: 100, cashBufferPct: 0.5 }
risk: { maxGrossLeverage: 1.5, maxWeight: 0.6, maxOrderValuePct: 60, maxOrders: 20, priceBandBps: 200, maxQuoteAgeMinutes: 90, dailyLossLimitPct: 50 }
execution: { sellWaitSeconds: 5, fillWaitSeconds: 2 }
notify: { to: owner@example.com }
`,
  );
  return { dir, config };
}
