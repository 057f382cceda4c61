import pg from 'pg';
import { CompiledQuery, Kysely, PostgresDialect } from 'kysely';

// The one place that opens Kysely over `pg`. Modules that import this one are loaded only by
// the commands that use PostgreSQL, so that the others never load `pg`.

export interface PostgresKyselyOptions {
  /** The server's URL, with its password. */
  readonly url: string;
  readonly maxConnections: number;
  /** A schema to put alone on every connection's search path, so that queries written without a schema use only its tables. */
  readonly schema?: string;
  /** How the connections name themselves in pg_stat_activity. */
  readonly applicationName?: string;
}

/**
 * A Kysely database over a pool of `pg` connections that reads int8 and numeric as numbers
 * (see NUMBERS_AS_NUMBERS). The pool connects only when a query first needs a connection.
 */
export function openPostgresKysely<DB>(options: PostgresKyselyOptions): Kysely<DB> {
  const pool = new pg.Pool({
    connectionString: options.url,
    types: NUMBERS_AS_NUMBERS,
    keepAlive: true,
    max: options.maxConnections,
    allowExitOnIdle: true,
    ...(options.applicationName !== undefined ? { application_name: options.applicationName } : {}),
  });
  // An idle connection the server drops (restart, failover) must not crash the process: the
  // pool replaces it, and the query that needs it reports its own error.
  pool.on('error', () => undefined);
  const schema = options.schema;
  return new Kysely<DB>({
    dialect: new PostgresDialect({
      pool,
      ...(schema !== undefined
        ? { onCreateConnection: async (connection) => void (await connection.executeQuery(CompiledQuery.raw(`set search_path to ${quoteIdentifier(schema)}`))) }
        : {}),
    }),
  });
}

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * `pg` returns int8 (bigint) and numeric as strings, because they can exceed what a JavaScript
 * number holds exactly. The migrations make every integer column bigint (SQLite's integers are
 * 64-bit), and count(*) and sum() of bigint return int8 and numeric: as strings, `row.id - 1`
 * and `a.id < b.id` would silently compare text. autofolio's integers (ids, minor units,
 * counts, epoch milliseconds) stay far below 2^53, so they are read as numbers, and a value
 * beyond that fails loudly instead of being rounded.
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
