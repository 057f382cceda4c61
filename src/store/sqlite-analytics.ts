import { sql } from 'kysely';
import type { Fill, Side } from '../domain/order.js';
import type { Snapshot } from '../domain/snapshot.js';
import { toSnapshot } from './sqlite-journal-writes.js';
import type { Database } from './sqlite.js';

/** A fill with the reference price its order was planned at. */
export interface FillWithReference extends Fill {
  readonly referencePrice: number | undefined;
}

const iso = (t: number): string => new Date(t).toISOString();

/** Read-only queries the report needs from the cycle's tables (snapshots, fills, orders). */
export class SqliteAnalyticsSource {
  readonly #db: Database;
  readonly #account: string;

  constructor(db: Database, account: string) {
    this.#db = db;
    this.#account = account;
  }

  async snapshots(from: number, to: number): Promise<Snapshot[]> {
    const rows = await this.#db.selectFrom('snapshots').select(['json', 'ledger_seq']).where('account', '=', this.#account).where('time', '>=', iso(from)).where('time', '<', iso(to)).orderBy('time').orderBy(sql`rowid`).execute();
    return rows.map(toSnapshot);
  }

  async fills(from: number, to: number): Promise<FillWithReference[]> {
    const rows = await this.#db
      .selectFrom('fills')
      .leftJoin('orders', 'orders.tag', 'fills.tag')
      .select(['fills.exec_id', 'fills.broker_order_id', 'fills.tag', 'fills.symbol', 'fills.side', 'fills.quantity', 'fills.price', 'fills.commission', 'fills.currency', 'fills.time', 'orders.reference_price'])
      .where('fills.account', '=', this.#account)
      .where('fills.time', '>=', iso(from))
      .where('fills.time', '<', iso(to))
      .orderBy('fills.time')
      .execute();
    return rows.map((r) => ({
      execId: r.exec_id,
      brokerOrderId: r.broker_order_id,
      tag: r.tag,
      symbol: r.symbol,
      side: r.side as Side,
      quantity: r.quantity,
      price: r.price,
      commission: r.commission,
      currency: r.currency,
      time: Date.parse(r.time),
      referencePrice: r.reference_price ?? undefined,
    }));
  }
}
