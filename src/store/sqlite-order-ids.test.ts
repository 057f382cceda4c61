import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqlite, type Database } from './sqlite.js';
import { SqliteOrderIds } from './sqlite-order-ids.js';

describe('SqliteOrderIds', () => {
  let dir: string;
  let db: Database | undefined;
  afterEach(async () => {
    await db?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the next order id per account across reopening, and never moves it back', async () => {
    dir = mkdtempSync(join(tmpdir(), 'autofolio-ids-'));
    const path = join(dir, 'a.sqlite');
    db = await openSqlite(path);
    const ids = new SqliteOrderIds(db, 'DU1');
    expect(await ids.load()).toBeUndefined();
    await ids.save(42);
    await ids.save(7);
    expect(await new SqliteOrderIds(db, 'DU2').load()).toBeUndefined();
    await db.destroy();
    db = await openSqlite(path);
    expect(await new SqliteOrderIds(db, 'DU1').load()).toBe(42);
  });
});
