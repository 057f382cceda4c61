import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CachedContract } from '../brokers/ib/contract-cache.js';
import { openSqlite, type Database } from './sqlite.js';
import { SqliteIbContracts } from './sqlite-ib-contracts.js';

const SPY: CachedContract = { symbol: 'SPY', key: '["SPY","STK","SMART","USD",""]', conId: 756733, minTick: 0.01, longName: 'SPDR S&P 500', fetchedAt: Date.parse('2024-01-03T15:00:00Z') };

describe('SqliteIbContracts', () => {
  let dir: string;
  let db: Database | undefined;
  afterEach(async () => {
    await db?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps each account\'s contracts across reopening, replaces an entry asked for again, and forgets one', async () => {
    dir = mkdtempSync(join(tmpdir(), 'autofolio-contracts-'));
    const path = join(dir, 'a.sqlite');
    db = await openSqlite(path);
    const store = new SqliteIbContracts(db, 'DU1');
    await store.save(SPY);
    await store.save({ ...SPY, conId: 1, minSize: 1, sizeIncrement: 1, fetchedAt: SPY.fetchedAt + 1000 });
    await store.save({ ...SPY, symbol: 'XIU', conId: 9876543 });
    expect(await new SqliteIbContracts(db, 'DU2').load()).toEqual([]);
    await db.destroy();
    db = await openSqlite(path);
    const reopened = new SqliteIbContracts(db, 'DU1');
    expect(await reopened.load()).toEqual([{ ...SPY, conId: 1, minSize: 1, sizeIncrement: 1, fetchedAt: SPY.fetchedAt + 1000 }, { ...SPY, symbol: 'XIU', conId: 9876543 }]);
    await reopened.forget('SPY');
    expect((await reopened.load()).map((c) => c.symbol)).toEqual(['XIU']);
  });
});
