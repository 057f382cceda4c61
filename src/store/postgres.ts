import type { Kysely } from 'kysely';
import { openPostgresKysely } from '../postgres/kysely.js';
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
  const db = openPostgresKysely<DatabaseSchema>({ url: location.url, maxConnections: 4, schema: location.schema });
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
