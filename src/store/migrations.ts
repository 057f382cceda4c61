import type SQLite from 'better-sqlite3';
import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { coreTables } from './migrations/0001-core.js';
import { notifyOutboxTables } from './migrations/0002-notify-outbox.js';
import { ledgerTables } from './migrations/0003-ledger.js';
import { alertFoldFigures } from './migrations/0004-alert-fold-figures.js';
import { ledgerSeqColumns } from './migrations/0005-ledger-seq.js';
import { planRowsTable } from './migrations/0006-plan-rows.js';
import { orderVersionsTable } from './migrations/0007-order-versions.js';
import { ibContractsTable } from './migrations/0008-ib-contracts.js';
import { spreadLegsTable } from './migrations/0009-spread-legs.js';

// Migrations live in code rather than files on disk so that the compiled package carries
// them and a fresh database needs nothing but the binary. The same list makes the tables on
// SQLite and on PostgreSQL: migrations/column-types.ts holds what differs between the two. One file per migration under
// migrations/, registered here in order. Append only: never edit one that has shipped.
const migrations: Record<string, Migration> = {
  '0001-core': coreTables,
  '0002-notify-outbox': notifyOutboxTables,
  '0003-ledger': ledgerTables,
  '0004-alert-fold-figures': alertFoldFigures,
  '0005-ledger-seq': ledgerSeqColumns,
  '0006-plan-rows': planRowsTable,
  '0007-order-versions': orderVersionsTable,
  '0008-ib-contracts': ibContractsTable,
  '0009-spread-legs': spreadLegsTable,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Names of every migration, in order: what a current schema has run. */
export const MIGRATION_NAMES: readonly string[] = Object.keys(migrations);

/**
 * Brings the schema up to date in one IMMEDIATE transaction on the connection that `db` runs
 * on. SQLite can roll back schema changes, but Kysely's migrator does not use a transaction
 * on SQLite: a disk that filled in the middle of the first migration left half its tables,
 * and every later start failed with `table "runs" already exists`. In one transaction a
 * failed migration leaves nothing, and the next start migrates cleanly. IMMEDIATE takes the
 * write lock before reading which migrations ran, so of two first runs started together the
 * second waits (busy timeout) and then finds the schema made, instead of making it twice.
 */
export async function migrateToLatest(sqlite: SQLite.Database, db: Kysely<unknown>): Promise<void> {
  if (isUpToDate(sqlite)) return;
  sqlite.exec('BEGIN IMMEDIATE');
  try {
    const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
    const failed = results?.find((r) => r.status === 'Error');
    if (error || failed) {
      throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    sqlite.exec('COMMIT');
  } catch (error) {
    if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
    throw error;
  }
}

// Most opens find the schema current: they need no write lock, so a reader (status, the
// dashboard) never waits behind a run's transaction just to open the file.
function isUpToDate(sqlite: SQLite.Database): boolean {
  try {
    const done = new Set((sqlite.prepare('select name from kysely_migration').all() as { name: string }[]).map((r) => r.name));
    return Object.keys(migrations).every((name) => done.has(name));
  } catch {
    return false;
  }
}

// Any fixed key: it serialises the first opens of accounts on one PostgreSQL database.
const POSTGRES_MIGRATION_LOCK = 7_114_105_245_001;

/**
 * Brings the account's PostgreSQL schema up to date. PostgreSQL's DDL is transactional and
 * Kysely's migrator runs all pending migrations in one transaction under its own lock, so a
 * failed migration leaves nothing. Creating the schema and the migrator's own table happens
 * before that transaction: two first opens of one account at once could both try to create
 * them, so the whole migration holds a session lock first and the second finds them made.
 * The migrations' tables land in the account's schema because it alone is on the search path
 * (postgres.ts); the migrator is told the schema so that it looks for its table there and not
 * in another account's schema.
 */
export async function migratePostgresToLatest(db: Kysely<unknown>, schema: string): Promise<void> {
  await db.connection().execute(async (connection) => {
    await sql`select pg_advisory_lock(${sql.lit(POSTGRES_MIGRATION_LOCK)})`.execute(connection);
    try {
      // CREATE SCHEMA checks the right to create schemas even when the schema exists: a user
      // given only its own schema (made and granted by an administrator) must not be asked for it.
      const { rows } = await sql<{ found: number }>`select 1 as found from pg_namespace where nspname = ${schema}`.execute(connection);
      if (rows.length === 0) await sql`create schema ${sql.id(schema)}`.execute(connection);
      const { error, results } = await new Migrator({ db: connection, provider, migrationTableSchema: schema }).migrateToLatest();
      const failed = results?.find((r) => r.status === 'Error');
      if (error || failed) {
        throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    } finally {
      await sql`select pg_advisory_unlock(${sql.lit(POSTGRES_MIGRATION_LOCK)})`.execute(connection);
    }
  });
}
