import { sql, type Kysely, type Migration } from 'kysely';
import { columnTypes } from './column-types.js';

/**
 * Each snapshot and each trading day's start records the ledger sequence it includes: the id of
 * the last ledger entry recorded before the account was read. A cash flow then belongs to a
 * snapshot by the order in which the two were recorded, never by comparing timestamps, which
 * are equal whenever a flow is added after the day's last run on the data's clock.
 *
 * Rows recorded before this migration get the last entry strictly earlier than their time: a
 * flow at the very time of a reading is taken as recorded after it, which is what `clock: data`
 * produces when a flow is added after the day's last run.
 */
export const ledgerSeqColumns: Migration = {
  async up(db: Kysely<unknown>) {
    const t = columnTypes(db);
    await db.schema.alterTable('snapshots').addColumn('ledger_seq', t.integer, (c) => c.notNull().defaultTo(0)).execute();
    await db.schema.alterTable('days').addColumn('start_ledger_seq', t.integer, (c) => c.notNull().defaultTo(0)).execute();
    await sql`update snapshots set ledger_seq = coalesce((select max(e.id) from ledger_entries e where e.account = snapshots.account and e.time < snapshots.time), 0)`.execute(db);
    await sql`update days set start_ledger_seq = coalesce((select max(e.id) from ledger_entries e where e.account = days.account and e.time < days.start_time), 0)`.execute(db);
  },
};
