import type { BrokerOrder, Fill, OrderIntent } from '../domain/order.js';
import type { Snapshot } from '../domain/snapshot.js';
import type { JournalEntry } from './journal-entry.js';

export type RunOutcome = 'running' | 'ok' | 'blocked' | 'error' | 'interrupted';
export type RunPurpose = 'trade' | 'end-of-day';

export interface RunSummary {
  readonly id: string;
  readonly purpose: RunPurpose;
  readonly dryRun: boolean;
  readonly startedAt: number;
  readonly endedAt?: number;
  readonly outcome: RunOutcome;
  readonly ordersSent: number;
  readonly fills: number;
  readonly message?: string;
}

export interface KillSwitchState {
  readonly halted: boolean;
  readonly reason?: string;
  readonly since?: number;
  readonly source?: string;
}

export interface DayRecord {
  readonly date: string;
  readonly startNlv: number;
  readonly digests: readonly string[];
  readonly endOfDayCommitted: boolean;
}

/**
 * What the cycle records, in the order it happens. Implemented by the SQLite store for paper
 * and live runs and kept in memory by the backtester. Every method is one transaction.
 */
export interface RunRecords {
  /** Runs left 'running' by a process that no longer exists become 'interrupted'; returns their ids. */
  markInterruptedRuns(isAlive: (pid: number) => boolean): Promise<string[]>;
  startRun(run: { id: string; purpose: RunPurpose; dryRun: boolean; startedAt: number; pid: number }): Promise<void>;
  finishRun(id: string, result: { outcome: RunOutcome; endedAt: number; ordersSent: number; fills: number; message?: string }): Promise<void>;
  recordStep(entry: JournalEntry): Promise<void>;
  journal(runId: string): Promise<JournalEntry[]>;
  lastRun(): Promise<RunSummary | undefined>;
  runs(limit: number): Promise<RunSummary[]>;

  /** The intent is recorded before the effect: called before any order is sent. */
  recordPlannedOrders(runId: string, orders: readonly OrderIntent[], at: number): Promise<void>;
  recordOrderState(order: BrokerOrder, sentAt?: number): Promise<void>;
  /** Tags of orders recorded by any run; lets recovery tell its own orders from others. */
  hasOrderTag(tag: string): Promise<boolean>;
  /** Records fills not seen before (by execId) and returns only those. */
  recordFills(runId: string, fills: readonly Fill[]): Promise<Fill[]>;
  fillsBetween(from: number, to: number): Promise<Fill[]>;
  /** The planned reference (decision) price of each order tag found; for slippage. */
  referencePrices(tags: readonly string[]): Promise<Map<string, number>>;

  day(date: string): Promise<DayRecord | undefined>;
  startDay(date: string, startNlv: number, at: number): Promise<void>;
  markDigestSent(date: string, label: string): Promise<void>;
  /** NLV when the account was first seen; P&L since start is measured from it. */
  accountStartNlv(): Promise<number | undefined>;
  setAccountStartNlv(nlv: number): Promise<void>;

  saveSnapshot(snapshot: Snapshot): Promise<void>;
  latestSnapshot(): Promise<Snapshot | undefined>;
  /** Snapshots with from <= time < to, oldest first; the digest's equity curve. */
  snapshotsBetween(from: number, to: number): Promise<Snapshot[]>;
  /** Writes the date's last snapshot and its fills to the daily tables; idempotent. */
  commitEndOfDay(date: string, at: number): Promise<{ snapshots: number; trades: number }>;

  killSwitch(): Promise<KillSwitchState>;
  setKillSwitch(halted: boolean, reason: string | undefined, source: string, at: number): Promise<void>;
}
