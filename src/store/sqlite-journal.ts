import type { Currency } from '../domain/money.js';
import { sql } from 'kysely';
import type { JournalEntry, StepOutcome } from '../cycle/journal-entry.js';
import type { Changes, DayRecord, RecordedPlan, Journal, JournalProjection, KillSwitchState, RateRecord, Recorded, RunOutcome, RunPurpose, RunSummary, SentQuote, OrderVersion, OrderVersionReason } from '../cycle/journal.js';
import type { Fill, Side } from '../domain/order.js';
import type { Snapshot } from '../domain/snapshot.js';
import type { PlanRow } from '../planning/plan-rows.js';
import { INCOME_KINDS, type RecordedLedgerEntry } from '../ledger/ledger-entry.js';
import type { FillsTable, RunsTable } from './schema.js';
import { applyChanges, epoch, iso, toLedgerEntry, toSnapshot, type LedgerTables, type LedgerTx } from './sqlite-journal-writes.js';
import type { Database } from './sqlite.js';
import { readSpreadLegs } from './sqlite-spread-legs.js';
import type { SpreadLegs } from '../domain/spread-legs.js';

/**
 * The journal on the account's SQLite database: each record() is one transaction, and the
 * projections (the account's files) are written from it once it has committed.
 */
export class SqliteJournal implements Journal {
  readonly #db: Database;
  readonly #ledger: LedgerTx;
  readonly #account: string;
  readonly #projections: readonly JournalProjection[];

  constructor(db: Database, account: string, projections: readonly JournalProjection[] = []) {
    this.#db = db;
    this.#ledger = db.withTables<LedgerTables>() as unknown as LedgerTx;
    this.#account = account;
    this.#projections = projections;
  }

  async record(changes: Changes): Promise<Recorded> {
    const recorded = await this.#db.transaction().execute((tx) => applyChanges(tx, this.#account, changes));
    for (const project of this.#projections) project(changes);
    return recorded;
  }

  async runningRuns(): Promise<{ id: string; pid: number }[]> {
    return this.#db.selectFrom('runs').select(['id', 'pid']).where('account', '=', this.#account).where('outcome', '=', 'running').execute();
  }

  async runs(limit: number): Promise<RunSummary[]> {
    const rows = await this.#db.selectFrom('runs').selectAll().where('account', '=', this.#account).orderBy('started_at', 'desc').orderBy(sql`rowid`, 'desc').limit(limit).execute();
    return rows.map(toRunSummary);
  }

  async steps(runId: string): Promise<JournalEntry[]> {
    const rows = await this.#db.selectFrom('journal').selectAll().where('run_id', '=', runId).orderBy('id').execute();
    return rows.map((r) => ({ runId: r.run_id, step: r.step, startedAt: epoch(r.started_at), durationMs: r.duration_ms, outcome: r.outcome as StepOutcome, ...(r.error ? { error: r.error } : {}) }));
  }

  async hasOrderTag(tag: string): Promise<boolean> {
    const row = await this.#db.selectFrom('orders').select('tag').where('tag', '=', tag).executeTakeFirst();
    return row !== undefined;
  }

  async referencePrices(tags: readonly string[]): Promise<(number | undefined)[]> {
    if (tags.length === 0) return [];
    const rows = await inChunks(tags, (chunk) => this.#db.selectFrom('orders').select(['tag', 'reference_price']).where('account', '=', this.#account).where('tag', 'in', chunk).execute());
    const prices = new Map(rows.map((r) => [r.tag, r.reference_price]));
    return tags.map((tag) => prices.get(tag));
  }

  async spreadLegs(): Promise<SpreadLegs[]> {
    return readSpreadLegs(this.#db, this.#account);
  }

  async fillsBetween(from: number, to: number): Promise<Fill[]> {
    const rows = await this.#db.selectFrom('fills').selectAll().where('account', '=', this.#account).where('time', '>=', iso(from)).where('time', '<', iso(to)).orderBy('time').orderBy('exec_id').execute();
    return rows.map(toFill);
  }

  async fillsOfOrders(tags: readonly string[]): Promise<Fill[]> {
    const rows = await inChunks(tags, (chunk) => this.#db.selectFrom('fills').selectAll().where('account', '=', this.#account).where('tag', 'in', chunk).execute());
    return rows.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : a.exec_id < b.exec_id ? -1 : a.exec_id > b.exec_id ? 1 : 0)).map(toFill);
  }

  async day(date: string): Promise<DayRecord | undefined> {
    const row = await this.#db.selectFrom('days').selectAll().where('account', '=', this.#account).where('date', '=', date).executeTakeFirst();
    return row && { date: row.date, startNlv: row.start_nlv, startLedgerSeq: row.start_ledger_seq, digests: row.digests ? row.digests.split(',') : [], endOfDayCommitted: row.eod_committed_at !== null };
  }

  async accountStartNlv(): Promise<number | undefined> {
    const row = await this.#db.selectFrom('key_values').select('value').where('account', '=', this.#account).where('key', '=', 'start_nlv').executeTakeFirst();
    return row === undefined ? undefined : Number(row.value);
  }

  async latestSnapshot(): Promise<Snapshot | undefined> {
    const row = await this.#db.selectFrom('snapshots').select(['json', 'ledger_seq']).where('account', '=', this.#account).orderBy('time', 'desc').orderBy(sql`rowid`, 'desc').limit(1).executeTakeFirst();
    return row && toSnapshot(row);
  }

  async latestPlan(): Promise<RecordedPlan | undefined> {
    const row = await this.#db
      .selectFrom('plan_rows')
      .innerJoin('runs', 'runs.id', 'plan_rows.run_id')
      .select(['plan_rows.run_id', 'plan_rows.planned_at', 'plan_rows.rows', 'runs.dry_run'])
      .where('plan_rows.account', '=', this.#account)
      .orderBy('plan_rows.planned_at', 'desc')
      // Two runs can share a time (clock: data); the one recorded last is the newest.
      .orderBy(sql`plan_rows.rowid`, 'desc')
      .limit(1)
      .executeTakeFirst();
    return row && { runId: row.run_id, at: epoch(row.planned_at), dryRun: row.dry_run === 1, rows: JSON.parse(row.rows) as PlanRow[] };
  }

  async snapshotsBetween(from: number, to: number): Promise<Snapshot[]> {
    const rows = await this.#db.selectFrom('snapshots').select(['json', 'ledger_seq']).where('account', '=', this.#account).where('time', '>=', iso(from)).where('time', '<', iso(to)).orderBy('time').orderBy(sql`rowid`).execute();
    return rows.map(toSnapshot);
  }

  async killSwitch(): Promise<KillSwitchState> {
    const row = await this.#db.selectFrom('kill_switch').selectAll().where('account', '=', this.#account).orderBy('id', 'desc').limit(1).executeTakeFirst();
    if (!row) return { halted: false };
    return { halted: row.halted === 1, since: epoch(row.time), source: row.source, ...(row.reason ? { reason: row.reason } : {}) };
  }

  async ledgerEntries(): Promise<RecordedLedgerEntry[]> {
    const rows = await this.#ledger.selectFrom('ledger_entries').selectAll().where('account', '=', this.#account).orderBy('time').orderBy('id').execute();
    return rows.map((row) => ({ ...toLedgerEntry(row), ledgerSeq: row.id }));
  }

  async incomeByCurrency(): Promise<Map<Currency, number>> {
    const rows = await this.#ledger
      .selectFrom('ledger_entries')
      .select((eb) => ['currency', eb.fn.sum<number>('amount_minor').as('income')])
      .where('account', '=', this.#account)
      .where('kind', 'in', INCOME_KINDS)
      .groupBy('currency')
      .execute();
    return new Map(rows.map((r) => [r.currency, Number(r.income)]));
  }

  async rates(): Promise<RateRecord[]> {
    const rows = await this.#ledger.selectFrom('ledger_rates').selectAll().where('account', '=', this.#account).orderBy('time').execute();
    return rows.map((r) => ({ time: epoch(r.time), rates: JSON.parse(r.rates) as Record<string, number> }));
  }

  async orderVersions(tags?: readonly string[]): Promise<OrderVersion[]> {
    const query = this.#db.selectFrom('order_versions').selectAll().where('account', '=', this.#account);
    const rows = tags === undefined ? await query.orderBy('id').execute() : (await inChunks(tags, (chunk) => query.where('tag', 'in', chunk).execute())).sort((a, b) => a.id - b.id);
    return rows.map((r) => ({
      tag: r.tag,
      brokerId: r.broker_id,
      runId: r.run_id,
      intentTag: r.intent_tag,
      symbol: r.symbol,
      side: r.side as Side,
      at: epoch(r.at),
      reason: r.reason as OrderVersionReason,
      quantity: r.quantity,
      limitPrice: r.limit_price,
      filledQuantity: r.filled_quantity,
      decisionPrice: r.decision_price,
      ...(r.arrival_price !== null ? { arrivalPrice: r.arrival_price } : {}),
    }));
  }

  async sentQuotes(): Promise<SentQuote[]> {
    const rows = await this.#ledger.selectFrom('ledger_sent_quotes').selectAll().where('account', '=', this.#account).execute();
    return rows.map((r) => ({ tag: r.tag, time: epoch(r.time), bid: r.bid, ask: r.ask }));
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

// SQLite takes a bounded number of parameters in one statement; a report over years has more tags.
const TAGS_PER_QUERY = 500;

async function inChunks<T>(tags: readonly string[], query: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  const unique = [...new Set(tags)];
  const rows: T[] = [];
  for (let i = 0; i < unique.length; i += TAGS_PER_QUERY) rows.push(...(await query(unique.slice(i, i + TAGS_PER_QUERY))));
  return rows;
}

function toFill(r: FillsTable): Fill {
  return { execId: r.exec_id, brokerOrderId: r.broker_order_id, tag: r.tag, symbol: r.symbol, side: r.side as Side, quantity: r.quantity, price: r.price, commission: r.commission, currency: r.currency, time: epoch(r.time) };
}
