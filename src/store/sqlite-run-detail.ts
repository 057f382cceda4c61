import type { Fill, Side } from '../domain/order.js';
import type { Database } from './sqlite.js';

/** An order as the journal holds it: planned, then sent, filled, cancelled or refused. */
export interface RecordedOrder {
  readonly tag: string;
  readonly symbol: string;
  readonly side: Side;
  readonly quantity: number;
  readonly limitPrice: number;
  readonly status: string;
  readonly filledQuantity: number;
  readonly plannedAt: number;
  readonly sentAt?: number;
  readonly rejectReason?: string;
}

const epoch = (s: string): number => Date.parse(s);

/** Read-only queries for one run's orders and fills, as the dashboard shows them. */
export class SqliteRunDetail {
  readonly #db: Database;
  readonly #account: string;

  constructor(db: Database, account: string) {
    this.#db = db;
    this.#account = account;
  }

  /** Whether the account has a run with this id. */
  async hasRun(runId: string): Promise<boolean> {
    return (await this.#db.selectFrom('runs').select('id').where('account', '=', this.#account).where('id', '=', runId).executeTakeFirst()) !== undefined;
  }

  async orders(runId: string): Promise<RecordedOrder[]> {
    const rows = await this.#db.selectFrom('orders').selectAll().where('account', '=', this.#account).where('run_id', '=', runId).orderBy('planned_at').orderBy('tag').execute();
    return rows.map((r) => ({
      tag: r.tag,
      symbol: r.symbol,
      side: r.side as Side,
      quantity: r.quantity,
      limitPrice: r.limit_price,
      status: r.status,
      filledQuantity: r.filled_quantity,
      plannedAt: epoch(r.planned_at),
      ...(r.sent_at ? { sentAt: epoch(r.sent_at) } : {}),
      ...(r.reject_reason ? { rejectReason: r.reject_reason } : {}),
    }));
  }

  /** The fills this run recorded (its own, and those of earlier runs it recovered). */
  async fills(runId: string): Promise<Fill[]> {
    const rows = await this.#db.selectFrom('fills').selectAll().where('account', '=', this.#account).where('recorded_by_run', '=', runId).orderBy('time').orderBy('exec_id').execute();
    return rows.map((r) => ({ execId: r.exec_id, brokerOrderId: r.broker_order_id, tag: r.tag, symbol: r.symbol, side: r.side as Side, quantity: r.quantity, price: r.price, commission: r.commission, currency: r.currency, time: epoch(r.time) }));
  }
}
