import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Instrument } from '../domain/instrument.js';
import type { Currency } from '../domain/money.js';
import { TERMINAL_ORDER_STATUSES, type BrokerOrder, type OrderIntent, type Side } from '../domain/order.js';
import { BrokerError, type Broker } from './broker.js';

/** What an adapter's test provides to run the contract: a fresh, connected broker per test. */
export interface BrokerContractHarness {
  /** Connected, with enough buying power for one lot of `symbol`. */
  readonly broker: Broker;
  readonly instruments: readonly Instrument[];
  readonly baseCurrency: Currency;
  /** One of `instruments` that trades now, with enough volume for a lot. */
  readonly symbol: string;
  /** Its price now: quotes sit close to it. */
  readonly price: number;
  teardown(): Promise<void>;
}

// Orders of the suite are far from or through the market by this margin, so small moves
// between placing and checking do not change which way they go.
const MARGIN = 0.1;
const AWAIT_MS = 10_000;

function onTick(price: number, tick: number, direction: 'up' | 'down'): number {
  const count = direction === 'up' ? Math.ceil(price / tick - 1e-9) : Math.floor(price / tick + 1e-9);
  return Number((count * tick).toPrecision(12));
}

/**
 * The behaviour every Broker adapter must show. Run it from the adapter's
 * own test file: `describeBrokerContract('paper', async () => harness)`.
 */
export function describeBrokerContract(name: string, makeHarness: () => Promise<BrokerContractHarness>): void {
  describe(`${name} broker contract`, () => {
    let harness: BrokerContractHarness;
    let instrument: Instrument;
    let tagCount = 0;

    beforeEach(async () => {
      harness = await makeHarness();
      const found = harness.instruments.find((candidate) => candidate.symbol === harness.symbol);
      if (!found) throw new Error(`the harness symbol ${harness.symbol} is not among its instruments`);
      instrument = found;
    });

    afterEach(async () => {
      await harness.teardown();
    });

    function order(side: Side, limitPrice: number, quantity = instrument.lotSize): OrderIntent {
      tagCount += 1;
      return { tag: `r-contract-${tagCount}:${instrument.symbol}`, symbol: instrument.symbol, side, quantity, limitPrice, referencePrice: harness.price };
    }

    async function settle(placed: BrokerOrder): Promise<BrokerOrder> {
      const [latest] = await harness.broker.awaitOrders([placed.brokerId], AWAIT_MS);
      return latest!;
    }

    it('reports a positive net liquidation value in its base currency', async () => {
      const account = await harness.broker.account();
      expect(account.baseCurrency).toBe(harness.baseCurrency);
      expect(account.netLiquidation).toBeGreaterThan(0);
      expect(account.accountId).not.toBe('');
    });

    it('quotes every instrument in the order asked, bid at or below ask', async () => {
      const quotes = await harness.broker.quotes(harness.instruments);
      expect(quotes.map((quote) => quote.symbol)).toEqual(harness.instruments.map((i) => i.symbol));
      for (const quote of quotes) {
        expect(quote.bid).toBeGreaterThan(0);
        expect(quote.bid).toBeLessThanOrEqual(quote.ask);
        expect(Number.isFinite(quote.time)).toBe(true);
      }
    });

    it('fills a marketable buy and shows it in executions, with its tag, and in positions', async () => {
      const held = async () => (await harness.broker.account()).positions.find((p) => p.symbol === instrument.symbol)?.quantity ?? 0;
      const before = await held();
      const buy = order('BUY', onTick(harness.price * (1 + MARGIN), instrument.tickSize, 'up'));
      const placed = await harness.broker.placeOrder(buy, instrument);
      expect(placed.tag).toBe(buy.tag);
      const done = await settle(placed);
      expect(done).toMatchObject({ brokerId: placed.brokerId, status: 'filled', filledQuantity: buy.quantity });

      const fills = (await harness.broker.executions(0)).filter((fill) => fill.brokerOrderId === placed.brokerId);
      expect(fills.length).toBeGreaterThan(0);
      expect(fills.every((fill) => fill.tag === buy.tag && fill.side === 'BUY' && fill.symbol === instrument.symbol)).toBe(true);
      expect(fills.reduce((sum, fill) => sum + fill.quantity, 0)).toBeCloseTo(buy.quantity, 9);
      expect(fills.every((fill) => fill.price <= buy.limitPrice)).toBe(true);
      expect(await held()).toBeCloseTo(before + buy.quantity, 9);
    });

    it('keeps a non-marketable order open until it is cancelled', async () => {
      const placed = await harness.broker.placeOrder(order('BUY', onTick(harness.price * (1 - MARGIN), instrument.tickSize, 'down')), instrument);
      expect(TERMINAL_ORDER_STATUSES.has(placed.status)).toBe(false);
      expect((await harness.broker.openOrders()).map((open) => [open.brokerId, open.tag])).toContainEqual([placed.brokerId, placed.tag]);

      await harness.broker.cancelOrder(placed.brokerId);
      expect((await settle(placed)).status).toBe('cancelled');
      expect((await harness.broker.openOrders()).map((open) => open.brokerId)).not.toContain(placed.brokerId);
    });

    it('reports the same executions, with the same ids, every time it is asked', async () => {
      await settle(await harness.broker.placeOrder(order('BUY', onTick(harness.price * (1 + MARGIN), instrument.tickSize, 'up')), instrument));
      const first = await harness.broker.executions(0);
      const second = await harness.broker.executions(0);
      expect(first.length).toBeGreaterThan(0);
      expect(second.map((fill) => fill.execId)).toEqual(first.map((fill) => fill.execId));
      expect(new Set(first.map((fill) => fill.execId)).size).toBe(first.length);
      const latest = first[first.length - 1]!;
      expect((await harness.broker.executions(latest.time)).map((fill) => fill.execId)).toContain(latest.execId);
    });

    it('lists a filled order among its completed orders, with its tag and filled quantity', async () => {
      const buy = order('BUY', onTick(harness.price * (1 + MARGIN), instrument.tickSize, 'up'));
      await settle(await harness.broker.placeOrder(buy, instrument));
      const completed = (await harness.broker.completedOrders()).filter((o) => o.tag === buy.tag);
      expect(completed.map((o) => [o.symbol, o.side, o.status, o.filledQuantity])).toEqual([[instrument.symbol, 'BUY', 'filled', buy.quantity]]);
    });

    it('amends a working order in place: the same id and tag, the new quantity and limit, then fills at its new limit', async () => {
      const far = onTick(harness.price * (1 - MARGIN), instrument.tickSize, 'down');
      const buy = order('BUY', far, instrument.lotSize * 2);
      const placed = await harness.broker.placeOrder(buy, instrument);
      expect(TERMINAL_ORDER_STATUSES.has(placed.status)).toBe(false);

      const lower = onTick(far - instrument.tickSize * 3, instrument.tickSize, 'down');
      const amended = await harness.broker.modifyOrder(placed, { quantity: instrument.lotSize * 3, limitPrice: lower }, instrument);
      expect(amended).toMatchObject({ brokerId: placed.brokerId, tag: buy.tag, quantity: instrument.lotSize * 3, limitPrice: lower, filledQuantity: 0 });
      const open = (await harness.broker.openOrders()).filter((o) => o.tag === buy.tag);
      expect(open.map((o) => [o.brokerId, o.quantity, o.limitPrice])).toEqual([[placed.brokerId, instrument.lotSize * 3, lower]]);

      const through = onTick(harness.price * (1 + MARGIN), instrument.tickSize, 'up');
      await harness.broker.modifyOrder(amended, { quantity: instrument.lotSize * 3, limitPrice: through }, instrument);
      const done = await settle(placed);
      expect(done).toMatchObject({ brokerId: placed.brokerId, tag: buy.tag, status: 'filled', filledQuantity: instrument.lotSize * 3 });
      const fills = (await harness.broker.executions(0)).filter((fill) => fill.brokerOrderId === placed.brokerId);
      expect(fills.every((fill) => fill.tag === buy.tag)).toBe(true);
      expect(fills.reduce((sum, fill) => sum + fill.quantity, 0)).toBeCloseTo(instrument.lotSize * 3, 9);
      expect((await harness.broker.completedOrders()).filter((o) => o.tag === buy.tag)).toHaveLength(1);
    });

    it('refuses to amend a filled order with a rejected BrokerError and leaves it filled', async () => {
      const buy = order('BUY', onTick(harness.price * (1 + MARGIN), instrument.tickSize, 'up'));
      const done = await settle(await harness.broker.placeOrder(buy, instrument));
      expect(done.status).toBe('filled');
      const refused = await harness.broker.modifyOrder(done, { quantity: instrument.lotSize * 2, limitPrice: buy.limitPrice }, instrument).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(refused).toBeInstanceOf(BrokerError);
      expect((refused as BrokerError).kind).toBe('rejected');
      expect(await settle(done)).toMatchObject({ status: 'filled', filledQuantity: buy.quantity });
    });

    it('answers a bad order with a rejected status, not a throw', async () => {
      // Half a tick off the grid, and far below the market should the venue round it instead.
      const offTick = onTick(harness.price * (1 - MARGIN), instrument.tickSize, 'down') + instrument.tickSize / 2;
      const placed = await harness.broker.placeOrder(order('BUY', offTick), instrument);
      const latest = placed.status === 'rejected' ? placed : await settle(placed);
      expect(latest.status).toBe('rejected');
      expect(latest.rejectReason).toBeTruthy();
    });
  });
}
