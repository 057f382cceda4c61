import { describe, expect, it } from 'vitest';
import { getCalendar } from '../calendar/get-calendar.js';
import { parseConfig } from '../config/load.js';
import { CYCLE_STEPS } from '../cycle/cycle-steps.js';
import { runCycle } from '../cycle/run-cycle.js';
import { InMemoryMarketData } from '../data/in-memory-market-data.js';
import { seriesInSessions } from '../data/session-bars.js';
import { columnsFromBars } from '../data/columnar/columnar-bars.js';
import { SimulatedClock } from '../domain/clock.js';
import { createStrategy } from '../strategy/create-strategy.js';
import { backtestAccount } from './backtest-account.js';
import { backtestSettings } from './backtest-setup.js';

const DAY = 86_400_000;
const XNYS = getCalendar('XNYS');

/** Sixty-five daily bars of two symbols from Monday 2024-01-08, a small up-and-down walk. */
function bars(symbol: string, base: number): [string, ReturnType<typeof seriesInSessions>] {
  const sessions = XNYS.sessions('2024-01-08', '2024-06-30').slice(0, 65);
  const list = sessions.map((s, i) => {
    const close = base * (1 + 0.01 * Math.sin(i + base));
    return { time: Date.parse(`${s.date}T00:00:00Z`), open: close * 0.999, high: close * 1.01, low: close * 0.99, close, volume: 1_000_000 };
  });
  return [symbol, seriesInSessions(columnsFromBars(list), XNYS)];
}

const config = parseConfig(
  `account: { id: BT-1, baseCurrency: USD }
broker: { kind: paper, initialCash: { USD: 100000 }, spreadBps: 0, maxVolumeShare: 1 }
instruments:
  - { symbol: AAA, currency: USD, exchange: XNYS }
  - { symbol: BBB, currency: USD, exchange: XNYS }
strategy: { kind: inverse-vol, lookbackDays: 20, grossExposure: 0.9 }
risk: { maxGrossLeverage: 2, maxWeight: 1, maxOrderValuePct: 100, maxOrders: 100, dailyLossLimitPct: 100, priceBandBps: 5000 }
backtest: { conventions: backtrader }
`,
  '/backtests/a/autofolio.yaml',
);

describe('a backtest account', () => {
  it('needs no notify section, and runs the cycle with every declared step journaled once, in order', async () => {
    const settings = backtestSettings(config);
    const marketData = new InMemoryMarketData(new Map([bars('AAA', 50), bars('BBB', 80)]));
    const lastClose = (await marketData.bars('AAA', Number.POSITIVE_INFINITY)).end(40);
    const clock = new SimulatedClock(lastClose);
    const account = backtestAccount(settings, { strategy: createStrategy(config.strategy)!, marketData, clock, calendarOf: () => XNYS, mainCalendar: XNYS });
    const result = await runCycle(account.deps, { purpose: 'trade', dryRun: false }, 'r-test');
    expect(result.problems).toEqual([]);
    expect(result.ordersSent).toBe(2);
    const journal = await account.journal.steps('r-test');
    expect(journal.map((e) => e.step)).toEqual(CYCLE_STEPS.map((s) => s.name));
    // The backtest keeps no ledger, and a trade run does no end-of-day commit.
    expect(journal.filter((e) => e.outcome === 'skipped').map((e) => [e.step, e.error])).toEqual([
      ['reconcile', 'no ledger'],
      ['end-of-day', 'runs after the close'],
    ]);
    // Decided at a close, the market orders wait for the next session's open.
    expect(account.state.fills).toEqual([]);
    clock.set(lastClose + DAY);
    await account.broker.connect();
    expect((await account.broker.executions(0)).map((f) => [f.symbol, f.time])).toEqual([
      ['AAA', (await marketData.bars('AAA', Number.POSITIVE_INFINITY)).time(41)],
      ['BBB', (await marketData.bars('BBB', Number.POSITIVE_INFINITY)).time(41)],
    ]);
  });
});
