import type { Kysely, Migration } from 'kysely';
import { columnTypes } from './column-types.js';

/**
 * IB's contract details of each instrument (conId, minimum tick, size rules), kept across
 * runs: a contract's id never changes, so a run asks IB only for instruments it has never
 * seen, for entries older than broker.contractCacheDays, or after IB refused a cached one.
 * `contract_key` is the contract autofolio asked for: a change of the instrument in the
 * config (currency, exchange) asks again.
 */
export const ibContractsTable: Migration = {
  async up(db: Kysely<unknown>) {
    const t = columnTypes(db);
    await db.schema
      .createTable('ib_contracts')
      .addColumn('account', 'text', (c) => c.notNull())
      .addColumn('symbol', 'text', (c) => c.notNull())
      .addColumn('contract_key', 'text', (c) => c.notNull())
      .addColumn('con_id', t.integer, (c) => c.notNull())
      .addColumn('min_tick', t.real, (c) => c.notNull())
      .addColumn('long_name', 'text', (c) => c.notNull())
      .addColumn('min_size', t.real)
      .addColumn('size_increment', t.real)
      .addColumn('fetched_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('ib_contracts_pk', ['account', 'symbol'])
      .execute();
  },
};
