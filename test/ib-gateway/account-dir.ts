import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openAccount, type OpenAccountOptions } from '../../src/app/open-account.js';
import { runOnce } from '../../src/app/run-once.js';
import { loadConfig } from '../../src/config/load.js';

/** Wednesday 3 January 2024, 15:00 UTC: New York and Toronto are open. */
export const TRADING_TIME = '2024-01-03T15:00:00Z';

/**
 * A folder with an autofolio.yaml for an IB account on the stand-in's port, and one bar per
 * instrument at TRADING_TIME so that `clock: data` puts the run inside trading hours.
 *
 * The stand-in's account holds more CAD than its XIU target costs, so under the default hedge
 * policy every run would also convert CAD. The tests of order handling keep that out of their
 * way with a band of half the NLV; the tests of the hedge (fx-hedge.e2e.test.ts, and
 * cycle.e2e.test.ts for the default policy) pass `fxHedge` themselves, or null for none.
 */
export function ibAccountDir(port: number, extraBroker = '', fxHedge: string | null = '{ bandPct: 50 }', strategy = 'strategy: { kind: fixed, weights: { SPY: 0.2, XIU: 0.1 }, leverage: 1 }'): { dir: string; config: string } {
  const dir = mkdtempSync(join(tmpdir(), 'autofolio-ib-'));
  mkdirSync(join(dir, 'data'));
  for (const [symbol, price] of [['SPY', 100], ['XIU', 30], ['USDCAD', 1.35]] as const) {
    writeFileSync(join(dir, 'data', `${symbol}.csv`), `time,open,high,low,close,volume\n${TRADING_TIME},${price},${price},${price},${price},100000\n`);
  }
  const config = join(dir, 'autofolio.yaml');
  writeFileSync(
    config,
    `account: { id: DU111111, baseCurrency: USD }
clock: data
dataDir: data
stateDir: state
broker: { kind: ib, host: 127.0.0.1, port: ${port}, clientId: 7, account: DU111111, adaptivePriority: Urgent, connectTimeoutSeconds: 5, requestTimeoutSeconds: 5${extraBroker} }
instruments:
  - { symbol: SPY, secType: STK, currency: USD, exchange: XNYS }
  - { symbol: XIU, secType: STK, currency: CAD, exchange: XTSE }
  - { symbol: USDCAD, secType: CASH, currency: CAD, exchange: FX, tickSize: 0.00005 }
${strategy}
planning: { limitOffsetBps: 10, noTradeBandPct: 0.5, minOrderValue: 100, cashBufferPct: 0.5 }
risk: { maxGrossLeverage: 1.5, maxWeight: 0.6, maxOrderValuePct: 60, maxOrders: 20, priceBandBps: 200, maxQuoteAgeMinutes: 90, dailyLossLimitPct: 50 }
execution: { sellWaitSeconds: 5, fillWaitSeconds: 2 }
notify: { to: owner@example.com }
${fxHedge === null ? '' : `fxHedge: ${fxHedge}\n`}`,
  );
  return { dir, config };
}

/** An IB account whose external model asks for two SPY straddles, with the `options:` section given. */
export function spreadAccountDir(port: number, options = '{ maxPremiumPerSpread: 5000, maxPremiumPct: 10 }'): { dir: string; config: string } {
  const external = `strategy: { kind: external }\nforecast: { file: forecast.json, maxAgeMinutes: 120 }\noptions: ${options}`;
  const { dir, config } = ibAccountDir(port, '', '{ bandPct: 50 }', external);
  mkdirSync(join(dir, 'state'), { recursive: true });
  const straddle = { name: 'spy-straddle', kind: 'straddle', underlying: 'SPY', expiry: { minDays: 25 }, strike: 'atm', quantity: 2 };
  writeFileSync(join(dir, 'state', 'forecast.json'), JSON.stringify({ asOf: TRADING_TIME, source: 'my-model', leverage: 1, weights: { SPY: 0, XIU: 0 }, spreads: [straddle] }));
  return { dir, config };
}

/** One trading run of the account of `config`, in this process, as `autofolio run` does it. */
export async function runIn(config: string, options: OpenAccountOptions = {}): ReturnType<typeof runOnce> {
  const account = await openAccount(loadConfig(config), options);
  try {
    return await runOnce(account, { purpose: 'trade', dryRun: false });
  } finally {
    await account.close();
  }
}
