import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sampleSnapshot } from '../notify/test-fixtures.js';
import { SqliteRecords } from './sqlite-records.js';
import { openSqlite, type Database } from './sqlite.js';

const HOUR = 3_600_000;
const T0 = Date.UTC(2025, 10, 14, 14, 35);

let dir: string;
let db: Database;
let records: SqliteRecords;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'autofolio-records-digest-'));
  db = await openSqlite(join(dir, 'a.sqlite'));
  records = new SqliteRecords(db, 'DU1234567');
});

afterEach(async () => {
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describe('what the digest reads from the run records', () => {
  it('snapshotsBetween returns the snapshots in [from, to), oldest first', async () => {
    for (const h of [3, 0, 2, 1]) await records.saveSnapshot(sampleSnapshot({ runId: `r-${h}`, time: T0 + h * HOUR, nlv: 100 + h }));
    const found = await records.snapshotsBetween(T0 + HOUR, T0 + 3 * HOUR);
    expect(found.map((s) => [s.runId, s.nlv])).toEqual([['r-1', 101], ['r-2', 102]]);
  });

  it('referencePrices maps the tags of planned orders to their reference prices and skips unknown tags', async () => {
    await records.startRun({ id: 'r-1', purpose: 'trade', dryRun: false, startedAt: T0, pid: process.pid });
    await records.recordPlannedOrders('r-1', [{ tag: 'r-1:VTI', symbol: 'VTI', side: 'BUY', quantity: 10, limitPrice: 301.5, referencePrice: 301.25 }], T0);
    const prices = await records.referencePrices(['r-1:VTI', 'r-1:VTI', 'manual-order']);
    expect([...prices]).toEqual([['r-1:VTI', 301.25]]);
    expect(await records.referencePrices([])).toEqual(new Map());
  });
});
