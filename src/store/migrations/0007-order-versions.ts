import type { Kysely, Migration } from 'kysely';
import { columnTypes } from './column-types.js';

/**
 * The versions of each order: the terms it was placed with, then every amendment (a later
 * run's plan carried out on the working order, a step of the re-price ladder), each with the
 * decision and arrival prices its slippage is measured against. Orders sent before this
 * migration have no versions; the report measures them from the orders table as before.
 */
export const orderVersionsTable: Migration = {
  async up(db: Kysely<unknown>) {
    const t = columnTypes(db);
    await db.schema
      .createTable('order_versions')
      .$call(t.id)
      .addColumn('account', 'text', (c) => c.notNull())
      .addColumn('tag', 'text', (c) => c.notNull())
      .addColumn('broker_id', 'text', (c) => c.notNull())
      .addColumn('run_id', 'text', (c) => c.notNull())
      .addColumn('intent_tag', 'text', (c) => c.notNull())
      .addColumn('symbol', 'text', (c) => c.notNull())
      .addColumn('side', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('quantity', t.real, (c) => c.notNull())
      .addColumn('limit_price', t.real, (c) => c.notNull())
      .addColumn('filled_quantity', t.real, (c) => c.notNull())
      .addColumn('decision_price', t.real, (c) => c.notNull())
      .addColumn('arrival_price', t.real)
      .execute();
    await db.schema.createIndex('order_versions_account_tag').on('order_versions').columns(['account', 'tag']).execute();
  },
};
