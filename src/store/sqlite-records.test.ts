import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Fill } from '../domain/order.js';
import { SqliteRecords } from './sqlite-records.js';
import { openSqlite, type Database } from './sqlite.js';

const T0 = Date.parse('2025-11-14T15:30:00Z');
const fill = (execId: string, time = T0): Fill => ({ execId, brokerOrderId: '7', tag: 'r-a:SPY', symbol: 'SPY', side: 'BUY', quantity: 3, price: 100, commission: 1, currency: 'USD', time });

describe('run records in a real SQLite file', () => {
  let db: Database;
  let records: SqliteRecords;

  beforeEach(async () => {
    db = await openSqlite(join(mkdtempSync(join(tmpdir(), 'records-')), 'a.sqlite'));
    records = new SqliteRecords(db, 'ACC');
  });
  afterEach(() => db.destroy());

  it('records each fill once by execution id and returns only the new ones', async () => {
    await records.recordPlannedOrders('r-a', [{ tag: 'r-a:SPY', symbol: 'SPY', side: 'BUY', quantity: 3, limitPrice: 101, referencePrice: 100 }], T0);
    expect(await records.hasOrderTag('r-a:SPY')).toBe(true);
    expect((await records.recordFills('r-a', [fill('e1'), fill('e2')])).map((f) => f.execId)).toEqual(['e1', 'e2']);
    expect((await records.recordFills('r-b', [fill('e1'), fill('e3')])).map((f) => f.execId)).toEqual(['e3']);
    expect((await records.fillsBetween(T0, T0 + 1)).map((f) => f.execId)).toEqual(['e1', 'e2', 'e3']);
  });

  it('marks runs whose process died as interrupted, and leaves live ones alone', async () => {
    await records.startRun({ id: 'r-dead', purpose: 'trade', dryRun: false, startedAt: T0, pid: 111 });
    await records.startRun({ id: 'r-live', purpose: 'trade', dryRun: false, startedAt: T0 + 1, pid: 222 });
    expect(await records.markInterruptedRuns((pid) => pid === 222)).toEqual(['r-dead']);
    const runs = await records.runs(10);
    expect(runs.map((r) => [r.id, r.outcome])).toEqual([['r-live', 'running'], ['r-dead', 'interrupted']]);
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
  });
});
