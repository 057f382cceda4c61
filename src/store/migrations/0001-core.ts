import { sql, type Kysely, type Migration } from 'kysely';
import { columnTypes } from './column-types.js';

/** The core cycle's tables: runs, journal, orders, fills, snapshots, days, kill switch, documents, daily tables. */
export const coreTables: Migration = {
  async up(db: Kysely<unknown>) {
    const t = columnTypes(db);
    await db.schema
      .createTable('runs')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('account', 'text', (c) => c.notNull())
      .addColumn('purpose', 'text', (c) => c.notNull())
      .addColumn('dry_run', t.integer, (c) => c.notNull())
      .addColumn('started_at', 'text', (c) => c.notNull())
      .addColumn('ended_at', 'text')
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('orders_sent', t.integer, (c) => c.notNull().defaultTo(0))
      .addColumn('fills', t.integer, (c) => c.notNull().defaultTo(0))
      .addColumn('message', 'text')
      .addColumn('pid', t.integer, (c) => c.notNull())
      .$call(t.insertionOrder)
      .execute();
    await db.schema
      .createTable('journal')
      .$call(t.id)
      .addColumn('run_id', 'text', (c) => c.notNull().references('runs.id'))
      .addColumn('step', 'text', (c) => c.notNull())
      .addColumn('started_at', 'text', (c) => c.notNull())
      .addColumn('duration_ms', t.real, (c) => c.notNull())
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('error', 'text')
      .execute();
    await db.schema
      .createTable('orders')
      .addColumn('tag', 'text', (c) => c.primaryKey())
      .addColumn('run_id', 'text', (c) => c.notNull())
      .addColumn('account', 'text', (c) => c.notNull())
      .addColumn('symbol', 'text', (c) => c.notNull())
      .addColumn('side', 'text', (c) => c.notNull())
      .addColumn('quantity', t.real, (c) => c.notNull())
      .addColumn('limit_price', t.real, (c) => c.notNull())
      .addColumn('reference_price', t.real, (c) => c.notNull())
      .addColumn('broker_id', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('filled_quantity', t.real, (c) => c.notNull().defaultTo(0))
      .addColumn('planned_at', 'text', (c) => c.notNull())
      .addColumn('sent_at', 'text')
      .addColumn('reject_reason', 'text')
      .execute();
    await db.schema
      .createTable('fills')
      .addColumn('exec_id', 'text', (c) => c.primaryKey())
      .addColumn('account', 'text', (c) => c.notNull())
      .addColumn('tag', 'text', (c) => c.notNull())
      .addColumn('recorded_by_run', 'text', (c) => c.notNull())
      .addColumn('broker_order_id', 'text', (c) => c.notNull())
      .addColumn('symbol', 'text', (c) => c.notNull())
      .addColumn('side', 'text', (c) => c.notNull())
      .addColumn('quantity', t.real, (c) => c.notNull())
      .addColumn('price', t.real, (c) => c.notNull())
      .addColumn('commission', t.real, (c) => c.notNull())
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('time', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('fills_account_time').on('fills').columns(['account', 'time']).execute();
    await db.schema
      .createTable('snapshots')
      .addColumn('run_id', 'text', (c) => c.primaryKey())
      .addColumn('account', 'text', (c) => c.notNull())
      .addColumn('time', 'text', (c) => c.notNull())
      .addColumn('nlv', t.real, (c) => c.notNull())
      .addColumn('gross_leverage', t.real, (c) => c.notNull())
      .addColumn('net_leverage', t.real, (c) => c.notNull())
      .addColumn('pnl_day', t.real, (c) => c.notNull())
      .addColumn('pnl_since_start', t.real, (c) => c.notNull())
      .addColumn('json', 'text', (c) => c.notNull())
      .$call(t.insertionOrder)
      .execute();
    await db.schema.createIndex('snapshots_account_time').on('snapshots').columns(['account', 'time']).execute();
    await db.schema
      .createTable('days')
      .addColumn('account', 'text', (c) => c.notNull())
      .addColumn('date', 'text', (c) => c.notNull())
      .addColumn('start_nlv', t.real, (c) => c.notNull())
      .addColumn('start_time', 'text', (c) => c.notNull())
      .addColumn('digests', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('eod_committed_at', 'text')
      .addPrimaryKeyConstraint('days_pk', ['account', 'date'])
      .execute();
    await db.schema
      .createTable('kill_switch')
      .$call(t.id)
      .addColumn('account', 'text', (c) => c.notNull())
      .addColumn('time', 'text', (c) => c.notNull())
      .addColumn('halted', t.integer, (c) => c.notNull())
      .addColumn('reason', 'text')
      .addColumn('source', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('key_values')
      .addColumn('account', 'text', (c) => c.notNull())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('key_values_pk', ['account', 'key'])
      .execute();
    await db.schema
      .createTable('documents')
      .addColumn('account', 'text', (c) => c.notNull())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('json', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('documents_pk', ['account', 'key'])
      .execute();
    await db.schema
      .createTable('daily_snapshots')
      .addColumn('account', 'text', (c) => c.notNull())
      .addColumn('date', 'text', (c) => c.notNull())
      .addColumn('run_id', 'text', (c) => c.notNull())
      .addColumn('time', 'text', (c) => c.notNull())
      .addColumn('nlv', t.real, (c) => c.notNull())
      .addColumn('pnl_day', t.real, (c) => c.notNull())
      .addColumn('json', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('daily_snapshots_pk', ['account', 'date'])
      .execute();
    await db.schema
      .createTable('trades')
      .addColumn('exec_id', 'text', (c) => c.primaryKey())
      .addColumn('account', 'text', (c) => c.notNull())
      .addColumn('date', 'text', (c) => c.notNull())
      .addColumn('time', 'text', (c) => c.notNull())
      .addColumn('run_id', 'text', (c) => c.notNull())
      .addColumn('tag', 'text', (c) => c.notNull())
      .addColumn('symbol', 'text', (c) => c.notNull())
      .addColumn('side', 'text', (c) => c.notNull())
      .addColumn('quantity', t.real, (c) => c.notNull())
      .addColumn('price', t.real, (c) => c.notNull())
      .addColumn('commission', t.real, (c) => c.notNull())
      .addColumn('currency', 'text', (c) => c.notNull())
      .execute();
    await sql`select 1`.execute(db);
  },
};
