import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { journalContract } from '../cycle/journal.contract.js';
import { MemoryJournal } from './memory-journal.js';
import type { Changes } from '../cycle/journal.js';
import { sampleSnapshot } from '../notify/test-fixtures.js';

journalContract('in memory, as backtests keep it', async () => ({ journal: new MemoryJournal(), close: async () => undefined }));

describe('MemoryJournal reference prices', () => {
  // The plans' prices are indexed only when read: whatever the reads in between, a tag keeps the
  // price of the first plan that recorded it, as when each plan was indexed at once.
  it('answers the first price recorded for each tag, whenever it is read', async () => {
    const plan = fc.array(fc.record({ symbol: fc.constantFrom('A', 'B', 'C', 'D'), run: fc.constantFrom('r-1', 'r-2'), price: fc.integer({ min: 1, max: 1000 }) }), { maxLength: 6 });
    await fc.assert(
      fc.asyncProperty(fc.array(fc.record({ orders: plan, readAfter: fc.boolean() }), { maxLength: 8 }), async (plans) => {
        const journal = new MemoryJournal();
        const first = new Map<string, number>();
        const tags = ['r-1:A', 'r-1:B', 'r-1:C', 'r-1:D', 'r-2:A', 'r-2:B', 'r-2:C', 'r-2:D', 'other'];
        for (const { orders, readAfter } of plans) {
          const intents = orders.map((o) => ({ tag: `${o.run}:${o.symbol}`, symbol: o.symbol, side: 'BUY' as const, quantity: 1, limitPrice: o.price, referencePrice: o.price }));
          await journal.record({ plan: { runId: 'r-1', at: 0, orders: intents } });
          for (const intent of intents) if (!first.has(intent.tag)) first.set(intent.tag, intent.referencePrice);
          if (readAfter) expect(await journal.hasOrderTag('r-1:A')).toBe(first.has('r-1:A'));
        }
        expect(await journal.referencePrices(tags)).toEqual(tags.map((t) => first.get(t)));
      }),
    );
  });
});

describe('MemoryJournal.record', () => {
  // As the SQLite journal's: a unit it cannot take fails the caller's await, not the call itself.
  it('answers a unit it cannot take with a rejected promise rather than a throw', async () => {
    const journal = new MemoryJournal();
    const recording = journal.record({ fills: { runId: 'r-1', fills: null as unknown as [] } });
    await expect(recording).rejects.toThrow(TypeError);
  });
});

describe('MemoryJournal.record, whatever the order of a unit\'s parts', () => {
  // The parts are applied in one fixed order: the snapshot and the day start count the unit's own
  // ledger entries, the end of day its own fills and snapshot, the run's end follows its start.
  it('records the same as with the parts in their usual order', async () => {
    const T0 = Date.parse('2025-11-14T15:30:00Z');
    const parts: Changes = {
      runStarted: { id: 'r-1', purpose: 'trade', dryRun: false, startedAt: T0, pid: 1 },
      plan: { runId: 'r-1', at: T0, orders: [{ tag: 'r-1:SPY', symbol: 'SPY', side: 'BUY', quantity: 3, limitPrice: 101, referencePrice: 100 }], rows: [] },
      fills: { runId: 'r-1', fills: [{ execId: 'e-1', brokerOrderId: '7', tag: 'r-1:SPY', symbol: 'SPY', side: 'BUY', quantity: 3, price: 100, commission: 1, currency: 'USD', time: T0 }] },
      ledger: [{ kind: 'deposit', time: T0, currency: 'USD', amountMinor: 500 }, { kind: 'fill', time: T0, currency: 'USD', amountMinor: 30_000, symbol: 'SPY', quantity: 3, price: 100, multiplier: 1, commissionMinor: 100, execId: 'e-1' }],
      dayStarted: { date: '2025-11-14', startNlv: 1000, at: T0 },
      accountStartNlv: 1000,
      snapshot: sampleSnapshot({ runId: 'r-1', time: T0, nlv: 1001 }),
      endOfDay: { date: '2025-11-14', at: T0 },
      killSwitch: { halted: true, reason: 'news', source: 'command', at: T0 },
      runFinished: { id: 'r-1', outcome: 'ok', endedAt: T0 + 1, ordersSent: 1, fills: 1 },
    };
    const keys = Object.keys(parts) as (keyof Changes)[];
    const readBack = async (unit: Changes) => {
      const journal = new MemoryJournal();
      const recorded = await journal.record(unit);
      return {
        recorded,
        runs: await journal.runs(5),
        day: await journal.day('2025-11-14'),
        snapshot: await journal.latestSnapshot(),
        ledger: await journal.ledgerEntries(),
        killSwitch: await journal.killSwitch(),
        plan: await journal.latestPlan(),
        prices: await journal.referencePrices(['r-1:SPY']),
        start: await journal.accountStartNlv(),
      };
    };
    const usual = await readBack(parts);
    expect(usual.snapshot?.ledgerSeq).toBe(2);
    expect(usual.day?.startLedgerSeq).toBe(2);
    expect(usual.recorded.endOfDay).toEqual({ snapshots: 1, trades: 1 });
    await fc.assert(
      fc.asyncProperty(fc.shuffledSubarray(keys, { minLength: keys.length, maxLength: keys.length }), async (order) => {
        const unit = Object.fromEntries(order.map((key) => [key, parts[key]])) as Changes;
        expect(await readBack(unit)).toEqual(usual);
      }),
    );
  });

  it('reads a kill switch recorded after an earlier read', async () => {
    const journal = new MemoryJournal();
    expect(await journal.killSwitch()).toEqual({ halted: false });
    expect(await journal.killSwitch()).toEqual({ halted: false });
    await journal.record({ orderVersions: [] });
    await journal.record({ killSwitch: { halted: true, source: 'command', at: 1 } });
    expect(await journal.killSwitch()).toEqual({ halted: true, source: 'command', since: 1 });
  });
});

describe('MemoryJournal running runs', () => {
  // Whatever runs start, finish and are found interrupted, in any order: the running ones, in the order they started.
  it('answers the runs still running, in recorded order', async () => {
    const event = fc.record({ kind: fc.constantFrom('start' as const, 'finish' as const, 'interrupt' as const), run: fc.integer({ min: 0, max: 4 }), outcome: fc.constantFrom('ok' as const, 'error' as const, 'running' as const) });
    await fc.assert(
      fc.asyncProperty(fc.array(event, { maxLength: 25 }), async (events) => {
        const journal = new MemoryJournal();
        const model: { id: string; pid: number; outcome: string }[] = [];
        for (const [i, e] of events.entries()) {
          const id = `r-${e.run}`;
          const first = model.find((r) => r.id === id);
          if (e.kind === 'start') {
            await journal.record({ runStarted: { id, purpose: 'trade', dryRun: false, startedAt: i, pid: i } });
            model.push({ id, pid: i, outcome: 'running' });
          } else if (e.kind === 'finish') {
            await journal.record({ runFinished: { id, outcome: e.outcome, endedAt: i, ordersSent: 0, fills: 0 } });
            if (first) first.outcome = e.outcome;
          } else {
            await journal.record({ interruptedRuns: [id] });
            if (first?.outcome === 'running') first.outcome = 'interrupted';
          }
          expect(await journal.runningRuns()).toEqual(model.filter((r) => r.outcome === 'running').map(({ id: runId, pid }) => ({ id: runId, pid })));
        }
      }),
    );
  });
});

describe('MemoryJournal order versions', () => {
  it('answers every version as recorded, in recorded order, with its arrival price only when it had one', async () => {
    const version = fc.record(
      {
        tag: fc.constantFrom('r-1:A', 'r-1:B', 'r-2:A'),
        brokerId: fc.string({ maxLength: 4 }),
        runId: fc.constantFrom('r-1', 'r-2'),
        intentTag: fc.constantFrom('r-1:A', 'r-2:A'),
        symbol: fc.constantFrom('A', 'B'),
        side: fc.constantFrom('BUY' as const, 'SELL' as const),
        at: fc.integer({ min: 0, max: 2e12 }),
        reason: fc.constantFrom('placed' as const, 'repriced' as const, 'amended' as const),
        quantity: fc.double({ noNaN: true }),
        limitPrice: fc.double(),
        filledQuantity: fc.double({ noNaN: true }),
        decisionPrice: fc.double(),
        arrivalPrice: fc.double(),
      },
      { requiredKeys: ['tag', 'brokerId', 'runId', 'intentTag', 'symbol', 'side', 'at', 'reason', 'quantity', 'limitPrice', 'filledQuantity', 'decisionPrice'] },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(version, { maxLength: 3 }), { maxLength: 5 }), fc.subarray(['r-1:A', 'r-1:B', 'r-2:A', 'other']), async (units, tags) => {
        const journal = new MemoryJournal();
        for (const unit of units) await journal.record({ orderVersions: unit });
        const all = units.flat();
        const read = await journal.orderVersions();
        expect(read).toEqual(all);
        expect(read.map((v) => 'arrivalPrice' in v)).toEqual(all.map((v) => 'arrivalPrice' in v));
        expect(await journal.orderVersions(tags)).toEqual(all.filter((v) => tags.includes(v.tag)));
      }),
    );
  });

  it('keeps them all, in order, however many a run records', async () => {
    const journal = new MemoryJournal();
    const all = Array.from({ length: 9_000 }, (_, i) => ({
      tag: `r-${i % 7}:S${i}`, brokerId: String(i), runId: `r-${i % 7}`, intentTag: `r-${i % 7}:S${i}`, symbol: `S${i}`, side: i % 2 === 0 ? ('BUY' as const) : ('SELL' as const),
      at: 1_700_000_000_000 + i, reason: 'placed' as const, quantity: i + 0.5, limitPrice: 100 + i / 8, filledQuantity: 0, decisionPrice: 100 + i / 16,
      ...(i % 3 === 0 ? {} : { arrivalPrice: 100 + i / 32 }),
    }));
    for (let i = 0; i < all.length; i += 500) await journal.record({ orderVersions: all.slice(i, i + 500) });
    expect(await journal.orderVersions()).toEqual(all);
    expect(await journal.orderVersions(['r-4:S8999', 'r-1:S4096'])).toEqual([all[4096], all[8999]]);
  });
});
