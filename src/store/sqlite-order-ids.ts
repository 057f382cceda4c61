import type { Database } from './sqlite.js';

const KEY = 'ib.next-order-id';

/**
 * The IB adapter's persistent order-id counter, one row of `key_values` per account. It only
 * ever moves forward, so a save from a slower, older write cannot roll it back.
 */
export class SqliteOrderIds {
  readonly #db: Database;
  readonly #account: string;

  constructor(db: Database, account: string) {
    this.#db = db;
    this.#account = account;
  }

  async load(): Promise<number | undefined> {
    const row = await this.#db.selectFrom('key_values').select('value').where('account', '=', this.#account).where('key', '=', KEY).executeTakeFirst();
    return row ? Number(row.value) : undefined;
  }

  async save(next: number): Promise<void> {
    await this.#db.transaction().execute(async (tx) => {
      const row = await tx.selectFrom('key_values').select('value').where('account', '=', this.#account).where('key', '=', KEY).executeTakeFirst();
      if (row && Number(row.value) >= next) return;
      await tx
        .insertInto('key_values')
        .values({ account: this.#account, key: KEY, value: String(next) })
        .onConflict((oc) => oc.columns(['account', 'key']).doUpdateSet({ value: String(next) }))
        .execute();
    });
  }
}
