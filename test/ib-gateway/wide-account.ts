import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TRADING_TIME } from './account-dir.js';
import { contract, defaultGatewayState, type GatewayState } from './gateway-state.js';

/**
 * A wide account for the pacing floor (the test and `npm run bench` share it): `count` US
 * stocks that fill in full at the touch, a million dollars in cash and nothing held, and a
 * config that spreads 90 % of it over them in equal weights.
 */
export const wideSymbol = (i: number): string => `W${String(i).padStart(4, '0')}`;

const priceOf = (i: number): number => 20 + (i % 50) * 2;

export function wideGatewayState(count: number): GatewayState {
  const state = defaultGatewayState();
  state.instruments.clear();
  state.positions.clear();
  for (const key of Object.keys(state.cash)) delete state.cash[key];
  state.cash.USD = 1_000_000;
  for (let i = 0; i < count; i++) {
    const symbol = wideSymbol(i);
    const price = priceOf(i);
    state.instruments.set(symbol, { contract: contract(100_000 + i, symbol, 'USD', 'NYSE'), bid: price - 0.01, ask: price + 0.01, last: price, liveData: true, fill: 'full', bars: [] });
  }
  return state;
}

/** A folder with the account's autofolio.yaml on the stand-in's port and one bar per instrument at TRADING_TIME. */
export function wideAccountDir(port: number, count: number, extraBroker = ''): { dir: string; config: string } {
  const dir = mkdtempSync(join(tmpdir(), 'autofolio-wide-'));
  mkdirSync(join(dir, 'data'));
  const weight = 0.9 / count;
  const instruments: string[] = [];
  const weights: string[] = [];
  for (let i = 0; i < count; i++) {
    const symbol = wideSymbol(i);
    const price = priceOf(i);
    writeFileSync(join(dir, 'data', `${symbol}.csv`), `time,open,high,low,close,volume\n${TRADING_TIME},${price},${price},${price},${price},100000\n`);
    instruments.push(`  - { symbol: ${symbol}, secType: STK, currency: USD, exchange: XNYS }`);
    weights.push(`${symbol}: ${weight}`);
  }
  const config = join(dir, 'autofolio.yaml');
  writeFileSync(
    config,
    `account: { id: DU111111, baseCurrency: USD }
clock: data
dataDir: data
stateDir: state
broker: { kind: ib, host: 127.0.0.1, port: ${port}, clientId: 7, account: DU111111, adaptivePriority: Urgent, connectTimeoutSeconds: 5, requestTimeoutSeconds: 60${extraBroker} }
instruments:
${instruments.join('\n')}
strategy: { kind: fixed, weights: { ${weights.join(', ')} }, leverage: 1 }
planning: { limitOffsetBps: 10, noTradeBandPct: 0.05, minOrderValue: 100, cashBufferPct: 0.5 }
risk: { maxGrossLeverage: 1.5, maxWeight: 0.6, maxOrderValuePct: 60, maxOrders: ${count + 10}, priceBandBps: 200, maxQuoteAgeMinutes: 90, dailyLossLimitPct: 50 }
execution: { sellWaitSeconds: 5, fillWaitSeconds: 2 }
notify: { to: owner@example.com }
`,
  );
  return { dir, config };
}
