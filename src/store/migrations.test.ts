import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrateToLatest } from './migrations.js';
import { openSqlite } from './sqlite.js';

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

  it('names the file when it is not a database', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'migrate-')), 'autofolio.sqlite');
    writeFileSync(path, 'this is not a database, but some other file of the same name'.repeat(100));
    await expect(openSqlite(path)).rejects.toThrow(`the database ${path} cannot be opened: file is not a database (SQLITE_NOTADB): the file is damaged or is not an autofolio database; restore it from a backup`);
  });
});
