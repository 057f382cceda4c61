import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initAccountFolder } from '../cli/init-command.js';
import { loadConfig, type LoadedConfig } from '../config/load.js';
import { backtestMetrics } from './backtest-report.js';
import { runConfigBacktest } from './run-config-backtest.js';

// Thirty sessions of NYSE without a holiday; the 4-for-1 split and the dividend of 0.80 per
// (new) share take effect on the sessions below.
const DATES = ['01', '02', '03', '04', '05', '08', '09', '10', '11', '12', '15', '16', '17', '18', '19', '22', '23', '24', '25', '26'].map((d) => `2024-04-${d}`).concat(['29', '30'].map((d) => `2024-04-${d}`), ['01', '02', '03', '06', '07', '08', '09', '10'].map((d) => `2024-05-${d}`));
const SPLIT_DATE = '2024-04-17';
const DIVIDEND_DATE = '2024-04-29';
const RATIO = 4;
const DIVIDEND = 0.8;
const WITHHOLDING_PCT = 15;

const cents = (x: number): number => Math.round(x * 100) / 100;

/** Raw closes as an unadjusted source gives them: per old share before the split, per new share after, less the dividend from its ex-date. */
const RAW_CLOSES = DATES.map((date, i) => {
  const perOldShare = 400 * (1 + 0.03 * Math.sin(i / 2)) + 2 * i;
  const perShare = date >= SPLIT_DATE ? perOldShare / RATIO : perOldShare;
  return cents(date >= DIVIDEND_DATE ? perShare - DIVIDEND : perShare);
});

function writeData(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const rows = DATES.map((date, i) => {
    const close = RAW_CLOSES[i]!;
    return [date, cents(close * 0.998), cents(close * 1.01), cents(close * 0.99), close, 10_000_000].join(',');
  });
  writeFileSync(join(dir, 'ABC.csv'), ['Date,Open,High,Low,Close,Volume', ...rows].join('\n') + '\n');
  writeFileSync(join(dir, 'ABC.actions.csv'), `Date,Action,Value\n${SPLIT_DATE},split,${RATIO}\n${DIVIDEND_DATE},dividend,${DIVIDEND}\n`);
}

describe('a backtest over a split and a dividend', () => {
  let dir: string;
  let config: LoadedConfig;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'autofolio-bt-actions-'));
    const base = loadConfig(await initAccountFolder(join(dir, 'account')));
    writeData(join(dir, 'data'));
    const broker = { ...base.broker, kind: 'paper' as const, initialCash: { USD: 100_000 }, spreadBps: 0, dividendWithholdingPct: WITHHOLDING_PCT };
    config = Object.freeze({
      ...base,
      instruments: [{ symbol: 'ABC', secType: 'STK', currency: 'USD', exchange: 'XNYS', lotSize: 1, tickSize: 0.01, multiplier: 1 }],
      strategy: { kind: 'fixed', weights: { ABC: 1 }, leverage: 1 },
      broker,
      // One buy, then nothing: the dividend's cash stays far inside the no-trade band, so the account is a buy-and-hold.
      planning: { ...base.planning, noTradeBandPct: 50 },
      risk: { ...base.risk, maxWeight: 1, maxOrderValuePct: 100 },
      backtest: { conventions: 'autofolio', schedule: 'bars', fillModel: 'next-open-market', commission: { model: 'fraction', rate: 0 }, prices: 'total-return' },
      analytics: { ...base.analytics, benchmark: undefined },
    }) as unknown as LoadedConfig;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives the TWR of the hand-worked total-return series: the shares bought, multiplied by the split, and the dividend net of withholding in cash', async () => {
    const result = await runConfigBacktest({ config, dataDir: join(dir, 'data'), rebalance: { kind: 'daily' } });
    expect(result.problems).toEqual([]);
    expect(result.fills).toHaveLength(1);
    const buy = result.fills[0]!;
    expect(buy.commission).toBe(0);
    const buyDate = new Date(buy.time).toISOString().slice(0, 10);
    expect(buyDate < SPLIT_DATE).toBe(true);

    // Worked from the raw closes and the two actions alone.
    const cashAfterBuy = 100_000 - buy.quantity * buy.price;
    const dividendCash = Math.round(buy.quantity * RATIO * DIVIDEND * 100 * (1 - WITHHOLDING_PCT / 100)) / 100;
    const byDate = new Map(DATES.map((date, i) => [date, RAW_CLOSES[i]!]));
    const worked = result.equity.map((point) => {
      const date = new Date(point.time).toISOString().slice(0, 10);
      if (point.time < buy.time) return 100_000;
      const shares = date >= SPLIT_DATE ? buy.quantity * RATIO : buy.quantity;
      return cashAfterBuy + (date >= DIVIDEND_DATE ? dividendCash : 0) + shares * byDate.get(date)!;
    });
    expect(result.equity).toHaveLength(DATES.length);
    result.equity.forEach((point, i) => expect(point.equity, new Date(point.time).toISOString()).toBeCloseTo(worked[i]!, 6));
    expect(backtestMetrics(result).twr).toBeCloseTo(worked.at(-1)! / 100_000 - 1, 10);
    // No crash at the split: the account's value moves by the day's price change alone.
    const splitAt = DATES.indexOf(SPLIT_DATE);
    expect(result.equity[splitAt]!.equity / result.equity[splitAt - 1]!.equity).toBeGreaterThan(0.95);
  });

  it('on raw prices (backtest.prices: raw) a split the actions file records does not stop a strategy that reads history', async () => {
    const inverseVol = { ...config, strategy: { kind: 'inverse-vol', lookbackDays: 5, grossExposure: 1, leverage: 1 } };
    for (const prices of ['raw', 'total-return']) {
      const result = await runConfigBacktest({ config: Object.freeze({ ...inverseVol, backtest: { ...config.backtest, prices } }) as LoadedConfig, dataDir: join(dir, 'data'), rebalance: { kind: 'daily' } });
      expect(result.problems, prices).toEqual([]);
      expect(result.fills.length, prices).toBeGreaterThan(0);
    }
  });

  it('feeds the strategy adjusted history: a volatility target sizes the position as on data that never split', async () => {
    // The same shares in prices per new share throughout, and no dividend: what the split-adjusted series is.
    const unsplit = join(dir, 'unsplit');
    mkdirSync(unsplit, { recursive: true });
    const splitOnly = join(dir, 'split-only');
    mkdirSync(splitOnly, { recursive: true });
    const perNewShare = DATES.map((date, i) => cents((400 * (1 + 0.03 * Math.sin(i / 2)) + 2 * i) / (date >= SPLIT_DATE ? RATIO : 1)));
    const rows = (values: readonly number[]): string => ['Date,Open,High,Low,Close,Volume', ...DATES.map((date, i) => [date, values[i], values[i], values[i], values[i], 10_000_000].join(','))].join('\n') + '\n';
    writeFileSync(join(unsplit, 'ABC.csv'), rows(perNewShare.map((p, i) => (DATES[i]! >= SPLIT_DATE ? p : cents(p / RATIO)))));
    writeFileSync(join(splitOnly, 'ABC.csv'), rows(perNewShare));
    writeFileSync(join(splitOnly, 'ABC.actions.csv'), `Date,Action,Value\n${SPLIT_DATE},split,${RATIO}\n`);
    const volTargeted = Object.freeze({ ...config, strategy: { kind: 'inverse-vol', lookbackDays: 5, grossExposure: 1, leverage: 1, volTarget: { target: 0.05, lookbackDays: 5, maxLeverage: 1 } } }) as LoadedConfig;
    const leverage = async (dataDir: string, prices: string): Promise<number[]> => {
      const result = await runConfigBacktest({ config: Object.freeze({ ...volTargeted, backtest: { ...config.backtest, prices } }) as LoadedConfig, dataDir, rebalance: { kind: 'daily' } });
      expect(result.problems).toEqual([]);
      return result.weights.map((w) => w.weights.ABC ?? 0);
    };
    const expected = await leverage(unsplit, 'total-return');
    const adjusted = await leverage(splitOnly, 'total-return');
    expect(adjusted).toHaveLength(expected.length);
    adjusted.forEach((weight, i) => expect(weight).toBeCloseTo(expected[i]!, 2));
    // On raw prices the split is a crash of three quarters: the volatility target cuts the position.
    const raw = await leverage(splitOnly, 'raw');
    expect(Math.min(...raw.filter((w) => w > 0))).toBeLessThan(Math.min(...expected.filter((w) => w > 0)) / 2);
  });
});
