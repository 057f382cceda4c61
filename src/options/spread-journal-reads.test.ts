import { describe, expect, it } from 'vitest';
import { backtestAccount } from '../backtest/backtest-account.js';
import { backtestSettings } from '../backtest/backtest-setup.js';
import { getCalendar } from '../calendar/get-calendar.js';
import { parseConfig } from '../config/load.js';
import type { Journal } from '../cycle/journal.js';
import { runCycle } from '../cycle/run-cycle.js';
import { columnsFromBars } from '../data/columnar/columnar-bars.js';
import { InMemoryMarketData } from '../data/in-memory-market-data.js';
import { seriesInSessions } from '../data/session-bars.js';
import { SimulatedClock } from '../domain/clock.js';
import type { Fill } from '../domain/order.js';
import { createStrategy } from '../strategy/create-strategy.js';

const XNYS = getCalendar('XNYS');
const SESSIONS = XNYS.sessions('2024-01-08', '2024-06-30').slice(0, 40);

const config = parseConfig(
  `account: { id: BT-1, baseCurrency: USD }
broker: { kind: paper, initialCash: { USD: 1000000 }, spreadBps: 0, maxVolumeShare: 1 }
instruments:
  - { symbol: AAA, currency: USD, exchange: XNYS }
strategy:
  kind: fixed
  weights: { AAA: 0.2 }
  spreads: [ { name: aaa-straddle, kind: straddle, underlying: AAA, expiry: { minDays: 60 }, strike: atm, quantity: 1 } ]
forecast: { file: forecast.json }
options: { maxPremiumPerSpread: 100000, maxPremiumPct: 50 }
risk: { maxGrossLeverage: 2, maxWeight: 1, maxOrderValuePct: 100, maxOrders: 100, dailyLossLimitPct: 100, priceBandBps: 5000 }
`,
  '/backtests/spreads/autofolio.yaml',
);

/** The journal, with every fill its fillsBetween handed out kept, by the clock's time of the read. */
function readsCounted(journal: Journal, now: () => number): { journal: Journal; reads: { at: number; fills: Fill[] }[] } {
  const reads: { at: number; fills: Fill[] }[] = [];
  const counted = new Proxy(journal, {
    get(target, property) {
      if (property === 'fillsBetween') {
        return async (from: number, to: number) => {
          const fills = await target.fillsBetween(from, to);
          reads.push({ at: now(), fills });
          return fills;
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { journal: counted, reads };
}

describe('finding the spreads held', () => {
  it('reads no fill of an earlier day: the journal keeps each spread\'s legs, so a run costs O(spreads held), not O(fills recorded)', async () => {
    const bars = SESSIONS.map((s, i) => {
      const close = 100 * (1 + 0.01 * Math.sin(i));
      return { time: Date.parse(`${s.date}T00:00:00Z`), open: close, high: close * 1.01, low: close * 0.99, close, volume: 1_000_000 };
    });
    const marketData = new InMemoryMarketData(new Map([['AAA', seriesInSessions(columnsFromBars(bars), XNYS)]]));
    const clock = new SimulatedClock(Date.parse(`${SESSIONS[0]!.date}T00:00:00Z`));
    const account = backtestAccount(backtestSettings(config), { strategy: createStrategy(config.strategy)!, marketData, clock, calendarOf: () => XNYS, mainCalendar: XNYS });
    const { journal, reads } = readsCounted(account.journal, () => clock.now());
    const deps = { ...account.deps, journal };
    const sent: number[] = [];
    // A run five minutes after each open of sessions 1 to 10, as a daily backtest runs: the straddle opens in the first and is held after.
    for (const session of SESSIONS.slice(1, 11)) {
      clock.set(XNYS.session(session.date)!.open + 5 * 60_000);
      const result = await runCycle(deps, { purpose: 'trade', dryRun: false }, `r-${session.date.replaceAll('-', '')}-0000`);
      expect(result.problems).toEqual([]);
      sent.push(result.ordersSent);
    }
    expect(sent[0]).toBe(2);
    expect(sent.slice(1).every((n) => n === 0)).toBe(true);
    const legs = await account.journal.spreadLegs();
    expect(legs.map((l) => [l.name, l.runId, l.symbols.length])).toEqual([['aaa-straddle', 'r-20240109-0000', 2]]);
    const opened = Math.min(...(await account.journal.fillsBetween(0, Number.POSITIVE_INFINITY)).map((f) => f.time));
    // Every run after the first day held the straddle, and none read the fills that opened it.
    const later = reads.filter((r) => r.at > XNYS.session(SESSIONS[1]!.date)!.close);
    expect(later.flatMap((r) => r.fills).filter((f) => f.time <= opened)).toEqual([]);
  });
});
