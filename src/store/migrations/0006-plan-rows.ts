import type { Kysely, Migration } from 'kysely';
import { columnTypes } from './column-types.js';

/**
 * The plan of each run as the owner reads it (target and current weight, the trade, why), so
 * that status and the digest show positions against targets. One JSON document per run.
 */
export const planRowsTable: Migration = {
  async up(db: Kysely<unknown>) {
    const t = columnTypes(db);
    await db.schema
      .createTable('plan_rows')
      .addColumn('run_id', 'text', (c) => c.primaryKey().references('runs.id'))
      .addColumn('account', 'text', (c) => c.notNull())
      .addColumn('planned_at', 'text', (c) => c.notNull())
      .addColumn('rows', 'text', (c) => c.notNull())
      .$call(t.insertionOrder)
      .execute();
    await db.schema.createIndex('plan_rows_by_account_time').on('plan_rows').columns(['account', 'planned_at']).execute();
  },
};
