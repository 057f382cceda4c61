import { sql, type Generated, type Kysely, type Selectable } from 'kysely';
import { INTERRUPTED_MESSAGE, type Changes } from '../cycle/journal.js';
import type { Fill } from '../domain/order.js';
import type { Snapshot } from '../domain/snapshot.js';
import { faultPoint } from '../io/fault-point.js';
import type { EntryKind, LedgerEntry } from '../ledger/ledger-entry.js';
import type { DatabaseSchema } from './schema.js';
import { recordSpreadLeg } from './sqlite-spread-legs.js';

type LedgerEntriesTable = {
  id: Generated<number>;
  account: string;
  time: string;
  kind: string;
  currency: string;
  amount_minor: number;
  symbol: string | null;
  quantity: number | null;
  price: number | null;
  multiplier: number | null;
  commission_minor: number | null;
  cost_minor: number | null;
  counter_currency: string | null;
  counter_minor: number | null;
  exec_id: string | null;
  rate_to_base: number | null;
  note: string | null;
};

/** The ledger's tables (migration 0003-ledger), next to the core schema. */
export type LedgerTables = {
  ledger_entries: LedgerEntriesTable;
  ledger_rates: { account: string; time: string; rates: string };
  ledger_sent_quotes: { tag: string; account: string; time: string; bid: number; ask: number };
};

type Tx = Kysely<DatabaseSchema>;
export type LedgerTx = Kysely<LedgerTables>;

// The most ids one `in (…)` list carries: well below SQLite's and PostgreSQL's limits on parameters.
const IDS_PER_QUERY = 500;

/**
 * The execution ids among `execIds` that the fills table already holds. IB tells a run of the
 * day's executions at every step that asks (recover, reconcile, collect fills): for an account
 * of 500 names that is 500 fills recorded already, three times a run, and an insert refused
 * per fill cost more than the rest of those steps. One look-up per 500 ids instead; the insert
 * of the others still refuses a duplicate (on conflict), so this only saves statements.
 */
async function knownFillIds(tx: Tx, execIds: readonly string[]): Promise<Set<string>> {
  return knownIds(execIds, (ids) => tx.selectFrom('fills').select('exec_id').where('exec_id', 'in', ids).execute());
}

/** The execution ids among `execIds` whose ledger entries the account already holds (as knownFillIds, for the ledger's unique account and exec id). */
async function knownEntryExecIds(tx: LedgerTx, account: string, execIds: readonly string[]): Promise<Set<string>> {
  return knownIds(execIds, (ids) => tx.selectFrom('ledger_entries').select('exec_id').where('account', '=', account).where('exec_id', 'in', ids).execute());
}

/** The ids among `ids` that `lookUp` finds, asked IDS_PER_QUERY at a time. */
async function knownIds(ids: readonly string[], lookUp: (some: string[]) => Promise<{ exec_id: string | null }[]>): Promise<Set<string>> {
  const known = new Set<string>();
  for (let i = 0; i < ids.length; i += IDS_PER_QUERY) {
    for (const row of await lookUp(ids.slice(i, i + IDS_PER_QUERY))) if (row.exec_id !== null) known.add(row.exec_id);
  }
  return known;
}

export const iso = (t: number): string => new Date(t).toISOString();
export const epoch = (s: string): number => Date.parse(s);

/**
 * Applies one unit of changes inside the caller's transaction, part by part, in the order a run
 * makes them. Returns the fills and ledger entries that were new and the end-of-day counts.
 */
export async function applyChanges(tx: Tx, account: string, changes: Changes): Promise<{ fills: Fill[]; ledger: LedgerEntry[]; endOfDay?: { snapshots: number; trades: number } }> {
  const ledgerTx = tx.withTables<LedgerTables>() as unknown as LedgerTx;
  const { runStarted: run, step, plan, fills, dayStarted, snapshot, digestsSent, killSwitch, runFinished } = changes;
  if (run) {
    await tx.insertInto('runs').values({ id: run.id, account, purpose: run.purpose, dry_run: run.dryRun ? 1 : 0, started_at: iso(run.startedAt), ended_at: null, outcome: 'running', orders_sent: 0, fills: 0, message: null, pid: run.pid }).execute();
  }
  if (changes.interruptedRuns && changes.interruptedRuns.length > 0) {
    const dead = [...changes.interruptedRuns];
    await tx.updateTable('runs').set({ outcome: 'interrupted', message: INTERRUPTED_MESSAGE }).where('id', 'in', dead).execute();
    const now = iso(Date.now());
    for (const id of dead) await tx.insertInto('journal').values({ run_id: id, step: 'interrupted', started_at: now, duration_ms: 0, outcome: 'error', error: INTERRUPTED_MESSAGE }).execute();
  }
  if (step) {
    await tx.insertInto('journal').values({ run_id: step.runId, step: step.step, started_at: iso(step.startedAt), duration_ms: step.durationMs, outcome: step.outcome, error: step.error ?? null }).execute();
  }
  for (const o of plan?.orders ?? []) {
    await tx
      .insertInto('orders')
      .values({ tag: o.tag, run_id: plan!.runId, account, symbol: o.symbol, side: o.side, quantity: o.quantity, limit_price: o.limitPrice, reference_price: o.referencePrice, broker_id: null, status: 'planned', filled_quantity: 0, planned_at: iso(plan!.at), sent_at: null, reject_reason: null })
      .onConflict((oc) => oc.column('tag').doNothing())
      .execute();
  }
  if (plan?.rows) {
    await tx.insertInto('plan_rows').values({ run_id: plan.runId, account, planned_at: iso(plan.at), rows: JSON.stringify(plan.rows) }).onConflict((oc) => oc.column('run_id').doNothing()).execute();
  }
  for (const { order, sentAt } of changes.orderStates ?? []) {
    await tx
      .updateTable('orders')
      .set({ broker_id: order.brokerId, status: order.status, filled_quantity: order.filledQuantity, reject_reason: order.rejectReason ?? null, ...(sentAt !== undefined ? { sent_at: iso(sentAt) } : {}) })
      .where('tag', '=', order.tag)
      .execute();
  }
  for (const v of changes.orderVersions ?? []) {
    await tx
      .insertInto('order_versions')
      .values({ account, tag: v.tag, broker_id: v.brokerId, run_id: v.runId, intent_tag: v.intentTag, symbol: v.symbol, side: v.side, at: iso(v.at), reason: v.reason, quantity: v.quantity, limit_price: v.limitPrice, filled_quantity: v.filledQuantity, decision_price: v.decisionPrice, arrival_price: v.arrivalPrice ?? null })
      .execute();
    if (v.reason === 'placed') continue;
    // The order's row shows its current terms; the plan's row of the amending run says which order carried it out.
    await tx.updateTable('orders').set({ quantity: v.quantity, limit_price: v.limitPrice }).where('account', '=', account).where('tag', '=', v.tag).execute();
    if (v.intentTag !== v.tag) await tx.updateTable('orders').set({ status: 'amends', broker_id: v.brokerId }).where('account', '=', account).where('tag', '=', v.intentTag).execute();
  }
  const freshFills: Fill[] = [];
  const fillsKnown = await knownFillIds(tx, (fills?.fills ?? []).map((f) => f.execId));
  for (const f of fills?.fills ?? []) {
    if (fillsKnown.has(f.execId)) continue;
    faultPoint('record-fill');
    const result = await tx
      .insertInto('fills')
      .values({ exec_id: f.execId, account, tag: f.tag, recorded_by_run: fills!.runId, broker_order_id: f.brokerOrderId, symbol: f.symbol, side: f.side, quantity: f.quantity, price: f.price, commission: f.commission, currency: f.currency, time: iso(f.time) })
      .onConflict((oc) => oc.column('exec_id').doNothing())
      .executeTakeFirst();
    if (Number(result.numInsertedOrUpdatedRows ?? 0n) === 0) continue;
    freshFills.push(f);
    await recordSpreadLeg(tx, account, f);
  }
  const freshEntries: LedgerEntry[] = [];
  const entriesKnown = await knownEntryExecIds(ledgerTx, account, (changes.ledger ?? []).flatMap((e) => (e.execId === undefined ? [] : [e.execId])));
  for (const e of changes.ledger ?? []) {
    if (e.execId !== undefined && entriesKnown.has(e.execId)) continue;
    const result = await ledgerTx
      .insertInto('ledger_entries')
      .values({
        account,
        time: iso(e.time),
        kind: e.kind,
        currency: e.currency,
        amount_minor: e.amountMinor,
        symbol: e.symbol ?? null,
        quantity: e.quantity ?? null,
        price: e.price ?? null,
        multiplier: e.multiplier ?? null,
        commission_minor: e.commissionMinor ?? null,
        cost_minor: e.costMinor ?? null,
        counter_currency: e.counterCurrency ?? null,
        counter_minor: e.counterMinor ?? null,
        exec_id: e.execId ?? null,
        rate_to_base: e.rateToBase ?? null,
        note: e.note ?? null,
      })
      .onConflict((oc) => oc.columns(['account', 'exec_id']).doNothing())
      .executeTakeFirst();
    if (Number(result.numInsertedOrUpdatedRows ?? 0n) > 0) freshEntries.push(e);
  }
  if (changes.rates) {
    const rates = JSON.stringify(changes.rates.rates);
    await ledgerTx.insertInto('ledger_rates').values({ account, time: iso(changes.rates.time), rates }).onConflict((oc) => oc.columns(['account', 'time']).doUpdateSet({ rates })).execute();
  }
  for (const q of changes.sentQuotes ?? []) {
    await ledgerTx.insertInto('ledger_sent_quotes').values({ tag: q.tag, account, time: iso(q.time), bid: q.bid, ask: q.ask }).onConflict((oc) => oc.column('tag').doNothing()).execute();
  }
  // After this unit's own ledger entries: what the reading it stamps already includes.
  const ledgerSeq = sql<number>`(select coalesce(max(id), 0) from ledger_entries where account = ${account})`;
  if (dayStarted) {
    await tx.insertInto('days').values({ account, date: dayStarted.date, start_nlv: dayStarted.startNlv, start_time: iso(dayStarted.at), digests: '', eod_committed_at: null, start_ledger_seq: ledgerSeq }).onConflict((oc) => oc.columns(['account', 'date']).doNothing()).execute();
  }
  if (changes.accountStartNlv !== undefined) {
    await tx.insertInto('key_values').values({ account, key: 'start_nlv', value: String(changes.accountStartNlv) }).onConflict((oc) => oc.columns(['account', 'key']).doNothing()).execute();
  }
  if (snapshot) {
    await tx
      .insertInto('snapshots')
      .values({ run_id: snapshot.runId, account, time: iso(snapshot.time), nlv: snapshot.nlv, gross_leverage: snapshot.grossLeverage, net_leverage: snapshot.netLeverage, pnl_day: snapshot.pnlDay, pnl_since_start: snapshot.pnlSinceStart, json: JSON.stringify(withoutLedgerSeq(snapshot)), ledger_seq: ledgerSeq })
      .onConflict((oc) => oc.column('run_id').doUpdateSet({ json: (eb) => eb.ref('excluded.json'), nlv: (eb) => eb.ref('excluded.nlv'), ledger_seq: (eb) => eb.ref('excluded.ledger_seq') }))
      .execute();
  }
  if (digestsSent) {
    const row = await tx.selectFrom('days').select('digests').where('account', '=', account).where('date', '=', digestsSent.date).executeTakeFirst();
    if (row) {
      const sent = row.digests ? row.digests.split(',') : [];
      const added = digestsSent.labels.filter((label, i) => !sent.includes(label) && digestsSent.labels.indexOf(label) === i);
      if (added.length > 0) await tx.updateTable('days').set({ digests: [...sent, ...added].join(',') }).where('account', '=', account).where('date', '=', digestsSent.date).execute();
    }
  }
  const endOfDay = changes.endOfDay ? await commitEndOfDay(tx, account, changes.endOfDay.date, changes.endOfDay.at) : undefined;
  if (killSwitch) {
    await tx.insertInto('kill_switch').values({ account, time: iso(killSwitch.at), halted: killSwitch.halted ? 1 : 0, reason: killSwitch.reason ?? null, source: killSwitch.source }).execute();
  }
  if (runFinished) {
    await tx
      .updateTable('runs')
      .set({ outcome: runFinished.outcome, ended_at: iso(runFinished.endedAt), orders_sent: runFinished.ordersSent, fills: runFinished.fills, message: runFinished.message ?? null })
      .where('id', '=', runFinished.id)
      .execute();
  }
  return { fills: freshFills, ledger: freshEntries, ...(endOfDay ? { endOfDay } : {}) };
}

/** Writes the date's last snapshot and its fills to the daily tables; idempotent. */
async function commitEndOfDay(tx: Tx, account: string, date: string, at: number): Promise<{ snapshots: number; trades: number }> {
  const last = await tx.selectFrom('snapshots').selectAll().where('account', '=', account).where(sql<string>`substr(time, 1, 10)`, '=', date).orderBy('time', 'desc').limit(1).executeTakeFirst();
  let snapshots = 0;
  if (last) {
    await tx
      .insertInto('daily_snapshots')
      .values({ account, date, run_id: last.run_id, time: last.time, nlv: last.nlv, pnl_day: last.pnl_day, json: last.json })
      .onConflict((oc) => oc.columns(['account', 'date']).doUpdateSet({ run_id: last.run_id, time: last.time, nlv: last.nlv, pnl_day: last.pnl_day, json: last.json }))
      .execute();
    snapshots = 1;
  }
  const fills = await tx.selectFrom('fills').selectAll().where('account', '=', account).where(sql<string>`substr(time, 1, 10)`, '=', date).execute();
  for (const f of fills) {
    faultPoint('commit-trade');
    await tx
      .insertInto('trades')
      .values({ exec_id: f.exec_id, account, date, time: f.time, run_id: f.recorded_by_run, tag: f.tag, symbol: f.symbol, side: f.side, quantity: f.quantity, price: f.price, commission: f.commission, currency: f.currency })
      .onConflict((oc) => oc.column('exec_id').doNothing())
      .execute();
  }
  await tx.updateTable('days').set({ eod_committed_at: iso(at) }).where('account', '=', account).where('date', '=', date).execute();
  return { snapshots, trades: fills.length };
}

export function toLedgerEntry(r: Selectable<LedgerEntriesTable>): LedgerEntry {
  const optional = {
    ...(r.symbol !== null ? { symbol: r.symbol } : {}),
    ...(r.quantity !== null ? { quantity: r.quantity } : {}),
    ...(r.price !== null ? { price: r.price } : {}),
    ...(r.multiplier !== null ? { multiplier: r.multiplier } : {}),
    ...(r.commission_minor !== null ? { commissionMinor: r.commission_minor } : {}),
    ...(r.cost_minor !== null ? { costMinor: r.cost_minor } : {}),
    ...(r.counter_currency !== null ? { counterCurrency: r.counter_currency } : {}),
    ...(r.counter_minor !== null ? { counterMinor: r.counter_minor } : {}),
    ...(r.exec_id !== null ? { execId: r.exec_id } : {}),
    ...(r.rate_to_base !== null ? { rateToBase: r.rate_to_base } : {}),
    ...(r.note !== null ? { note: r.note } : {}),
  };
  return { kind: r.kind as EntryKind, time: epoch(r.time), currency: r.currency, amountMinor: r.amount_minor, ...optional };
}

// The column is the one record of a snapshot's ledgerSeq: the journal stamps it, whatever the caller passed.
function withoutLedgerSeq(snapshot: Snapshot): Omit<Snapshot, 'ledgerSeq'> {
  const { ledgerSeq: _stamped, ...rest } = snapshot;
  return rest;
}

export function toSnapshot(row: { json: string; ledger_seq: number }): Snapshot {
  return { ...(JSON.parse(row.json) as Snapshot), ledgerSeq: row.ledger_seq };
}
