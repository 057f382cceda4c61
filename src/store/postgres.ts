import pg from 'pg';
import { CompiledQuery, Kysely, PostgresDialect } from 'kysely';
import type { DatabaseSchema } from './schema.js';
import { migratePostgresToLatest } from './migrations.js';
import { DatabaseOpenError, type Database } from './sqlite.js';

// This module is imported only when a config selects `store: { kind: postgres }` (open-store.ts
// loads it lazily), so that commands of SQLite accounts never load `pg`.

/** Where an account's PostgreSQL journal is: the server's URL (with its password) and the account's schema. */
export interface PostgresLocation {
  readonly url: string;
  readonly schema: string;
}

/**
 * Opens (creating the schema and migrating it if needed) the account's schema on a PostgreSQL
 * server. Every connection of the pool has the account's schema alone on its search path, so
 * the journal's queries, written without a schema, read and write only this account's tables.
 */
export async function openPostgres(location: PostgresLocation): Promise<Database> {
  const pool = new pg.Pool({ connectionString: location.url, types: NUMBERS_AS_NUMBERS, keepAlive: true, max: 4, allowExitOnIdle: true });
  // An idle connection the server drops (restart, failover) must not crash the process: the
  // pool replaces it, and the query that needs it reports its own error.
  pool.on('error', () => undefined);
  const db = new Kysely<DatabaseSchema>({
    dialect: new PostgresDialect({
      pool,
      onCreateConnection: async (connection) => {
        await connection.executeQuery(CompiledQuery.raw(`set search_path to ${quoteIdentifier(location.schema)}`));
      },
    }),
  });
  try {
    await migratePostgresToLatest(db as Kysely<unknown>, location.schema);
    return db;
  } catch (error) {
    await db.destroy().catch(() => undefined);
    throw new DatabaseOpenError(describePostgres(location), error);
  }
}

/** The server, database and schema for messages: never the user's password. */
export function describePostgres(location: PostgresLocation): string {
  try {
    const url = new URL(location.url);
    return `PostgreSQL ${url.host}${url.pathname} schema ${location.schema}`;
  } catch {
    return `PostgreSQL schema ${location.schema}`;
  }
}

export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * `pg` returns int8 (bigint) and numeric as strings, because they can exceed what a JavaScript
 * number holds exactly. The migrations make every integer column bigint (SQLite's integers are
 * 64-bit), and count(*) and sum() of bigint return int8 and numeric: as strings, `row.id - 1`
 * and `a.id < b.id` would silently compare text. The journal's integers (ids, minor units,
 * counts) stay far below 2^53, so they are read as numbers, and a value beyond that fails
 * loudly instead of being rounded.
 */
const NUMBERS_AS_NUMBERS = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === pg.types.builtins.INT8) return parseInt8;
    if (oid === pg.types.builtins.NUMERIC) return parseFloat;
    return format === undefined ? pg.types.getTypeParser(oid) : pg.types.getTypeParser(oid, format);
  }) as typeof pg.types.getTypeParser,
};

function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new Error(`PostgreSQL returned the integer ${text}, beyond what autofolio reads exactly (2^53)`);
  return value;
}
