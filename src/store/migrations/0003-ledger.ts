import type { Kysely, Migration } from 'kysely';

/**
 * The ledger's own tables (src/ledger): entries in integer minor units, the FX rates each run
 * reconciled at, and the quote of each order's instrument when it was sent.
 */
export const ledgerTables: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('ledger_entries')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('account', 'text', (c) => c.notNull())
      .addColumn('time', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('amount_minor', 'integer', (c) => c.notNull())
      .addColumn('symbol', 'text')
      .addColumn('quantity', 'real')
      .addColumn('price', 'real')
      .addColumn('multiplier', 'real')
      .addColumn('commission_minor', 'integer')
      .addColumn('cost_minor', 'integer')
      .addColumn('counter_currency', 'text')
      .addColumn('counter_minor', 'integer')
      .addColumn('exec_id', 'text')
      .addColumn('rate_to_base', 'real')
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
      .addColumn('bid', 'real', (c) => c.notNull())
      .addColumn('ask', 'real', (c) => c.notNull())
      .execute();
  },
};
