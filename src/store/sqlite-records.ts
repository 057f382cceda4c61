import { sql } from 'kysely';
import type { DayRecord, KillSwitchState, RunOutcome, RunPurpose, RunRecords, RunSummary } from '../cycle/run-records.js';
import type { JournalEntry, StepOutcome } from '../cycle/journal-entry.js';
import type { BrokerOrder, Fill, OrderIntent, Side } from '../domain/order.js';
import type { Snapshot } from '../domain/snapshot.js';
import { faultPoint } from '../io/fault-point.js';
import type { Database } from './sqlite.js';
import type { FillsTable, RunsTable } from './schema.js';

const iso = (t: number): string => new Date(t).toISOString();
const epoch = (s: string): number => Date.parse(s);

/** RunRecords on the account's SQLite database. Each method is one transaction. */
export class SqliteRecords implements RunRecords {
  readonly #db: Database;
  readonly #account: string;

  constructor(db: Database, account: string) {
    this.#db = db;
    this.#account = account;
  }

  async markInterruptedRuns(isAlive: (pid: number) => boolean): Promise<string[]> {
    const running = await this.#db.selectFrom('runs').select(['id', 'pid']).where('account', '=', this.#account).where('outcome', '=', 'running').execute();
    const dead = running.filter((r) => !isAlive(r.pid)).map((r) => r.id);
    if (dead.length === 0) return [];
    const message = 'the process stopped before the run finished (killed or crashed); the next run recovered its orders and fills';
    await this.#db.transaction().execute(async (tx) => {
      await tx.updateTable('runs').set({ outcome: 'interrupted', message }).where('id', 'in', dead).execute();
      const now = new Date().toISOString();
      for (const id of dead) {
        await tx.insertInto('journal').values({ run_id: id, step: 'interrupted', started_at: now, duration_ms: 0, outcome: 'error', error: message }).execute();
      }
    });
    return dead;
  }

  async startRun(run: { id: string; purpose: RunPurpose; dryRun: boolean; startedAt: number; pid: number }): Promise<void> {
    await this.#db
      .insertInto('runs')
      .values({ id: run.id, account: this.#account, purpose: run.purpose, dry_run: run.dryRun ? 1 : 0, started_at: iso(run.startedAt), ended_at: null, outcome: 'running', orders_sent: 0, fills: 0, message: null, pid: run.pid })
      .execute();
  }

  async finishRun(id: string, result: { outcome: RunOutcome; endedAt: number; ordersSent: number; fills: number; message?: string }): Promise<void> {
    await this.#db
      .updateTable('runs')
      .set({ outcome: result.outcome, ended_at: iso(result.endedAt), orders_sent: result.ordersSent, fills: result.fills, message: result.message ?? null })
      .where('id', '=', id)
      .execute();
  }

  async recordStep(entry: JournalEntry): Promise<void> {
    await this.#db
      .insertInto('journal')
      .values({ run_id: entry.runId, step: entry.step, started_at: iso(entry.startedAt), duration_ms: entry.durationMs, outcome: entry.outcome, error: entry.error ?? null })
      .execute();
  }

  async journal(runId: string): Promise<JournalEntry[]> {
    const rows = await this.#db.selectFrom('journal').selectAll().where('run_id', '=', runId).orderBy('id').execute();
    return rows.map((r) => ({ runId: r.run_id, step: r.step, startedAt: epoch(r.started_at), durationMs: r.duration_ms, outcome: r.outcome as StepOutcome, ...(r.error ? { error: r.error } : {}) }));
  }

  async lastRun(): Promise<RunSummary | undefined> {
    return (await this.runs(1))[0];
  }

  async runs(limit: number): Promise<RunSummary[]> {
    const rows = await this.#db.selectFrom('runs').selectAll().where('account', '=', this.#account).orderBy('started_at', 'desc').orderBy(sql`rowid`, 'desc').limit(limit).execute();
    return rows.map(toRunSummary);
  }

  async recordPlannedOrders(runId: string, orders: readonly OrderIntent[], at: number): Promise<void> {
    if (orders.length === 0) return;
    await this.#db.transaction().execute(async (tx) => {
      for (const o of orders) {
        await tx
          .insertInto('orders')
          .values({ tag: o.tag, run_id: runId, account: this.#account, symbol: o.symbol, side: o.side, quantity: o.quantity, limit_price: o.limitPrice, reference_price: o.referencePrice, broker_id: null, status: 'planned', filled_quantity: 0, planned_at: iso(at), sent_at: null, reject_reason: null })
          .onConflict((oc) => oc.column('tag').doNothing())
          .execute();
      }
    });
  }

  async recordOrderState(order: BrokerOrder, sentAt?: number): Promise<void> {
    await this.#db
      .updateTable('orders')
      .set({
        broker_id: order.brokerId,
        status: order.status,
        filled_quantity: order.filledQuantity,
        reject_reason: order.rejectReason ?? null,
        ...(sentAt !== undefined ? { sent_at: iso(sentAt) } : {}),
      })
      .where('tag', '=', order.tag)
      .execute();
  }

  async hasOrderTag(tag: string): Promise<boolean> {
    const row = await this.#db.selectFrom('orders').select('tag').where('tag', '=', tag).executeTakeFirst();
    return row !== undefined;
  }

  async recordFills(runId: string, fills: readonly Fill[]): Promise<Fill[]> {
    if (fills.length === 0) return [];
    return this.#db.transaction().execute(async (tx) => {
      const fresh: Fill[] = [];
      for (const f of fills) {
        faultPoint('record-fill');
        const result = await tx
          .insertInto('fills')
          .values({ exec_id: f.execId, account: this.#account, tag: f.tag, recorded_by_run: runId, broker_order_id: f.brokerOrderId, symbol: f.symbol, side: f.side, quantity: f.quantity, price: f.price, commission: f.commission, currency: f.currency, time: iso(f.time) })
          .onConflict((oc) => oc.column('exec_id').doNothing())
          .executeTakeFirst();
        if (Number(result.numInsertedOrUpdatedRows ?? 0n) > 0) fresh.push(f);
      }
      return fresh;
    });
  }

  async fillsBetween(from: number, to: number): Promise<Fill[]> {
    const rows = await this.#db.selectFrom('fills').selectAll().where('account', '=', this.#account).where('time', '>=', iso(from)).where('time', '<', iso(to)).orderBy('time').orderBy('exec_id').execute();
    return rows.map(toFill);
  }

  async referencePrices(tags: readonly string[]): Promise<Map<string, number>> {
    if (tags.length === 0) return new Map();
    const rows = await this.#db.selectFrom('orders').select(['tag', 'reference_price']).where('account', '=', this.#account).where('tag', 'in', [...new Set(tags)]).execute();
    return new Map(rows.map((r) => [r.tag, r.reference_price]));
  }

  async day(date: string): Promise<DayRecord | undefined> {
    const row = await this.#db.selectFrom('days').selectAll().where('account', '=', this.#account).where('date', '=', date).executeTakeFirst();
    return row && { date: row.date, startNlv: row.start_nlv, digests: row.digests ? row.digests.split(',') : [], endOfDayCommitted: row.eod_committed_at !== null };
  }

  async startDay(date: string, startNlv: number, at: number): Promise<void> {
    await this.#db
      .insertInto('days')
      .values({ account: this.#account, date, start_nlv: startNlv, start_time: iso(at), digests: '', eod_committed_at: null })
      .onConflict((oc) => oc.columns(['account', 'date']).doNothing())
      .execute();
  }

  async markDigestSent(date: string, label: string): Promise<void> {
    const day = await this.day(date);
    if (!day || day.digests.includes(label)) return;
    await this.#db.updateTable('days').set({ digests: [...day.digests, label].join(',') }).where('account', '=', this.#account).where('date', '=', date).execute();
  }

  async accountStartNlv(): Promise<number | undefined> {
    const value = await this.#value('start_nlv');
    return value === undefined ? undefined : Number(value);
  }

  async setAccountStartNlv(nlv: number): Promise<void> {
    await this.#db
      .insertInto('key_values')
      .values({ account: this.#account, key: 'start_nlv', value: String(nlv) })
      .onConflict((oc) => oc.columns(['account', 'key']).doNothing())
      .execute();
  }

  async saveSnapshot(snapshot: Snapshot): Promise<void> {
    await this.#db
      .insertInto('snapshots')
      .values({ run_id: snapshot.runId, account: this.#account, time: iso(snapshot.time), nlv: snapshot.nlv, gross_leverage: snapshot.grossLeverage, net_leverage: snapshot.netLeverage, pnl_day: snapshot.pnlDay, pnl_since_start: snapshot.pnlSinceStart, json: JSON.stringify(snapshot) })
      .onConflict((oc) => oc.column('run_id').doUpdateSet({ json: (eb) => eb.ref('excluded.json'), nlv: (eb) => eb.ref('excluded.nlv') }))
      .execute();
  }

  async latestSnapshot(): Promise<Snapshot | undefined> {
    const row = await this.#db.selectFrom('snapshots').select('json').where('account', '=', this.#account).orderBy('time', 'desc').limit(1).executeTakeFirst();
    return row && (JSON.parse(row.json) as Snapshot);
  }

  async snapshotsBetween(from: number, to: number): Promise<Snapshot[]> {
    const rows = await this.#db.selectFrom('snapshots').select('json').where('account', '=', this.#account).where('time', '>=', iso(from)).where('time', '<', iso(to)).orderBy('time').orderBy('run_id').execute();
    return rows.map((row) => JSON.parse(row.json) as Snapshot);
  }

  async commitEndOfDay(date: string, at: number): Promise<{ snapshots: number; trades: number }> {
    return this.#db.transaction().execute(async (tx) => {
      const last = await tx.selectFrom('snapshots').selectAll().where('account', '=', this.#account).where(sql<string>`substr(time, 1, 10)`, '=', date).orderBy('time', 'desc').limit(1).executeTakeFirst();
      let snapshots = 0;
      if (last) {
        await tx
          .insertInto('daily_snapshots')
          .values({ account: this.#account, date, run_id: last.run_id, time: last.time, nlv: last.nlv, pnl_day: last.pnl_day, json: last.json })
          .onConflict((oc) => oc.columns(['account', 'date']).doUpdateSet({ run_id: last.run_id, time: last.time, nlv: last.nlv, pnl_day: last.pnl_day, json: last.json }))
          .execute();
        snapshots = 1;
      }
      const fills = await tx.selectFrom('fills').selectAll().where('account', '=', this.#account).where(sql<string>`substr(time, 1, 10)`, '=', date).execute();
      for (const f of fills) {
        faultPoint('commit-trade');
        await tx
          .insertInto('trades')
          .values({ exec_id: f.exec_id, account: this.#account, date, time: f.time, run_id: f.recorded_by_run, tag: f.tag, symbol: f.symbol, side: f.side, quantity: f.quantity, price: f.price, commission: f.commission, currency: f.currency })
          .onConflict((oc) => oc.column('exec_id').doNothing())
          .execute();
      }
      await tx.updateTable('days').set({ eod_committed_at: iso(at) }).where('account', '=', this.#account).where('date', '=', date).execute();
      return { snapshots, trades: fills.length };
    });
  }

  async killSwitch(): Promise<KillSwitchState> {
    const row = await this.#db.selectFrom('kill_switch').selectAll().where('account', '=', this.#account).orderBy('id', 'desc').limit(1).executeTakeFirst();
    if (!row) return { halted: false };
    return { halted: row.halted === 1, since: epoch(row.time), source: row.source, ...(row.reason ? { reason: row.reason } : {}) };
  }

  async setKillSwitch(halted: boolean, reason: string | undefined, source: string, at: number): Promise<void> {
    await this.#db.insertInto('kill_switch').values({ account: this.#account, time: iso(at), halted: halted ? 1 : 0, reason: reason ?? null, source }).execute();
  }

  async #value(key: string): Promise<string | undefined> {
    const row = await this.#db.selectFrom('key_values').select('value').where('account', '=', this.#account).where('key', '=', key).executeTakeFirst();
    return row?.value;
  }
}

function toRunSummary(r: RunsTable): RunSummary {
  return {
    id: r.id,
    purpose: r.purpose as RunPurpose,
    dryRun: r.dry_run === 1,
    startedAt: epoch(r.started_at),
    ...(r.ended_at ? { endedAt: epoch(r.ended_at) } : {}),
    outcome: r.outcome as RunOutcome,
    ordersSent: r.orders_sent,
    fills: r.fills,
    ...(r.message ? { message: r.message } : {}),
  };
}

function toFill(r: FillsTable): Fill {
  return { execId: r.exec_id, brokerOrderId: r.broker_order_id, tag: r.tag, symbol: r.symbol, side: r.side as Side, quantity: r.quantity, price: r.price, commission: r.commission, currency: r.currency, time: epoch(r.time) };
}
