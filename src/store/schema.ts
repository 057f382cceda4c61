import type { Generated } from 'kysely';

// Times are ISO-8601 UTC text; money is REAL where it mirrors a broker's
// number and the ledger (src/ledger) keeps exact minor units of its own.

export interface RunsTable {
  id: string;
  account: string;
  purpose: string;
  dry_run: number;
  started_at: string;
  ended_at: string | null;
  outcome: string;
  orders_sent: number;
  fills: number;
  message: string | null;
  pid: number;
}

export interface JournalTable {
  id: Generated<number>;
  run_id: string;
  step: string;
  started_at: string;
  duration_ms: number;
  outcome: string;
  error: string | null;
}

export interface OrdersTable {
  tag: string;
  run_id: string;
  account: string;
  symbol: string;
  side: string;
  quantity: number;
  limit_price: number;
  reference_price: number;
  broker_id: string | null;
  status: string;
  filled_quantity: number;
  planned_at: string;
  sent_at: string | null;
  reject_reason: string | null;
}

export interface FillsTable {
  exec_id: string;
  account: string;
  tag: string;
  recorded_by_run: string;
  broker_order_id: string;
  symbol: string;
  side: string;
  quantity: number;
  price: number;
  commission: number;
  currency: string;
  time: string;
}

export interface SnapshotsTable {
  run_id: string;
  account: string;
  time: string;
  nlv: number;
  gross_leverage: number;
  net_leverage: number;
  pnl_day: number;
  pnl_since_start: number;
  json: string;
  /** The id of the last ledger entry recorded before the account was read (migration 0004). */
  ledger_seq: Generated<number>;
}

export interface DaysTable {
  account: string;
  date: string;
  start_nlv: number;
  start_time: string;
  digests: string;
  eod_committed_at: string | null;
  /** The id of the last ledger entry recorded before the day's first reading (migration 0004). */
  start_ledger_seq: Generated<number>;
}

export interface KillSwitchTable {
  id: Generated<number>;
  account: string;
  time: string;
  halted: number;
  reason: string | null;
  source: string;
}

export interface KeyValueTable {
  account: string;
  key: string;
  value: string;
}

/** Whole JSON documents per account and key (see sqlite-documents.ts). */
export interface DocumentsTable {
  account: string;
  key: string;
  json: string;
  updated_at: string;
}

/** Committed by the end-of-day run: one row per account and trading date. */
export interface DailySnapshotsTable {
  account: string;
  date: string;
  run_id: string;
  time: string;
  nlv: number;
  pnl_day: number;
  json: string;
}

/** Committed by the end-of-day run: the day's fills. */
export interface TradesTable {
  exec_id: string;
  account: string;
  date: string;
  time: string;
  run_id: string;
  tag: string;
  symbol: string;
  side: string;
  quantity: number;
  price: number;
  commission: number;
  currency: string;
}

/** The plan of each run as the owner reads it (migration 0005-plan-rows). */
export interface PlanRowsTable {
  run_id: string;
  account: string;
  planned_at: string;
  /** JSON: PlanRow[]. */
  rows: string;
}

/** Each version of an order (migration 0007-order-versions): placed, then every amendment. */
export interface OrderVersionsTable {
  id: Generated<number>;
  account: string;
  tag: string;
  broker_id: string;
  run_id: string;
  intent_tag: string;
  symbol: string;
  side: string;
  at: string;
  reason: string;
  quantity: number;
  limit_price: number;
  filled_quantity: number;
  decision_price: number;
  arrival_price: number | null;
}

export interface IbContractsTable {
  account: string;
  symbol: string;
  contract_key: string;
  con_id: number;
  min_tick: number;
  long_name: string;
  min_size: number | null;
  size_increment: number | null;
  fetched_at: string;
}

/** The legs each spread was last traded with (migration 0009-spread-legs), kept as fills are recorded. */
export interface SpreadLegsTable {
  account: string;
  name: string;
  run_id: string;
  time: string;
  /** JSON: the legs' option symbols, sorted. */
  symbols: string;
}

export interface DatabaseSchema {
  runs: RunsTable;
  journal: JournalTable;
  orders: OrdersTable;
  fills: FillsTable;
  snapshots: SnapshotsTable;
  days: DaysTable;
  kill_switch: KillSwitchTable;
  key_values: KeyValueTable;
  documents: DocumentsTable;
  daily_snapshots: DailySnapshotsTable;
  trades: TradesTable;
  plan_rows: PlanRowsTable;
  order_versions: OrderVersionsTable;
  ib_contracts: IbContractsTable;
  spread_legs: SpreadLegsTable;
}
