import { describe, expect, it } from 'vitest';
import { BrokerError, OrderNotTransmittedError } from '../../brokers/broker.js';
import { at, flatBars, intent, paperSetup, SPY, XIU } from '../../brokers/paper/paper-broker.fixture.js';
import { MemoryJournal } from '../../store/memory-journal.js';
import type { KillSwitchReading } from '../read-kill-switch.js';
import { HaltedMidRunError, SendOrdersError, sendOrders } from './send-orders.js';

const INSTRUMENTS = new Map([SPY, XIU].map((i) => [i.symbol, i]));

describe('sendOrders and the kill switch (paper broker)', () => {
  it('reads the kill switch before every order: a halt after the first buy sends no other, and cancels the working one', async () => {
    const { broker, clock } = await paperSetup({ bars: { SPY: flatBars(100, 1e6), XIU: flatBars(30, 1e6) }, now: at(4, 15) });
    // Limits under the market: the buys rest, so there is a working order for the halt to cancel.
    const orders = [intent('BUY', 'SPY', 10, 90), intent('BUY', 'XIU', 10, 25), intent('BUY', 'SPY', 5, 91, 'r-test:SPY2')];
    let placed = 0;
    const inner = broker.placeOrder.bind(broker);
    broker.placeOrder = async (order, instrument) => {
      placed++;
      return inner(order, instrument);
    };
    // The owner halts once the first order is out.
    const killSwitch = async (): Promise<KillSwitchReading> => (placed >= 1 ? { halted: true, reason: 'halted: test (command)' } : { halted: false });

    const error = await sendOrders(broker, new MemoryJournal(), clock, orders, INSTRUMENTS, { sellWaitMs: 0, killSwitch }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(HaltedMidRunError);
    const halted = error as HaltedMidRunError;
    expect(placed).toBe(1);
    expect(halted.result.sent.map((o) => o.tag)).toEqual(['r-test:SPY']);
    expect(halted.result.notSent.map((o) => o.tag)).toEqual(['r-test:XIU', 'r-test:SPY2']);
    expect(halted.message).toBe('halted: test (command) while the run was sending: stopped; sent before the halt: BUY 10 SPY (r-test:SPY); cancelled 1 working order (r-test:SPY); not sent: BUY 10 XIU (r-test:XIU), BUY 5 SPY (r-test:SPY2)');
    expect(await broker.openOrders()).toEqual([]);
  });

  it('sends every order when the kill switch stays off', async () => {
    const { broker, clock } = await paperSetup({ bars: { SPY: flatBars(100, 1e6), XIU: flatBars(30, 1e6) }, now: at(4, 15) });
    const orders = [intent('BUY', 'SPY', 1, 90), intent('BUY', 'SPY', 2, 90, 'r-test:SPY2')];
    let reads = 0;
    const result = await sendOrders(broker, new MemoryJournal(), clock, orders, INSTRUMENTS, { sellWaitMs: 0, killSwitch: async () => (reads++, { halted: false }) });
    expect(result.sent.map((o) => o.tag)).toEqual(['r-test:SPY', 'r-test:SPY2']);
    expect(reads).toBeGreaterThanOrEqual(2);
  });
});

describe('sendOrders when placing an order fails', () => {
  const cases = [
    { failure: new BrokerError('connectivity between the client and the broker is lost', 'operational', 1100), unknown: ['r-test:XIU'], notSent: ['r-test:SPY2'] },
    { failure: new OrderNotTransmittedError(new BrokerError('not connected to IB Gateway: connect first', 'temporary', 'not-connected')), unknown: [], notSent: ['r-test:XIU', 'r-test:SPY2'] },
  ];
  it.each(cases)('after the request may have left, the order is "sent, outcome unknown"; only one that never left is "not sent" ($failure.name)', async ({ failure, unknown, notSent }) => {
    const { broker, clock } = await paperSetup({ bars: { SPY: flatBars(100, 1e6), XIU: flatBars(30, 1e6) }, now: at(4, 15) });
    const inner = broker.placeOrder.bind(broker);
    broker.placeOrder = async (order, instrument) => (order.symbol === 'XIU' ? Promise.reject(failure) : inner(order, instrument));
    const orders = [intent('BUY', 'SPY', 1, 90), intent('BUY', 'XIU', 10, 25), intent('BUY', 'SPY', 2, 90, 'r-test:SPY2')];
    const error = await sendOrders(broker, new MemoryJournal(), clock, orders, INSTRUMENTS, { sellWaitMs: 0, killSwitch: async () => ({ halted: false }) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SendOrdersError);
    const { result } = error as SendOrdersError;
    expect(result.sent.map((o) => o.tag)).toEqual(['r-test:SPY']);
    expect(result.unknown.map((o) => o.tag)).toEqual(unknown);
    expect(result.notSent.map((o) => o.tag)).toEqual(notSent);
  });
});

describe('sendOrders, order by order', () => {
  // Crash safety: whatever the broker answers, an order's state is in the journal before the
  // next order's kill switch is read and before it goes out.
  it('records each order before it reads the kill switch for the next and sends it', async () => {
    const { broker, clock } = await paperSetup({ bars: { SPY: flatBars(100, 1e6), XIU: flatBars(30, 1e6) }, now: at(4, 15) });
    const orders = [intent('SELL', 'SPY', 1, 110, 'r-test:SPY-sell'), intent('BUY', 'SPY', 1, 90), intent('BUY', 'SPY', 3, 89, 'r-test:SPY3'), intent('BUY', 'SPY', 2, 90, 'r-test:SPY2')];
    const journal = new MemoryJournal();
    const events: string[] = [];
    const record = journal.record.bind(journal);
    journal.record = (changes) => {
      for (const state of changes.orderStates ?? []) if (state.sentAt !== undefined) events.push(`record ${state.order.tag}`);
      return record(changes);
    };
    const inner = broker.placeOrder.bind(broker);
    broker.placeOrder = (order, instrument) => {
      events.push(`place ${order.tag}`);
      return inner(order, instrument);
    };
    const killSwitch = (): Promise<KillSwitchReading> => {
      events.push('read');
      return Promise.resolve({ halted: false });
    };
    const result = await sendOrders(broker, journal, clock, orders, INSTRUMENTS, { sellWaitMs: 0, killSwitch, runId: 'r-test' });
    const tags = ['r-test:SPY-sell', 'r-test:SPY', 'r-test:SPY3', 'r-test:SPY2'];
    expect(result.sent.map((o) => o.tag)).toEqual(tags);
    // The wait for the sells reads the kill switch on its own schedule: only the reads in turn with the orders are compared.
    expect(events.filter((e, i) => e !== 'read' || events[i + 1]?.startsWith('place'))).toEqual(tags.flatMap((tag) => ['read', `place ${tag}`, `record ${tag}`]));
    expect((await journal.orderVersions()).map((v) => v.tag)).toEqual(tags);
  });

  it('stops when the kill switch cannot be read, with what went out before', async () => {
    const { broker, clock } = await paperSetup({ bars: { SPY: flatBars(100, 1e6), XIU: flatBars(30, 1e6) }, now: at(4, 15) });
    const orders = [intent('BUY', 'SPY', 1, 90), intent('BUY', 'XIU', 10, 25)];
    let reads = 0;
    const killSwitch = (): Promise<KillSwitchReading> => (++reads === 2 ? Promise.reject(new Error('disk gone')) : Promise.resolve({ halted: false }));
    const error = await sendOrders(broker, new MemoryJournal(), clock, orders, INSTRUMENTS, { sellWaitMs: 0, killSwitch }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SendOrdersError);
    expect((error as SendOrdersError).message).toBe('reading the kill switch failed, so sending stopped: disk gone');
    expect((error as SendOrdersError).result.sent.map((o) => o.tag)).toEqual(['r-test:SPY']);
    expect((error as SendOrdersError).result.notSent.map((o) => o.tag)).toEqual(['r-test:XIU']);
  });

  it('stops when a kill switch reading throws at once, as when it rejects', async () => {
    const { broker, clock } = await paperSetup({ bars: { SPY: flatBars(100, 1e6), XIU: flatBars(30, 1e6) }, now: at(4, 15) });
    const killSwitch = (): Promise<KillSwitchReading> => {
      throw new Error('no state folder');
    };
    const error = await sendOrders(broker, new MemoryJournal(), clock, [intent('BUY', 'SPY', 1, 90)], INSTRUMENTS, { sellWaitMs: 0, killSwitch }).catch((e: unknown) => e);
    expect((error as SendOrdersError).message).toBe('reading the kill switch failed, so sending stopped: no state folder');
    expect((error as SendOrdersError).result.notSent.map((o) => o.tag)).toEqual(['r-test:SPY']);
  });

  it('stops when an order that went out cannot be recorded, naming its broker id', async () => {
    const { broker, clock } = await paperSetup({ bars: { SPY: flatBars(100, 1e6), XIU: flatBars(30, 1e6) }, now: at(4, 15) });
    const journal = new MemoryJournal();
    journal.record = () => Promise.reject(new Error('database is locked'));
    const orders = [intent('BUY', 'SPY', 1, 90), intent('BUY', 'XIU', 10, 25)];
    const error = await sendOrders(broker, journal, clock, orders, INSTRUMENTS, { sellWaitMs: 0, killSwitch: async () => ({ halted: false }), runId: 'r-test' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SendOrdersError);
    const { message, result } = error as SendOrdersError;
    expect(message).toBe(`r-test:SPY was sent (broker id ${result.sent[0]!.brokerId}) but recording it failed: database is locked`);
    expect(result.notSent.map((o) => o.tag)).toEqual(['r-test:XIU']);
  });

  it('names an order whose symbol is not configured, and sends nothing after it', async () => {
    const { broker, clock } = await paperSetup({ bars: { SPY: flatBars(100, 1e6), XIU: flatBars(30, 1e6) }, now: at(4, 15) });
    const orders = [intent('BUY', 'SPY', 1, 90), { ...intent('BUY', 'SPY', 1, 90, 'r-test:QQQ'), symbol: 'QQQ' }, intent('BUY', 'XIU', 10, 25)];
    const error = await sendOrders(broker, new MemoryJournal(), clock, orders, INSTRUMENTS, { sellWaitMs: 0, killSwitch: async () => ({ halted: false }) }).catch((e: unknown) => e);
    expect((error as SendOrdersError).message).toBe('no instrument for QQQ in the config, so r-test:QQQ was not sent');
    expect((error as SendOrdersError).result.notSent.map((o) => o.tag)).toEqual(['r-test:QQQ', 'r-test:XIU']);
  });
});

describe('sendOrders halted while waiting for the sells (paper broker)', () => {
  it('cancels only the orders still working: a sell that filled is left alone, and no buy is sent', async () => {
    const { broker, clock } = await paperSetup({ bars: { SPY: flatBars(100, 1e6), XIU: flatBars(30, 1e6) }, now: at(4, 15) });
    // One sell crosses and fills at once, the other rests under the market.
    await broker.placeOrder(intent('BUY', 'SPY', 20, 101, 'r-seed:SPY'), SPY);
    const orders = [intent('SELL', 'SPY', 5, 99), intent('SELL', 'SPY', 5, 120, 'r-test:SPY2'), intent('BUY', 'XIU', 10, 25)];
    let reads = 0;
    // Off before each sell; set by the time the run waits for them.
    const killSwitch = async (): Promise<KillSwitchReading> => (++reads > 2 ? { halted: true, reason: 'halted by the file HALT' } : { halted: false });
    const error = await sendOrders(broker, new MemoryJournal(), clock, orders, INSTRUMENTS, { sellWaitMs: 60_000, killSwitch, haltPollMs: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HaltedMidRunError);
    const { result, message } = error as HaltedMidRunError;
    expect(result.sent.map((o) => o.tag)).toEqual(['r-test:SPY', 'r-test:SPY2']);
    expect(result.notSent.map((o) => o.tag)).toEqual(['r-test:XIU']);
    expect(message).toContain('cancelled 1 working order (r-test:SPY2)');
    expect(await broker.openOrders()).toEqual([]);
  });
});
