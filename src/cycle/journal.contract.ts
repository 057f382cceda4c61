import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Fill } from '../domain/order.js';
import { foldLedger } from '../ledger/apply-entry.js';
import type { LedgerEntry } from '../ledger/ledger-entry.js';
import { sampleSnapshot } from '../notify/test-fixtures.js';
import { markInterruptedRuns, type Journal } from './journal.js';

const HOUR = 3_600_000;
const T0 = Date.parse('2025-11-14T15:30:00Z');
const fill = (execId: string, time = T0): Fill => ({ execId, brokerOrderId: '7', tag: 'r-a:SPY', symbol: 'SPY', side: 'BUY', quantity: 3, price: 100, commission: 1, currency: 'USD', time });
const fillEntry = (execId: string): LedgerEntry => ({ kind: 'fill', time: T0, currency: 'USD', amountMinor: -30_100, symbol: 'SPY', quantity: 3, price: 100, multiplier: 1, commissionMinor: 100, execId });
const planned = (runId: string, symbol = 'SPY', referencePrice = 100) => ({ runId, at: T0, orders: [{ tag: `${runId}:${symbol}`, symbol, side: 'BUY' as const, quantity: 3, limitPrice: 101, referencePrice }] });

export interface JournalUnderTest {
  readonly journal: Journal;
  close(): Promise<void>;
}

/**
 * What every journal must answer, the same way: the SQLite journal of paper and live accounts
 * and the in-memory one of backtests run this one suite, so that a backtest's cycle sees what a
 * live cycle would.
 */
export function journalContract(name: string, open: () => Promise<JournalUnderTest>): void {
  describe(`journal: ${name}`, () => {
    let opened: JournalUnderTest;
    let journal: Journal;
    beforeEach(async () => {
      opened = await open();
      journal = opened.journal;
    });
    afterEach(() => opened.close());

    it('records each fill once by execution id and returns only the new ones', async () => {
      await journal.record({ plan: planned('r-a') });
      expect(await journal.hasOrderTag('r-a:SPY')).toBe(true);
      expect(await journal.hasOrderTag('r-a:QQQ')).toBe(false);
      expect((await journal.record({ fills: { runId: 'r-a', fills: [fill('e1'), fill('e2')] } })).fills.map((f) => f.execId)).toEqual(['e1', 'e2']);
      expect((await journal.record({ fills: { runId: 'r-b', fills: [fill('e1'), fill('e3')] } })).fills.map((f) => f.execId)).toEqual(['e3']);
      expect((await journal.fillsBetween(T0, T0 + 1)).map((f) => f.execId)).toEqual(['e1', 'e2', 'e3']);
      expect(await journal.fillsBetween(T0 + 1, T0 + 2)).toEqual([]);
    });

    it('keeps the legs each spread was last traded with as fills are recorded: a newer run\'s fills replace them, an older or repeated one changes nothing', async () => {
      const leg = (execId: string, tag: string, symbol: string, time: number): Fill => ({ ...fill(execId, time), tag, symbol, quantity: 1 });
      await journal.record({ fills: { runId: 'r-a', fills: [leg('s1', 'r-a:spy-straddle', 'SPY-20251212-P-760', T0), leg('s2', 'r-a:spy-straddle', 'SPY-20251212-C-760', T0), fill('e1')] } });
      // A settlement at expiry is tagged with the option, an unknown order has no tag of ours: neither is a spread's leg.
      await journal.record({ fills: { runId: 'r-b', fills: [leg('x1', 'r-expiry-20251212:SPY-20251212-C-760', 'SPY-20251212-C-760', T0 + HOUR), leg('x2', '', 'SPY-20251212-P-760', T0 + HOUR)] } });
      expect(await journal.spreadLegs()).toEqual([{ name: 'spy-straddle', runId: 'r-a', time: T0, symbols: ['SPY-20251212-C-760', 'SPY-20251212-P-760'] }]);
      await journal.record({ fills: { runId: 'r-c', fills: [leg('s3', 'r-c:spy-straddle', 'SPY-20260116-C-780', T0 + 2 * HOUR), leg('s4', 'r-c:qqq-bull', 'QQQ-20260116-C-600', T0 + 2 * HOUR)] } });
      await journal.record({ fills: { runId: 'r-c', fills: [leg('s5', 'r-c:spy-straddle', 'SPY-20260116-P-780', T0 + 3 * HOUR), leg('s1', 'r-a:spy-straddle', 'SPY-20251212-P-760', T0)] } });
      // A fill of an older run recorded late (a recovered execution) does not bring the old legs back.
      await journal.record({ fills: { runId: 'r-d', fills: [leg('s6', 'r-a:spy-straddle', 'SPY-20251212-C-760', T0 + HOUR)] } });
      expect(await journal.spreadLegs()).toEqual([
        { name: 'qqq-bull', runId: 'r-c', time: T0 + 2 * HOUR, symbols: ['QQQ-20260116-C-600'] },
        { name: 'spy-straddle', runId: 'r-c', time: T0 + 3 * HOUR, symbols: ['SPY-20260116-C-780', 'SPY-20260116-P-780'] },
      ]);
    });

    it('records fills and their ledger entries in one unit, each once', async () => {
      const first = await journal.record({ fills: { runId: 'r-a', fills: [fill('e1')] }, ledger: [fillEntry('e1')] });
      expect([first.fills.length, first.ledger.length]).toEqual([1, 1]);
      const again = await journal.record({ fills: { runId: 'r-b', fills: [fill('e1'), fill('e2')] }, ledger: [fillEntry('e1'), fillEntry('e2')] });
      expect(again.fills.map((f) => f.execId)).toEqual(['e2']);
      expect(again.ledger.map((e) => e.execId)).toEqual(['e2']);
      expect((await journal.ledgerEntries()).map((e) => e.execId)).toEqual(['e1', 'e2']);
    });

    it('marks runs whose process died as interrupted, and leaves live ones alone', async () => {
      await journal.record({ runStarted: { id: 'r-dead', purpose: 'trade', dryRun: false, startedAt: T0, pid: 111 } });
      await journal.record({ runStarted: { id: 'r-live', purpose: 'trade', dryRun: false, startedAt: T0 + 1, pid: 222 } });
      expect(await markInterruptedRuns(journal, (pid) => pid === 222)).toEqual(['r-dead']);
      const runs = await journal.runs(10);
      expect(runs.map((r) => [r.id, r.outcome])).toEqual([['r-live', 'running'], ['r-dead', 'interrupted']]);
      expect((await journal.steps('r-dead')).map((e) => [e.step, e.outcome])).toEqual([['interrupted', 'error']]);
      expect(await journal.runningRuns()).toEqual([{ id: 'r-live', pid: 222 }]);
    });

    it('finishes a run with its outcome and keeps its steps in order', async () => {
      await journal.record({ runStarted: { id: 'r-1', purpose: 'trade', dryRun: true, startedAt: T0, pid: 1 } });
      await journal.record({ step: { runId: 'r-1', step: 'connect', startedAt: T0, durationMs: 1, outcome: 'ok' } });
      await journal.record({ step: { runId: 'r-1', step: 'send-orders', startedAt: T0, durationMs: 0, outcome: 'skipped', error: 'dry run' } });
      await journal.record({ runFinished: { id: 'r-1', outcome: 'blocked', endedAt: T0 + 5, ordersSent: 0, fills: 0, message: 'risk-gate: halted' } });
      expect(await journal.runs(1)).toEqual([{ id: 'r-1', purpose: 'trade', dryRun: true, startedAt: T0, endedAt: T0 + 5, outcome: 'blocked', ordersSent: 0, fills: 0, message: 'risk-gate: halted' }]);
      expect((await journal.steps('r-1')).map((e) => [e.step, e.outcome, e.error])).toEqual([['connect', 'ok', undefined], ['send-orders', 'skipped', 'dry run']]);
    });

    it('keeps the kill switch as a history whose latest entry decides', async () => {
      expect(await journal.killSwitch()).toEqual({ halted: false });
      await journal.record({ killSwitch: { halted: true, reason: 'news', source: 'command', at: T0 } });
      expect(await journal.killSwitch()).toMatchObject({ halted: true, reason: 'news', source: 'command', since: T0 });
      await journal.record({ killSwitch: { halted: false, source: 'dashboard', at: T0 + 1 } });
      expect((await journal.killSwitch()).halted).toBe(false);
    });

    it('opens a trading day and the account\'s start once, and remembers which digests went out', async () => {
      await journal.record({ dayStarted: { date: '2025-11-14', startNlv: 1000, at: T0 }, accountStartNlv: 1000 });
      await journal.record({ dayStarted: { date: '2025-11-14', startNlv: 2000, at: T0 + 1 }, accountStartNlv: 2000 });
      await journal.record({ digestsSent: { date: '2025-11-14', labels: ['session start'] } });
      await journal.record({ digestsSent: { date: '2025-11-14', labels: ['session start', 'session middle'] } });
      expect(await journal.day('2025-11-14')).toEqual({ date: '2025-11-14', startNlv: 1000, startLedgerSeq: 0, digests: ['session start', 'session middle'], endOfDayCommitted: false });
      expect(await journal.day('2025-11-15')).toBeUndefined();
      expect(await journal.accountStartNlv()).toBe(1000);
    });

    it('orders cash flows against day starts and snapshots by recording, even at one time', async () => {
      // Under `clock: data` a flow added after the day's last run has that run's very time.
      const deposit = (amountMinor: number): LedgerEntry => ({ kind: 'deposit', time: T0, currency: 'USD', amountMinor });
      await journal.record({ ledger: [deposit(100)] });
      await journal.record({ dayStarted: { date: '2025-11-14', startNlv: 1000, at: T0 }, snapshot: sampleSnapshot({ runId: 'r-b', time: T0, nlv: 1001 }) });
      await journal.record({ ledger: [deposit(200)] });
      await journal.record({ ledger: [deposit(300)], snapshot: sampleSnapshot({ runId: 'r-a', time: T0, nlv: 1004 }) });
      await journal.record({ ledger: [deposit(400)] });
      const seqs = (await journal.ledgerEntries()).map((e) => [e.amountMinor, e.ledgerSeq] as const);
      expect(seqs.map(([amount]) => amount)).toEqual([100, 200, 300, 400]);
      const seqOf = new Map(seqs);
      expect(seqs.every(([, seq], i) => i === 0 || seq > seqs[i - 1]![1])).toBe(true);
      expect((await journal.day('2025-11-14'))?.startLedgerSeq).toBe(seqOf.get(100));
      // Snapshots of one time come back in the order recorded, each with the last entry before it (its own unit's included).
      const snapshots = await journal.snapshotsBetween(T0, T0 + 1);
      expect(snapshots.map((s) => [s.runId, s.ledgerSeq])).toEqual([['r-b', seqOf.get(100)], ['r-a', seqOf.get(300)]]);
      expect((await journal.latestSnapshot())?.ledgerSeq).toBe(seqOf.get(300));
    });

    it('returns the snapshots in [from, to), oldest first, and the latest one', async () => {
      expect(await journal.latestSnapshot()).toBeUndefined();
      for (const h of [3, 0, 2, 1]) await journal.record({ snapshot: sampleSnapshot({ runId: `r-${h}`, time: T0 + h * HOUR, nlv: 100 + h }) });
      const found = await journal.snapshotsBetween(T0 + HOUR, T0 + 3 * HOUR);
      expect(found.map((s) => [s.runId, s.nlv])).toEqual([['r-1', 101], ['r-2', 102]]);
      expect((await journal.latestSnapshot())?.runId).toBe('r-3');
    });

    it('reads a snapshot back as recorded, every position and field in its order, however often it is read', async () => {
      const recorded = sampleSnapshot({ runId: 'r-5', time: T0 });
      await journal.record({ snapshot: recorded });
      const [between] = await journal.snapshotsBetween(T0, T0 + 1);
      const latest = await journal.latestSnapshot();
      for (const read of [between, latest, await journal.latestSnapshot()]) {
        const { ledgerSeq, ...rest } = read!;
        expect(ledgerSeq).toBe(0);
        // JSON text too: the order of the fields is what the order files and pages show.
        expect(JSON.stringify(rest)).toBe(JSON.stringify(recorded));
        expect(rest).toEqual(recorded);
      }
      // A read is the reader's own: changing it leaves the journal's as recorded.
      (latest!.positions[0] as { quantity: number }).quantity = -1;
      expect((await journal.latestSnapshot())!.positions[0]!.quantity).toBe(recorded.positions[0]!.quantity);
    });

    it('maps the tags of planned orders to their reference prices, keeps the first plan of a tag and records its states', async () => {
      await journal.record({ plan: planned('r-1', 'VTI', 301.25) });
      await journal.record({ plan: planned('r-1', 'VTI', 999) });
      await journal.record({ orderStates: [{ order: { brokerId: '9', tag: 'r-1:VTI', symbol: 'VTI', side: 'BUY', quantity: 3, limitPrice: 101, filledQuantity: 3, status: 'filled' }, sentAt: T0 }] });
      expect(await journal.referencePrices(['r-1:VTI', 'manual-order', 'r-1:VTI'])).toEqual([301.25, undefined, 301.25]);
      expect(await journal.referencePrices([])).toEqual([]);
    });

    it('answers for more tags than one SQL statement may bind (a report over years of fills)', async () => {
      await journal.record({ plan: planned('r-1', 'VTI', 301.25) });
      const tags = Array.from({ length: 40_000 }, (_, i) => `old-${i}`);
      tags[39_999] = 'r-1:VTI';
      const prices = await journal.referencePrices(tags);
      expect(prices).toHaveLength(40_000);
      expect(prices[39_999]).toBe(301.25);
      expect(prices.filter((price) => price !== undefined)).toHaveLength(1);
    });

    it('returns the newest plan with its rows, and whether a dry run made it', async () => {
      expect(await journal.latestPlan()).toBeUndefined();
      const row = (symbol: string, targetWeight: number) => ({ symbol, targetWeight, currentWeight: 0.1, action: 'BUY' as const, quantity: 3, limitPrice: 101, tradeValue: 303 });
      await journal.record({ runStarted: { id: 'r-real', purpose: 'trade', dryRun: false, startedAt: T0, pid: 1 } });
      await journal.record({ plan: { ...planned('r-real'), rows: [row('SPY', 0.5)] } });
      await journal.record({ runStarted: { id: 'r-dry', purpose: 'trade', dryRun: true, startedAt: T0 + HOUR, pid: 1 } });
      await journal.record({ plan: { ...planned('r-dry'), at: T0 + HOUR, rows: [row('SPY', 0.4), { ...row('XIU', 0.2), action: 'NONE', quantity: 0, limitPrice: 0, tradeValue: 0, reason: 'held: market XTSE is closed' }] } });
      // A plan without rows leaves the newest one with rows in place.
      await journal.record({ plan: { ...planned('r-later'), at: T0 + 2 * HOUR } });
      const latest = await journal.latestPlan();
      expect(latest).toEqual({ runId: 'r-dry', at: T0 + HOUR, dryRun: true, rows: [row('SPY', 0.4), { ...row('XIU', 0.2), action: 'NONE', quantity: 0, limitPrice: 0, tradeValue: 0, reason: 'held: market XTSE is closed' }] });
      // On the data's clock two runs share a time: the one recorded last is the latest.
      await journal.record({ runStarted: { id: 'r-a-same-time', purpose: 'trade', dryRun: false, startedAt: T0 + HOUR, pid: 1 } });
      await journal.record({ plan: { ...planned('r-a-same-time'), at: T0 + HOUR, rows: [row('SPY', 0.3)] } });
      expect((await journal.latestPlan())?.runId).toBe('r-a-same-time');
    });

    it('keeps every version of an order in the order recorded: placed, then amended by a later run under its own tag', async () => {
      const base = { tag: 'r-1:VTI', brokerId: '9', symbol: 'VTI', side: 'BUY' as const, decisionPrice: 100 };
      await journal.record({ plan: planned('r-1', 'VTI', 100), orderVersions: [{ ...base, runId: 'r-1', intentTag: 'r-1:VTI', at: T0, reason: 'placed', quantity: 3, limitPrice: 100.1, filledQuantity: 0, arrivalPrice: 100.02 }] });
      await journal.record({ plan: planned('r-2', 'VTI', 101), orderVersions: [{ ...base, runId: 'r-2', intentTag: 'r-2:VTI', decisionPrice: 101, at: T0 + HOUR, reason: 'amended', quantity: 5, limitPrice: 101.1, filledQuantity: 1 }] });
      expect((await journal.orderVersions()).map((v) => [v.tag, v.brokerId, v.runId, v.intentTag, v.reason, v.quantity, v.limitPrice, v.filledQuantity, v.decisionPrice, v.arrivalPrice])).toEqual([
        ['r-1:VTI', '9', 'r-1', 'r-1:VTI', 'placed', 3, 100.1, 0, 100, 100.02],
        ['r-1:VTI', '9', 'r-2', 'r-2:VTI', 'amended', 5, 101.1, 1, 101, undefined],
      ]);
    });

    it('reads the versions and every fill of the orders asked for, whatever their time', async () => {
      const base = { brokerId: '9', symbol: 'VTI', side: 'BUY' as const, decisionPrice: 100, runId: 'r-1', at: T0, reason: 'placed' as const, quantity: 3, limitPrice: 100.1, filledQuantity: 0 };
      await journal.record({ orderVersions: [{ ...base, tag: 'r-1:VTI', intentTag: 'r-1:VTI' }, { ...base, tag: 'r-1:SPY', intentTag: 'r-1:SPY', symbol: 'SPY' }, { ...base, tag: 'r-1:VTI', intentTag: 'r-1:VTI', reason: 'repriced', at: T0 + 1, limitPrice: 100.2 }] });
      await journal.record({ fills: { runId: 'r-1', fills: [{ ...fill('e2', T0 + 2 * HOUR), tag: 'r-1:VTI' }, { ...fill('e1', T0 - 30 * 24 * HOUR), tag: 'r-1:VTI' }, { ...fill('e3', T0), tag: 'r-1:SPY' }] } });
      expect((await journal.orderVersions(['r-1:VTI'])).map((v) => [v.tag, v.reason])).toEqual([['r-1:VTI', 'placed'], ['r-1:VTI', 'repriced']]);
      expect(await journal.orderVersions([])).toEqual([]);
      expect(await journal.orderVersions()).toHaveLength(3);
      expect((await journal.fillsOfOrders(['r-1:VTI', 'r-1:VTI'])).map((f) => f.execId)).toEqual(['e1', 'e2']);
      expect(await journal.fillsOfOrders([])).toEqual([]);
    });

    it('keeps the FX rates of each time and the first quote sent for each tag', async () => {
      await journal.record({ rates: { time: T0 + 1, rates: { USD: 1, CAD: 0.72 } }, sentQuotes: [{ tag: 'r-1:XIU', time: T0, bid: 30, ask: 30.02 }] });
      await journal.record({ rates: { time: T0, rates: { USD: 1, CAD: 0.71 } }, sentQuotes: [{ tag: 'r-1:XIU', time: T0 + 1, bid: 31, ask: 31.02 }] });
      expect((await journal.rates()).map((r) => [r.time, r.rates.CAD])).toEqual([[T0, 0.71], [T0 + 1, 0.72]]);
      expect(await journal.sentQuotes()).toEqual([{ tag: 'r-1:XIU', time: T0, bid: 30, ask: 30.02 }]);
    });

    it('commits the end of a day once its snapshot and fills are recorded', async () => {
      await journal.record({ dayStarted: { date: '2025-11-14', startNlv: 1000, at: T0 }, snapshot: sampleSnapshot({ runId: 'r-9', time: T0, nlv: 1001 }), plan: planned('r-9') });
      await journal.record({ fills: { runId: 'r-9', fills: [fill('e1'), fill('e2')] } });
      expect((await journal.record({ endOfDay: { date: '2025-11-14', at: T0 + HOUR } })).endOfDay).toEqual({ snapshots: 1, trades: 2 });
      expect((await journal.day('2025-11-14'))?.endOfDayCommitted).toBe(true);
    });

    it('sums the income of each currency as the ledger\'s fold books it: dividends and interest, not their withholding tax or other kinds', async () => {
      expect(await journal.incomeByCurrency()).toEqual(new Map());
      const entries: LedgerEntry[] = [
        { kind: 'opening-cash', time: T0, currency: 'USD', amountMinor: 1_000_000 },
        { kind: 'dividend', time: T0 + HOUR, currency: 'USD', amountMinor: 1_250, symbol: 'SPY', quantity: 10, price: 1.25, execId: 'div-SPY' },
        { kind: 'fee', time: T0 + HOUR, currency: 'USD', amountMinor: 188, symbol: 'SPY', execId: 'tax-SPY' },
        { kind: 'interest', time: T0 + 2 * HOUR, currency: 'CAD', amountMinor: 31 },
        { kind: 'dividend', time: T0 + 2 * HOUR, currency: 'CAD', amountMinor: 4_002, symbol: 'XIU', quantity: 100, price: 0.4002, execId: 'div-XIU' },
        { kind: 'deposit', time: T0 + 3 * HOUR, currency: 'EUR', amountMinor: 50_000 },
      ];
      await journal.record({ ledger: entries });
      const folded = foldLedger(await journal.ledgerEntries());
      const fromFold = new Map([...folded.books].filter(([, book]) => book.income !== 0).map(([currency, book]) => [currency, book.income]));
      expect(await journal.incomeByCurrency()).toEqual(fromFold);
      expect(fromFold).toEqual(new Map([['USD', 1_250], ['CAD', 4_033]]));
    });
  });
}
