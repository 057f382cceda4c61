import { describe, expect, it } from 'vitest';
import type { BarWindow } from '../../data/bar-series.js';
import { InMemoryMarketData } from '../../data/in-memory-market-data.js';
import type { MarketData } from '../../data/market-data.js';
import { SimulatedClock } from '../../domain/clock.js';
import { BrokerError } from '../broker.js';
import { PaperBroker } from './paper-broker.js';
import { SPY, at, flatBars, paperConfig } from './paper-broker.fixture.js';
import { InMemoryPaperStateStore } from './paper-state.js';

/** Market data in memory whose reads fail while `failing` is set, at once or after a wait. */
class FailingMarketData extends InMemoryMarketData {
  failing = false;
  override barsOfNow(symbols: readonly string[], until: number): ReadonlyMap<string, BarWindow> {
    if (this.failing) throw new Error('columns unreadable');
    return super.barsOfNow(symbols, until);
  }
}

async function brokerOn(data: MarketData, clock: SimulatedClock): Promise<PaperBroker> {
  const broker = new PaperBroker({ config: paperConfig, accountId: 'DU-PAPER', baseCurrency: 'USD', instruments: [SPY], marketData: data, clock, state: new InMemoryPaperStateStore() });
  await broker.connect();
  return broker;
}

describe('paper broker on market data that answers at once', () => {
  it('reads the bars of each new time without a wait, and values the account as the queued read would', async () => {
    const clock = new SimulatedClock(at(1, 6));
    const data = new InMemoryMarketData(new Map([['SPY', flatBars(100, 10_000)]]));
    const broker = await brokerOn(data, clock);
    // The same bars behind a source that only answers after a wait: the broker reads through its queue.
    const asyncOnly: MarketData = {
      bars: (symbol, until) => data.bars(symbol, until),
      barsOf: (symbols, until) => data.barsOf(symbols, until),
      latestBarTime: () => data.latestBarTime(),
      actions: (symbol) => data.actions(symbol),
      actionsOf: (symbols) => data.actionsOf(symbols),
    };
    const queued = await brokerOn(asyncOnly, clock);
    for (const n of [1, 2, 3]) {
      clock.set(at(n, 20));
      expect(await broker.exposure()).toEqual(await queued.exposure());
    }
  });

  it('turns a read that fails at once into the call\'s rejection, naming the market data, not a throw', async () => {
    const clock = new SimulatedClock(at(1, 6));
    const data = new FailingMarketData(new Map([['SPY', flatBars(100, 10_000)]]));
    const broker = await brokerOn(data, clock);
    data.failing = true;
    clock.set(at(2, 20));
    let call: Promise<unknown> | undefined;
    expect(() => (call = broker.exposure())).not.toThrow();
    const error = await call!.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BrokerError);
    expect((error as Error).message).toBe('paper broker: cannot read market data: columns unreadable');
    data.failing = false;
    expect((await broker.exposure()).nlv).toBe(100_000);
  });
});
