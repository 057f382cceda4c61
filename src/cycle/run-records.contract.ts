import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Fill } from '../domain/order.js';
import { sampleSnapshot } from '../notify/test-fixtures.js';
import type { RunRecords } from './run-records.js';

const HOUR = 3_600_000;
const T0 = Date.parse('2025-11-14T15:30:00Z');
const fill = (execId: string, time = T0): Fill => ({ execId, brokerOrderId: '7', tag: 'r-a:SPY', symbol: 'SPY', side: 'BUY', quantity: 3, price: 100, commission: 1, currency: 'USD', time });

export interface RecordsUnderTest {
  readonly records: RunRecords;
  close(): Promise<void>;
}

/**
 * What every RunRecords implementation must answer, the same way: the SQLite store of paper and
 * live accounts and the in-memory one of backtests run this one suite, so that a backtest's
 * cycle sees what a live cycle would.
 */
export function runRecordsContract(name: string, open: () => Promise<RecordsUnderTest>): void {
  describe(`run records: ${name}`, () => {
    let opened: RecordsUnderTest;
    let records: RunRecords;
    beforeEach(async () => {
      opened = await open();
      records = opened.records;
    });
    afterEach(() => opened.close());

    it('records each fill once by execution id and returns only the new ones', async () => {
      await records.recordPlannedOrders('r-a', [{ tag: 'r-a:SPY', symbol: 'SPY', side: 'BUY', quantity: 3, limitPrice: 101, referencePrice: 100 }], T0);
      expect(await records.hasOrderTag('r-a:SPY')).toBe(true);
      expect(await records.hasOrderTag('r-a:QQQ')).toBe(false);
      expect((await records.recordFills('r-a', [fill('e1'), fill('e2')])).map((f) => f.execId)).toEqual(['e1', 'e2']);
      expect((await records.recordFills('r-b', [fill('e1'), fill('e3')])).map((f) => f.execId)).toEqual(['e3']);
      expect((await records.fillsBetween(T0, T0 + 1)).map((f) => f.execId)).toEqual(['e1', 'e2', 'e3']);
      expect(await records.fillsBetween(T0 + 1, T0 + 2)).toEqual([]);
    });

    it('marks runs whose process died as interrupted, and leaves live ones alone', async () => {
      await records.startRun({ id: 'r-dead', purpose: 'trade', dryRun: false, startedAt: T0, pid: 111 });
      await records.startRun({ id: 'r-live', purpose: 'trade', dryRun: false, startedAt: T0 + 1, pid: 222 });
      expect(await records.markInterruptedRuns((pid) => pid === 222)).toEqual(['r-dead']);
      const runs = await records.runs(10);
      expect(runs.map((r) => [r.id, r.outcome])).toEqual([['r-live', 'running'], ['r-dead', 'interrupted']]);
      expect((await records.journal('r-dead')).map((e) => [e.step, e.outcome])).toEqual([['interrupted', 'error']]);
    });

    it('finishes a run with its outcome and keeps its journal in the order of the steps', async () => {
      await records.startRun({ id: 'r-1', purpose: 'trade', dryRun: true, startedAt: T0, pid: 1 });
      await records.recordStep({ runId: 'r-1', step: 'connect', startedAt: T0, durationMs: 1, outcome: 'ok' });
      await records.recordStep({ runId: 'r-1', step: 'send-orders', startedAt: T0, durationMs: 0, outcome: 'skipped', error: 'dry run' });
      await records.finishRun('r-1', { outcome: 'blocked', endedAt: T0 + 5, ordersSent: 0, fills: 0, message: 'risk-gate: halted' });
      expect(await records.lastRun()).toEqual({ id: 'r-1', purpose: 'trade', dryRun: true, startedAt: T0, endedAt: T0 + 5, outcome: 'blocked', ordersSent: 0, fills: 0, message: 'risk-gate: halted' });
      expect((await records.journal('r-1')).map((e) => [e.step, e.outcome, e.error])).toEqual([['connect', 'ok', undefined], ['send-orders', 'skipped', 'dry run']]);
    });

    it('keeps the kill switch as a history whose latest entry decides', async () => {
      expect(await records.killSwitch()).toEqual({ halted: false });
      await records.setKillSwitch(true, 'news', 'command', T0);
      expect(await records.killSwitch()).toMatchObject({ halted: true, reason: 'news', source: 'command', since: T0 });
      await records.setKillSwitch(false, undefined, 'dashboard', T0 + 1);
      expect((await records.killSwitch()).halted).toBe(false);
    });

    it('opens a trading day once and remembers which digests went out', async () => {
      await records.startDay('2025-11-14', 1000, T0);
      await records.startDay('2025-11-14', 2000, T0 + 1);
      await records.markDigestSent('2025-11-14', 'session start');
      await records.markDigestSent('2025-11-14', 'session start');
      expect(await records.day('2025-11-14')).toEqual({ date: '2025-11-14', startNlv: 1000, digests: ['session start'], endOfDayCommitted: false });
      expect(await records.day('2025-11-15')).toBeUndefined();
    });

    it('keeps the NLV the account was first seen with', async () => {
      expect(await records.accountStartNlv()).toBeUndefined();
      await records.setAccountStartNlv(1000);
      await records.setAccountStartNlv(2000);
      expect(await records.accountStartNlv()).toBe(1000);
    });

    it('returns the snapshots in [from, to), oldest first, and the latest one', async () => {
      for (const h of [3, 0, 2, 1]) await records.saveSnapshot(sampleSnapshot({ runId: `r-${h}`, time: T0 + h * HOUR, nlv: 100 + h }));
      const found = await records.snapshotsBetween(T0 + HOUR, T0 + 3 * HOUR);
      expect(found.map((s) => [s.runId, s.nlv])).toEqual([['r-1', 101], ['r-2', 102]]);
      expect((await records.latestSnapshot())?.runId).toBe('r-3');
    });

    it('maps the tags of planned orders to their reference prices and skips unknown tags', async () => {
      await records.startRun({ id: 'r-1', purpose: 'trade', dryRun: false, startedAt: T0, pid: process.pid });
      await records.recordPlannedOrders('r-1', [{ tag: 'r-1:VTI', symbol: 'VTI', side: 'BUY', quantity: 10, limitPrice: 301.5, referencePrice: 301.25 }], T0);
      const prices = await records.referencePrices(['r-1:VTI', 'r-1:VTI', 'manual-order']);
      expect([...prices]).toEqual([['r-1:VTI', 301.25]]);
      expect(await records.referencePrices([])).toEqual(new Map());
    });

    it('commits the end of a day once its snapshot and fills are recorded', async () => {
      await records.startDay('2025-11-14', 1000, T0);
      await records.saveSnapshot(sampleSnapshot({ runId: 'r-9', time: T0, nlv: 1001 }));
      await records.recordPlannedOrders('r-9', [{ tag: 'r-a:SPY', symbol: 'SPY', side: 'BUY', quantity: 3, limitPrice: 101, referencePrice: 100 }], T0);
      await records.recordFills('r-9', [fill('e1'), fill('e2')]);
      expect(await records.commitEndOfDay('2025-11-14', T0 + HOUR)).toEqual({ snapshots: 1, trades: 2 });
      expect((await records.day('2025-11-14'))?.endOfDayCommitted).toBe(true);
    });
  });
}
