import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../../data/bar-series.js';
import { InMemoryMarketData } from '../../data/in-memory-market-data.js';
import { actionsOfEach } from '../../data/market-data.js';
import type { CorporateAction } from '../../domain/corporate-action.js';
import type { Instrument } from '../../domain/instrument.js';
import type { CycleDeps } from '../cycle-deps.js';
import { checkedBarsOf } from './checked-history.js';

const T0 = Date.UTC(2025, 0, 6);
const bars = Array.from({ length: 5 }, (_, i) => ({ time: T0 + i * DAY_MS, open: 100, high: 100, low: 100, close: 100, volume: 1000 }));

/** Actions files of which some are broken, each failing after its own delay. */
class BrokenActions extends InMemoryMarketData {
  constructor(private readonly failures: ReadonlyMap<string, number>) {
    super(new Map(['A', 'B', 'C'].map((symbol) => [symbol, bars])));
  }

  override async actions(symbol: string): Promise<readonly CorporateAction[]> {
    const delay = this.failures.get(symbol);
    if (delay === undefined) return [];
    await new Promise((resolve) => setTimeout(resolve, delay));
    throw new Error(`${symbol}.actions.csv is broken`);
  }

  // Read one symbol at a time, as a source of files does.
  override actionsOf(symbols: readonly string[]): Promise<readonly (readonly CorporateAction[])[]> {
    return actionsOfEach(this, symbols);
  }
}

function depsOf(marketData: InMemoryMarketData): CycleDeps {
  return { config: { dataChecks: { maxAgeSessions: 2, splitMinMovePct: 25, splitTolerancePct: 5 } }, marketData, completedSessionOpen: () => undefined } as unknown as CycleDeps;
}

describe('the history a strategy reads', () => {
  it('fails with the first broken actions file in the order of the symbols, not the first to fail', async () => {
    const instruments = new Map<string, Instrument>();
    const barsOf = checkedBarsOf(depsOf(new BrokenActions(new Map([['B', 30], ['C', 0]]))), instruments, 3, T0 + 10 * DAY_MS);
    await expect(barsOf(['A', 'B', 'C'])).rejects.toThrow('B.actions.csv is broken');
  });

  it('reads every window when no file is broken', async () => {
    const barsOf = checkedBarsOf(depsOf(new BrokenActions(new Map())), new Map(), 3, T0 + 10 * DAY_MS);
    const windows = await barsOf(['A', 'B', 'C']);
    expect([...windows.keys()]).toEqual(['A', 'B', 'C']);
    expect(windows.get('B')?.length).toBe(5);
  });
});
