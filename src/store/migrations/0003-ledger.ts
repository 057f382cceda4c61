import type { Kysely, Migration } from 'kysely';
import { columnTypes } from './column-types.js';

/**
 * The ledger's own tables (src/ledger): entries in integer minor units, the FX rates each run
 * reconciled at, and the quote of each order's instrument when it was sent.
 */
export const ledgerTables: Migration = {
  async up(db: Kysely<unknown>) {
    const t = columnTypes(db);
    await db.schema
      .createTable('ledger_entries')
      .$call(t.id)
      .addColumn('account', 'text', (c) => c.notNull())
      .addColumn('time', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('amount_minor', t.integer, (c) => c.notNull())
      .addColumn('symbol', 'text')
      .addColumn('quantity', t.real)
      .addColumn('price', t.real)
      .addColumn('multiplier', t.real)
      .addColumn('commission_minor', t.integer)
      .addColumn('cost_minor', t.integer)
      .addColumn('counter_currency', 'text')
      .addColumn('counter_minor', t.integer)
      .addColumn('exec_id', 'text')
      .addColumn('rate_to_base', t.real)
      .addColumn('note', 'text')
      .execute();
    await db.schema.createIndex('ledger_entries_exec').on('ledger_entries').columns(['account', 'exec_id']).unique().execute();
    await db.schema.createIndex('ledger_entries_time').on('ledger_entries').columns(['account', 'time']).execute();
    await db.schema
      .createTable('ledger_rates')
      .addColumn('account', 'text', (c) => c.notNull())
      .addColumn('time', 'text', (c) => c.notNull())
      .addColumn('rates', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('ledger_rates_pk', ['account', 'time'])
      .execute();
    await db.schema
      .createTable('ledger_sent_quotes')
      .addColumn('tag', 'text', (c) => c.primaryKey())
      .addColumn('account', 'text', (c) => c.notNull())
      .addColumn('time', 'text', (c) => c.notNull())
      .addColumn('bid', t.real, (c) => c.notNull())
      .addColumn('ask', t.real, (c) => c.notNull())
      .execute();
  },
};
