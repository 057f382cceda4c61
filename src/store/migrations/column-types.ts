import { PostgresAdapter, type CreateTableBuilder, type Kysely } from 'kysely';

/**
 * The one place where the migrations differ between SQLite and PostgreSQL. Every migration
 * writes its columns with these, so one list of migrations makes the same tables on both:
 * - numbers: SQLite's INTEGER is 64-bit and its REAL is a double; PostgreSQL's `integer` is
 *   32-bit and its `real` single precision, which would round prices and overflow minor units.
 *   On PostgreSQL integers are `bigint` and reals `double precision` (postgres.ts reads both
 *   back as numbers).
 * - an autoincrement id: SQLite's INTEGER PRIMARY KEY AUTOINCREMENT, PostgreSQL's bigserial.
 * - insertion order: the journal orders rows recorded at the same time by SQLite's implicit
 *   `rowid`; on PostgreSQL, tables read that way get a `rowid` bigserial column of their own,
 *   so the same `order by rowid` works on both.
 * Booleans stay integers 0/1 and JSON stays text on both: the journal reads them the same way.
 * On SQLite every statement is exactly what the migrations wrote before PostgreSQL existed, so
 * databases made by earlier versions match the tables a new one gets.
 */
export interface ColumnTypes {
  /** PostgreSQL, where a table has a `rowid` only if its migration gave it one (insertionOrder). */
  readonly postgres: boolean;
  readonly integer: 'integer' | 'bigint';
  readonly real: 'real' | 'double precision';
  /** Adds `id`, an autoincrement primary key. */
  id<T extends string>(table: CreateTableBuilder<T, never>): CreateTableBuilder<T, 'id'>;
  /** On PostgreSQL adds the `rowid` that SQLite has by itself. */
  insertionOrder<T extends string, C extends string>(table: CreateTableBuilder<T, C>): CreateTableBuilder<T, C>;
}

export function columnTypes(db: Kysely<unknown>): ColumnTypes {
  // Migrations receive only the Kysely instance: its adapter says which database it is.
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  return postgres
    ? {
        postgres: true,
        integer: 'bigint',
        real: 'double precision',
        id: (table) => table.addColumn('id', 'bigserial', (c) => c.primaryKey()),
        insertionOrder: (table) => table.addColumn('rowid', 'bigserial', (c) => c.notNull()) as typeof table,
      }
    : {
        postgres: false,
        integer: 'integer',
        real: 'real',
        id: (table) => table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement()),
        insertionOrder: (table) => table,
      };
}
