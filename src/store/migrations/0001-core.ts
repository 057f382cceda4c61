import { sql, type Kysely, type Migration } from 'kysely';

/** The core cycle's tables: runs, journal, orders, fills, snapshots, days, kill switch, documents, daily tables. */
export const coreTables: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('runs')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('account', 'text', (c) => c.notNull())
      .addColumn('purpose', 'text', (c) => c.notNull())
      .addColumn('dry_run', 'integer', (c) => c.notNull())
      .addColumn('started_at', 'text', (c) => c.notNull())
      .addColumn('ended_at', 'text')
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('orders_sent', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('fills', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('message', 'text')
      .addColumn('pid', 'integer', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('journal')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('run_id', 'text', (c) => c.notNull().references('runs.id'))
      .addColumn('step', 'text', (c) => c.notNull())
      .addColumn('started_at', 'text', (c) => c.notNull())
      .addColumn('duration_ms', 'real', (c) => c.notNull())
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
      .addColumn('quantity', 'real', (c) => c.notNull())
      .addColumn('limit_price', 'real', (c) => c.notNull())
      .addColumn('reference_price', 'real', (c) => c.notNull())
      .addColumn('broker_id', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('filled_quantity', 'real', (c) => c.notNull().defaultTo(0))
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
      .addColumn('quantity', 'real', (c) => c.notNull())
      .addColumn('price', 'real', (c) => c.notNull())
      .addColumn('commission', 'real', (c) => c.notNull())
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('time', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('fills_account_time').on('fills').columns(['account', 'time']).execute();
    await db.schema
      .createTable('snapshots')
      .addColumn('run_id', 'text', (c) => c.primaryKey())
      .addColumn('account', 'text', (c) => c.notNull())
      .addColumn('time', 'text', (c) => c.notNull())
      .addColumn('nlv', 'real', (c) => c.notNull())
      .addColumn('gross_leverage', 'real', (c) => c.notNull())
      .addColumn('net_leverage', 'real', (c) => c.notNull())
      .addColumn('pnl_day', 'real', (c) => c.notNull())
      .addColumn('pnl_since_start', 'real', (c) => c.notNull())
      .addColumn('json', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('snapshots_account_time').on('snapshots').columns(['account', 'time']).execute();
    await db.schema
      .createTable('days')
      .addColumn('account', 'text', (c) => c.notNull())
      .addColumn('date', 'text', (c) => c.notNull())
      .addColumn('start_nlv', 'real', (c) => c.notNull())
      .addColumn('start_time', 'text', (c) => c.notNull())
      .addColumn('digests', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('eod_committed_at', 'text')
      .addPrimaryKeyConstraint('days_pk', ['account', 'date'])
      .execute();
    await db.schema
      .createTable('kill_switch')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('account', 'text', (c) => c.notNull())
      .addColumn('time', 'text', (c) => c.notNull())
      .addColumn('halted', 'integer', (c) => c.notNull())
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
      .addColumn('nlv', 'real', (c) => c.notNull())
      .addColumn('pnl_day', 'real', (c) => c.notNull())
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
      .addColumn('quantity', 'real', (c) => c.notNull())
      .addColumn('price', 'real', (c) => c.notNull())
      .addColumn('commission', 'real', (c) => c.notNull())
      .addColumn('currency', 'text', (c) => c.notNull())
      .execute();
    await sql`select 1`.execute(db);
  },
};
