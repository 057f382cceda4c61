import { describe, expect, it } from 'vitest';
import { BrokerError } from '../broker.js';
import { SPY, XIU, at, flatBars, intent, paperSetup } from './paper-broker.fixture.js';
import type { PaperState, PaperStateStore } from './paper-state.js';

/** Keeps the state as JSON text, as a database column would: proves the state is plain JSON. */
class JsonTextStore implements PaperStateStore {
  text: string | undefined;
  async load(): Promise<PaperState | undefined> {
    return this.text === undefined ? undefined : (JSON.parse(this.text) as PaperState);
  }
  async save(state: PaperState): Promise<void> {
    this.text = JSON.stringify(state);
  }
}

/** A JSON store whose saves fail while `failing` is set, as a full disk would make them. */
class FailingJsonStore extends JsonTextStore {
  failing = false;
  override async save(state: PaperState): Promise<void> {
    if (this.failing) throw new Error('disk full');
    await super.save(state);
  }
}

const bars = { SPY: flatBars(100, 10_000), XIU: flatBars(30, 100_000), USDCAD: flatBars(1.25, 0) };

describe('paper account', () => {
  it('starts from the configured cash', async () => {
    const { broker } = await paperSetup({ bars, now: at(1, 6), config: { initialCash: { USD: 50_000, CAD: 10_000 } } });
    const account = await broker.account();
    expect(account).toEqual({ accountId: 'DU-PAPER', baseCurrency: 'USD', netLiquidation: 58_000, cash: { USD: 50_000, CAD: 10_000 }, positions: [] });
  });

  it('books a CAD instrument in CAD cash and values it in USD through USDCAD', async () => {
    const { broker } = await paperSetup({ bars, now: at(1, 6) });
    // XIU at 30: ask 30 × 1.0001 = 30.003 → 30.01. Commission max(1, 1,000 × 0.005) = 5.00 CAD.
    expect(await broker.placeOrder(intent('BUY', 'XIU', 1000, 30.1), XIU)).toMatchObject({ status: 'filled' });
    const account = await broker.account();
    expect(account.cash).toEqual({ USD: 100_000, CAD: -30_015 });
    expect(account.positions).toEqual([{ symbol: 'XIU', quantity: 1000, avgCost: 30.01 }]);
    // USDCAD 1.25: 100,000 + (−30,015 + 1,000 × 30) / 1.25 = 99,988.
    expect(account.netLiquidation).toBe(99_988);
    expect((await broker.fxRates('USD', ['CAD'])).rate('CAD')).toBe(0.8);
    expect((await broker.fxRates('CAD', ['USD'])).rate('USD')).toBe(1.25);
  });

  it('needs an FX pair to value a foreign currency', async () => {
    const { broker } = await paperSetup({ bars, now: at(1, 6), instruments: [SPY, XIU], config: { initialCash: { USD: 1000, CAD: 1000 } } });
    const error = await broker.account().catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(BrokerError);
    expect((error as BrokerError).kind).toBe('operational');
    expect((error as BrokerError).message).toMatch(/no FX rate from CAD to USD/);
  });

  it('saves every change, so a new broker on the same store sees the same account', async () => {
    const store = new JsonTextStore();
    const { broker, clock, reopen } = await paperSetup({ bars, now: at(1, 6), store });
    await broker.placeOrder(intent('BUY', 'SPY', 10, 100.05, 'r-1:SPY'), SPY);
    await broker.placeOrder(intent('BUY', 'XIU', 100, 29, 'r-1:XIU'), XIU);
    await broker.placeOrder(intent('SELL', 'SPY', 3, 120, 'r-1:SPY-tp'), SPY);
    await broker.cancelOrder('3');
    clock.set(at(2, 6));
    const before = { account: await broker.account(), open: await broker.openOrders(), fills: await broker.executions(0) };

    // No disconnect: the calls themselves saved.
    const later = reopen();
    await later.connect();
    expect({ account: await later.account(), open: await later.openOrders(), fills: await later.executions(0) }).toEqual(before);
    // Ids and exec ids carry on from the saved counters.
    expect(await later.placeOrder(intent('BUY', 'SPY', 1, 100.05, 'r-2:SPY'), SPY)).toMatchObject({ brokerId: '4', status: 'filled' });
    expect((await later.executions(at(2))).map((fill) => fill.execId)).toEqual([expect.stringMatching(/^paper-[0-9a-f]{10}-4-2$/)]);
    await later.disconnect();
    await expect(later.account()).rejects.toThrow(/not connected/);
  });

  it('saves each of several calls made at once, in the order they were made, and reports a save that fails on the call that needed it', async () => {
    const store = new FailingJsonStore();
    const { broker, reopen } = await paperSetup({ bars, now: at(1, 6), store });
    // Made without waiting for one another, as a run's batch may be: each runs and is saved in turn.
    const placed = await Promise.all([broker.placeOrder(intent('BUY', 'SPY', 10, 100.05, 'r-1:a'), SPY), broker.placeOrder(intent('BUY', 'SPY', 5, 99, 'r-1:b'), SPY), broker.openOrders()]);
    expect(placed.map((result) => ('brokerId' in result ? result.brokerId : result.map((order) => order.brokerId)))).toEqual(['1', '2', ['2']]);
    const later = reopen();
    await later.connect();
    expect((await later.account()).positions).toEqual([{ symbol: 'SPY', quantity: 10, avgCost: 100.01 }]);
    expect((await later.openOrders()).map((order) => order.tag)).toEqual(['r-1:b']);

    store.failing = true;
    await expect(broker.placeOrder(intent('BUY', 'SPY', 1, 100.05, 'r-2:a'), SPY)).rejects.toThrow(/cannot save the paper account: disk full/);
    // Until a save succeeds, every call tries again, so that none reports success over an unsaved account.
    await expect(broker.openOrders()).rejects.toThrow(/cannot save the paper account/);
    store.failing = false;
    expect((await broker.openOrders()).map((order) => order.tag)).toEqual(['r-1:b']);
    await broker.cancelOrder('2');
    const again = reopen();
    await again.connect();
    expect((await again.account()).positions).toMatchObject([{ symbol: 'SPY', quantity: 11 }]);
    expect(await again.openOrders()).toEqual([]);
  });

  it('an account created again (its store lost) never repeats an execution id of the first', async () => {
    const fillsOf = async () => {
      const { broker } = await paperSetup({ bars, now: at(1, 6), store: new JsonTextStore() });
      await broker.placeOrder(intent('BUY', 'SPY', 10, 100.05, 'r-1:SPY'), SPY);
      return (await broker.executions(0)).map((fill) => fill.execId);
    };
    const first = await fillsOf();
    const again = await fillsOf();
    expect(first).toHaveLength(1);
    expect(again).toHaveLength(1);
    expect(again[0]).not.toBe(first[0]);
  });

  it('refuses to run on a stored state it does not understand', async () => {
    const store = new JsonTextStore();
    store.text = JSON.stringify({ version: 99 });
    const error = await paperSetup({ bars, now: at(1, 6), store }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(BrokerError);
    expect((error as BrokerError).message).toMatch(/not a version 1 paper state/);
  });
});
