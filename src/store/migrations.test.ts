import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrateToLatest } from './migrations.js';
import { openSqlite } from './sqlite.js';
import { SqliteJournal } from './sqlite-journal.js';

const tables = (sqlite: SQLite.Database): string[] => (sqlite.prepare("select name from sqlite_master where type = 'table' order by name").all() as { name: string }[]).map((r) => r.name);

describe('database migrations', () => {
  it('a disk that fills in the middle of the first migration leaves no table behind, and the next start migrates cleanly', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'migrate-')), 'a.sqlite');
    const sqlite = new SQLite(path);
    sqlite.pragma('journal_mode = WAL');
    // SQLite's own size limit makes the real SQLITE_FULL a full disk gives, a few tables into 0001-core.
    sqlite.pragma('max_page_count = 6');
    const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: sqlite }) });
    await expect(migrateToLatest(sqlite, db)).rejects.toThrow(/database migration 0001-core failed: database or disk is full/);
    expect(tables(sqlite)).toEqual([]);
    await db.destroy();

    const reopened = await openSqlite(path);
    await reopened.destroy();
    const check = new SQLite(path, { readonly: true });
    expect(tables(check)).toEqual(expect.arrayContaining(['runs', 'journal', 'fills', 'notify_messages', 'ledger_entries', 'kysely_migration']));
    check.close();
  });

  it('0009-spread-legs fills the legs of the spreads from the fills an older database recorded', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'migrate-')), 'autofolio.sqlite');
    await (await openSqlite(path)).destroy();
    // The database as 0008 left it, with the fills of two straddles of one name and a stock.
    const old = new SQLite(path);
    old.exec("drop table spread_legs; delete from kysely_migration where name = '0009-spread-legs'");
    const insert = old.prepare("insert into fills (exec_id, account, tag, recorded_by_run, broker_order_id, symbol, side, quantity, price, commission, currency, time) values (?, 'A1', ?, 'r-x', '1', ?, 'BUY', 1, 5, 0, 'USD', ?)");
    insert.run('e1', 'r-1:spy-straddle', 'SPY-20251212-C-760', '2025-11-14T15:30:00.000Z');
    insert.run('e2', 'r-1:spy-straddle', 'SPY-20251212-P-760', '2025-11-14T15:30:00.000Z');
    insert.run('e3', 'r-1:SPY', 'SPY', '2025-11-14T15:30:00.000Z');
    insert.run('e4', 'r-2:spy-straddle', 'SPY-20260116-C-780', '2025-12-15T15:30:00.000Z');
    insert.run('e5', 'r-2:spy-straddle', 'SPY-20260116-P-780', '2025-12-15T15:30:01.000Z');
    old.close();
    const db = await openSqlite(path);
    try {
      expect(await new SqliteJournal(db, 'A1').spreadLegs()).toEqual([{ name: 'spy-straddle', runId: 'r-2', time: Date.parse('2025-12-15T15:30:01Z'), symbols: ['SPY-20260116-C-780', 'SPY-20260116-P-780'] }]);
    } finally {
      await db.destroy();
    }
  });

  it('names the file when it is not a database', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'migrate-')), 'autofolio.sqlite');
    writeFileSync(path, 'this is not a database, but some other file of the same name'.repeat(100));
    await expect(openSqlite(path)).rejects.toThrow(`the database ${path} cannot be opened: file is not a database (SQLITE_NOTADB): the file is damaged or is not an autofolio database; restore it from a backup`);
  });
});
