import { sql, type Kysely, type Migration } from 'kysely';
import { columnTypes } from './column-types.js';
import { spreadOfFill, withSpreadFill, type SpreadLegs } from '../../domain/spread-legs.js';

/**
 * The legs each spread was last traded with, one row per account and spread name, kept as fills
 * are recorded: a run finds its spreads without reading every fill ever recorded. Filled here
 * from the fills recorded before, in the order they were recorded.
 */
export const spreadLegsTable: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('spread_legs')
      .addColumn('account', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('run_id', 'text', (c) => c.notNull())
      .addColumn('time', 'text', (c) => c.notNull())
      .addColumn('symbols', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('spread_legs_pk', ['account', 'name'])
      .execute();
    const old = db as unknown as Kysely<{ fills: { account: string; tag: string; symbol: string; time: string } }>;
    // Recording order: SQLite's rowid. The fills table has no rowid on PostgreSQL, which this
    // migration always meets empty (PostgreSQL journals are made with every migration at once).
    const byRecording = old.selectFrom('fills').select(['account', 'tag', 'symbol', 'time']);
    const fills = await (columnTypes(db).postgres ? byRecording.orderBy('time').orderBy('tag') : byRecording.orderBy(sql`rowid`)).execute();
    const legs = new Map<string, SpreadLegs & { account: string }>();
    for (const row of fills) {
      const fill = { tag: row.tag, symbol: row.symbol, time: Date.parse(row.time) };
      const spread = spreadOfFill(fill);
      if (!spread) continue;
      const key = `${row.account}\u0000${spread.name}`;
      const next = withSpreadFill(legs.get(key), fill);
      if (next) legs.set(key, { ...next, account: row.account });
    }
    const rows = [...legs.values()].map((l) => ({ account: l.account, name: l.name, run_id: l.runId, time: new Date(l.time).toISOString(), symbols: JSON.stringify(l.symbols) }));
    const table = db as unknown as Kysely<{ spread_legs: (typeof rows)[number] }>;
    for (const row of rows) await table.insertInto('spread_legs').values(row).execute();
  },
};
