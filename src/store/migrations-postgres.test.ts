import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, pgAvailable, type TestDatabase } from '../../test/pg-harness.js';
import { MIGRATION_NAMES } from './migrations.js';
import { openPostgres } from './postgres.js';
import { openSqlite } from './sqlite.js';

const hasPg = await pgAvailable();

/** Table → its columns with their kind of value, as SQLite made them. */
function sqliteColumns(path: string): Record<string, string[]> {
  const sqlite = new SQLite(path, { readonly: true });
  try {
    const tables = (sqlite.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%' order by name").all() as { name: string }[]).map((r) => r.name);
    return Object.fromEntries(tables.map((table) => [table, (sqlite.prepare(`pragma table_info(${table})`).all() as { name: string; type: string }[]).map((c) => `${c.name} ${kind(c.type)}`).sort()]));
  } finally {
    sqlite.close();
  }
}

async function postgresColumns(url: string, schema: string): Promise<Record<string, string[]>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ table_name: string; column_name: string; data_type: string }>(
      "select table_name, column_name, data_type from information_schema.columns where table_schema = $1 and table_name not like 'kysely_%' and column_name <> 'rowid' order by table_name",
      [schema],
    );
    const tables: Record<string, string[]> = {};
    for (const row of rows) (tables[row.table_name] ??= []).push(`${row.column_name} ${kind(row.data_type)}`);
    for (const columns of Object.values(tables)) columns.sort();
    return tables;
  } finally {
    await client.end();
  }
}

// The kind of value a column holds, the same word for both databases' names of it.
function kind(type: string): string {
  const t = type.toLowerCase();
  if (t === 'integer' || t === 'bigint') return 'integer';
  if (t === 'real' || t === 'double precision') return 'real';
  if (t === 'text') return 'text';
  return `unexpected ${type}`;
}

describe.skipIf(!hasPg)('database migrations on SQLite and PostgreSQL', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await freshDatabase('migrations');
  });
  afterAll(() => database?.drop());

  it('one list of migrations makes the same tables and columns on both, 64-bit integers and double precision on PostgreSQL', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'migrate-'));
    try {
      await (await openSqlite(join(dir, 'a.sqlite'))).destroy();
      await (await openPostgres({ url: database.url, schema: 'same_tables' })).destroy();
      const onSqlite = sqliteColumns(join(dir, 'a.sqlite'));
      expect(Object.keys(onSqlite)).toContain('ledger_entries');
      expect(await postgresColumns(database.url, 'same_tables')).toEqual(onSqlite);
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      const types = await client.query("select column_name, data_type from information_schema.columns where table_schema = 'same_tables' and table_name = 'ledger_entries' and column_name in ('amount_minor', 'price') order by column_name");
      await client.end();
      expect(types.rows).toEqual([{ column_name: 'amount_minor', data_type: 'bigint' }, { column_name: 'price', data_type: 'double precision' }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('first opens of one account at once both succeed, and a later open finds the schema current', async () => {
    const opened = await Promise.all([openPostgres({ url: database.url, schema: 'together' }), openPostgres({ url: database.url, schema: 'together' })]);
    await Promise.all(opened.map((db) => db.destroy()));
    const again = await openPostgres({ url: database.url, schema: 'together' });
    const migrations = await again.selectFrom('kysely_migration' as never).select('name' as never).orderBy('name' as never).execute();
    await again.destroy();
    expect(migrations.map((row) => (row as { name: string }).name)).toEqual(MIGRATION_NAMES);
  });

  it('opens a schema an administrator made for a user who may not create schemas', async () => {
    const role = `autofolio_user_${process.pid}`;
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    try {
      await admin.query(`create role ${role} login password 'user-pw'`);
      await admin.query(`create schema granted_only authorization ${role}`);
      const url = new URL(database.url);
      url.username = role;
      url.password = 'user-pw';
      const db = await openPostgres({ url: url.toString(), schema: 'granted_only' });
      await db.destroy();
      const { rows } = await admin.query("select count(*)::int as n from information_schema.tables where table_schema = 'granted_only' and table_name = 'runs'");
      expect(rows[0].n).toBe(1);
    } finally {
      await admin.query('drop schema if exists granted_only cascade');
      await admin.query(`drop role if exists ${role}`);
      await admin.end();
    }
  });

  it('names the server and schema, never the password, when the server refuses', async () => {
    const url = new URL(database.url);
    url.password = 'not-the-password-xyz';
    const refused = openPostgres({ url: url.toString(), schema: 'refused' });
    await expect(refused).rejects.toThrow(`the database PostgreSQL ${url.host}${url.pathname} schema refused cannot be opened: password authentication failed`);
    await expect(refused).rejects.not.toThrow(/not-the-password-xyz/);
  });
});
