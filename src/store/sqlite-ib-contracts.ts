import type { CachedContract, ContractCacheStore } from '../brokers/ib/contract-cache.js';
import type { Database } from './sqlite.js';

/** The IB adapter's contract details of one account, kept across runs in `ib_contracts`. */
export class SqliteIbContracts implements ContractCacheStore {
  readonly #db: Database;
  readonly #account: string;

  constructor(db: Database, account: string) {
    this.#db = db;
    this.#account = account;
  }

  async load(): Promise<readonly CachedContract[]> {
    const rows = await this.#db.selectFrom('ib_contracts').selectAll().where('account', '=', this.#account).execute();
    return rows.map((row) => ({
      symbol: row.symbol,
      key: row.contract_key,
      conId: row.con_id,
      minTick: row.min_tick,
      longName: row.long_name,
      ...(row.min_size !== null ? { minSize: row.min_size } : {}),
      ...(row.size_increment !== null ? { sizeIncrement: row.size_increment } : {}),
      fetchedAt: Date.parse(row.fetched_at),
    }));
  }

  async save(entry: CachedContract): Promise<void> {
    const values = {
      contract_key: entry.key,
      con_id: entry.conId,
      min_tick: entry.minTick,
      long_name: entry.longName,
      min_size: entry.minSize ?? null,
      size_increment: entry.sizeIncrement ?? null,
      fetched_at: new Date(entry.fetchedAt).toISOString(),
    };
    await this.#db
      .insertInto('ib_contracts')
      .values({ account: this.#account, symbol: entry.symbol, ...values })
      .onConflict((oc) => oc.columns(['account', 'symbol']).doUpdateSet(values))
      .execute();
  }

  async forget(symbol: string): Promise<void> {
    await this.#db.deleteFrom('ib_contracts').where('account', '=', this.#account).where('symbol', '=', symbol).execute();
  }
}
