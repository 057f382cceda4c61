import type { Kysely } from 'kysely';
import type { Fill } from '../domain/order.js';
import { spreadOfFill, withSpreadFill, type SpreadLegs } from '../domain/spread-legs.js';
import type { DatabaseSchema } from './schema.js';

type Db = Kysely<DatabaseSchema>;

/** Keeps the spread_legs row of the spread a newly recorded fill is a leg of; nothing for any other fill. */
export async function recordSpreadLeg(tx: Db, account: string, fill: Fill): Promise<void> {
  const spread = spreadOfFill(fill);
  if (!spread) return;
  const row = await tx.selectFrom('spread_legs').selectAll().where('account', '=', account).where('name', '=', spread.name).executeTakeFirst();
  const known = row && toSpreadLegs(row);
  const legs = withSpreadFill(known, fill);
  if (!legs || legs === known) return;
  const values = { run_id: legs.runId, time: new Date(legs.time).toISOString(), symbols: JSON.stringify(legs.symbols) };
  await tx
    .insertInto('spread_legs')
    .values({ account, name: legs.name, ...values })
    .onConflict((oc) => oc.columns(['account', 'name']).doUpdateSet(values))
    .execute();
}

/** Every spread's legs, by name. */
export async function readSpreadLegs(db: Db, account: string): Promise<SpreadLegs[]> {
  const rows = await db.selectFrom('spread_legs').selectAll().where('account', '=', account).orderBy('name').execute();
  return rows.map(toSpreadLegs);
}

function toSpreadLegs(row: DatabaseSchema['spread_legs']): SpreadLegs {
  return { name: row.name, runId: row.run_id, time: Date.parse(row.time), symbols: JSON.parse(row.symbols) as string[] };
}
