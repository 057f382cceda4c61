import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { orderFilePath, type AccountPaths } from '../cycle/account-paths.js';
import type { Snapshot } from '../domain/snapshot.js';
import { sampleSnapshot } from '../notify/test-fixtures.js';
import { folderProjection } from './folder-files.js';
import { SqliteJournal } from './sqlite-journal.js';
import { openSqlite, type Database } from './sqlite.js';

const T0 = Date.parse('2025-11-14T15:30:00Z');
const fill = { execId: 'e1', brokerOrderId: '7', tag: 'r-a:SPY', symbol: 'SPY', side: 'BUY' as const, quantity: 3, price: 100, commission: 1, currency: 'USD', time: T0 };

describe('the account\'s files as projections of the journal', () => {
  let dir: string;
  let db: Database;
  let paths: AccountPaths;
  let journal: SqliteJournal;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'projection-'));
    db = await openSqlite(join(dir, 'a.sqlite'));
    paths = { state: dir, orders: join(dir, 'orders'), trades: join(dir, 'trades.csv'), snapshots: join(dir, 'snapshots'), database: join(dir, 'a.sqlite'), outbox: join(dir, 'outbox'), forecast: join(dir, 'forecast.csv'), haltFile: join(dir, 'HALT'), lock: join(dir, 'run.lock') };
    journal = new SqliteJournal(db, 'ACC', [folderProjection(paths)]);
  });
  afterEach(async () => {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes the order file of a plan, the JSON of a snapshot and each fill once in the trades CSV', async () => {
    const order = { tag: 'r-a:SPY', symbol: 'SPY', side: 'BUY' as const, quantity: 3, limitPrice: 101, referencePrice: 100 };
    await journal.record({ plan: { runId: 'r-a', at: T0, orders: [order], lines: [{ ...order, action: 'BUY', currentQuantity: 0, targetQuantity: 3, targetWeight: 0.1 }] } });
    expect(readFileSync(orderFilePath(paths, 'r-a', T0), 'utf8')).toContain('r-a:SPY');
    await journal.record({ fills: { runId: 'r-a', fills: [fill] } });
    await journal.record({ fills: { runId: 'r-b', fills: [fill] } });
    expect(readFileSync(paths.trades, 'utf8').trim().split('\n')).toHaveLength(2);
    await journal.record({ snapshot: sampleSnapshot({ runId: 'r-a', time: T0 }) });
    expect(existsSync(join(paths.snapshots, '2025-11-14', 'r-a.json'))).toBe(true);
  });

  it('writes nothing for a unit that did not commit', async () => {
    const unwritable = { ...sampleSnapshot({ runId: 'r-a', time: T0 }), nlv: 10n } as unknown as Snapshot;
    await expect(journal.record({ fills: { runId: 'r-a', fills: [fill] }, snapshot: unwritable })).rejects.toThrow();
    expect(existsSync(paths.trades)).toBe(false);
    expect(existsSync(paths.snapshots)).toBe(false);
  });
});
