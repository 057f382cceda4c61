import type { Currency } from '../domain/money.js';
import type { BrokerOrder, Fill, OrderIntent } from '../domain/order.js';
import type { Snapshot } from '../domain/snapshot.js';
import type { PlanRow } from '../planning/plan-rows.js';
import type { PlanLine } from '../planning/plan-types.js';
import type { LedgerEntry, RecordedLedgerEntry } from '../ledger/ledger-entry.js';
import type { JournalEntry } from './journal-entry.js';
import type { SpreadLegs } from '../domain/spread-legs.js';

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
  /** The ledgerSeq of the last ledger entry recorded before the day's first reading: flows after it are the day's. */
  readonly startLedgerSeq: number;
  readonly digests: readonly string[];
  readonly endOfDayCommitted: boolean;
}

/** FX rates into the base currency as seen by one run. */
export interface RateRecord {
  readonly time: number;
  readonly rates: Readonly<Record<Currency, number>>;
}

/** The quote of an order's instrument read just before the order was sent. */
export interface SentQuote {
  readonly tag: string;
  readonly time: number;
  readonly bid: number;
  readonly ask: number;
}

/** Why an order took the terms of one of its versions. */
export type OrderVersionReason = 'placed' | 'amended' | 'repriced' | 'deadline';

/**
 * One version of an order at the broker: the terms it was sent with, then each amendment (a
 * later run's plan carried out on the working order, or a step of the re-price ladder). An
 * order keeps its broker id and its tag through every version.
 */
export interface OrderVersion {
  /** The tag the order carries at the broker: the run that first sent it. */
  readonly tag: string;
  readonly brokerId: string;
  readonly runId: string;
  /** The plan's order this version carries out: the order's own tag when it was placed, a later run's when amended. */
  readonly intentTag: string;
  readonly symbol: string;
  readonly side: 'BUY' | 'SELL';
  readonly at: number;
  readonly reason: OrderVersionReason;
  /** The order's total, its earlier fills included. */
  readonly quantity: number;
  readonly limitPrice: number;
  /** Filled when this version took effect. */
  readonly filledQuantity: number;
  /** The price the plan decided at (the intent's reference mid). */
  readonly decisionPrice: number;
  /** The mid quote when this version was sent. */
  readonly arrivalPrice?: number;
}

/** The message a run left 'running' by a dead process gets when it is marked interrupted. */
export const INTERRUPTED_MESSAGE = 'the process stopped before the run finished (killed or crashed); the next run recovered its orders and fills';

/**
 * What one step of a run (or one command) changes, recorded as one unit: every part lands, or
 * none does. Order states, fills and the ledger entries of those fills therefore never
 * disagree after a crash. Each part is idempotent where a rerun may record it again: orders by
 * tag, fills and fill entries by execution id, the day and the account's first NLV once.
 */
export interface Changes {
  readonly runStarted?: { readonly id: string; readonly purpose: RunPurpose; readonly dryRun: boolean; readonly startedAt: number; readonly pid: number };
  /** Runs left 'running' by processes that no longer exist. */
  readonly interruptedRuns?: readonly string[];
  readonly step?: JournalEntry;
  /**
   * The run's plan, recorded before the effect (before any order is sent): its orders, and
   * every line with its reason for the order file people read.
   */
  readonly plan?: {
    readonly runId: string;
    readonly at: number;
    readonly orders: readonly OrderIntent[];
    readonly lines?: readonly PlanLine[];
    /** The lines with target and current weights and trade values, for status and the digest. */
    readonly rows?: readonly PlanRow[];
  };
  readonly orderStates?: readonly { readonly order: BrokerOrder; readonly sentAt?: number }[];
  /** Versions of orders: recorded with a placement or an amendment; an amendment also updates the order's terms. */
  readonly orderVersions?: readonly OrderVersion[];
  readonly fills?: { readonly runId: string; readonly fills: readonly Fill[] };
  readonly ledger?: readonly LedgerEntry[];
  readonly rates?: RateRecord;
  readonly sentQuotes?: readonly SentQuote[];
  /** Kept once; the journal stamps it with the ledger's last entry so far (DayRecord.startLedgerSeq). */
  readonly dayStarted?: { readonly date: string; readonly startNlv: number; readonly at: number };
  /** NLV when the account was first seen; P&L since start is measured from it. Kept once. */
  readonly accountStartNlv?: number;
  /** The journal stamps it with the ledger's last entry so far, after this unit's own entries (Snapshot.ledgerSeq). */
  readonly snapshot?: Snapshot;
  readonly digestsSent?: { readonly date: string; readonly labels: readonly string[] };
  /** Writes the date's last snapshot and its fills to the daily tables. */
  readonly endOfDay?: { readonly date: string; readonly at: number };
  readonly killSwitch?: { readonly halted: boolean; readonly reason?: string; readonly source: string; readonly at: number };
  readonly runFinished?: { readonly id: string; readonly outcome: RunOutcome; readonly endedAt: number; readonly ordersSent: number; readonly fills: number; readonly message?: string };
}

/** The plan of a run as the owner reads it. */
export interface RecordedPlan {
  readonly runId: string;
  readonly at: number;
  /** A dry run planned it: nothing was sent. */
  readonly dryRun: boolean;
  readonly rows: readonly PlanRow[];
}

/** What a unit of changes added that was not there before. */
export interface Recorded {
  readonly fills: Fill[];
  readonly ledger: LedgerEntry[];
  readonly endOfDay?: { readonly snapshots: number; readonly trades: number };
}

/**
 * The account's journal: every change goes through one method, one transaction per call, and
 * everything else (the cycle's checks, status, digests, reports, the files people read) is read
 * from it. SQLite for paper and live accounts, memory for backtests; one contract suite.
 */
export interface Journal {
  record(changes: Changes): Promise<Recorded>;

  /** Runs still 'running', with the process that runs them. */
  runningRuns(): Promise<{ id: string; pid: number }[]>;
  /** Newest first. */
  runs(limit: number): Promise<RunSummary[]>;
  steps(runId: string): Promise<JournalEntry[]>;
  /** Tags of orders recorded by any run; lets recovery tell its own orders from others. */
  hasOrderTag(tag: string): Promise<boolean>;
  /**
   * The planned reference (decision) price of each tag asked, in the order asked (undefined for a
   * tag no order was planned under); for slippage. Aligned with the tags, so that a caller with a
   * list of fills reads each one's price by its index, and no map of the answer is built.
   */
  referencePrices(tags: readonly string[]): Promise<(number | undefined)[]>;
  /** Fills with from <= time < to, oldest first. */
  fillsBetween(from: number, to: number): Promise<Fill[]>;
  /** Every fill of the orders with these tags, whatever its time, oldest first: an order's slippage counts all it filled. */
  fillsOfOrders(tags: readonly string[]): Promise<Fill[]>;
  day(date: string): Promise<DayRecord | undefined>;
  accountStartNlv(): Promise<number | undefined>;
  latestSnapshot(): Promise<Snapshot | undefined>;
  /** The newest plan recorded with rows, with whether a dry run made it. */
  latestPlan(): Promise<RecordedPlan | undefined>;
  /** Snapshots with from <= time < to, oldest first; the digest's equity curve. */
  snapshotsBetween(from: number, to: number): Promise<Snapshot[]>;
  killSwitch(): Promise<KillSwitchState>;
  /** Oldest first by time, then in the order recorded. */
  ledgerEntries(): Promise<RecordedLedgerEntry[]>;
  /**
   * Dividends and interest booked since the ledger opened, per currency, in minor units: the
   * income of each currency's book in the ledger's fold, summed where the entries are kept, so
   * that showing it does not read the account's whole history. Currencies with none are absent.
   */
  incomeByCurrency(): Promise<Map<Currency, number>>;
  rates(): Promise<RateRecord[]>;
  sentQuotes(): Promise<SentQuote[]>;
  /** Every version of every order (or of the orders with these tags), oldest first. */
  orderVersions(tags?: readonly string[]): Promise<OrderVersion[]>;
  /**
   * The legs each spread was last traded with, one per spread name, by name: kept up to date as
   * fills are recorded, so that a run finds its spreads in O(spreads), not O(fills ever recorded).
   */
  spreadLegs(): Promise<SpreadLegs[]>;
}

/**
 * Something kept in step with the journal from what it records: the files of an account's
 * state folder (order files, snapshot JSON, the trades CSV). Called after each unit commits,
 * with that unit; a projection must be idempotent, as a unit can be recorded again after a crash.
 */
export type JournalProjection = (changes: Changes) => void;

// The latest time whose ISO text still has a four-digit year, so that it sorts as text in SQL.
const LAST_TIME = Date.parse('9999-12-31T23:59:59.999Z');

/**
 * Every fill recorded, whatever its time. A fill carries the broker's time, which a data clock
 * (or a clock behind the broker's) may precede: the fills known to be inside the ledger's
 * opening must not depend on the clock.
 */
export function allRecordedFills(journal: Pick<Journal, 'fillsBetween'>): Promise<Fill[]> {
  return journal.fillsBetween(0, LAST_TIME);
}

/** Marks the runs of dead processes interrupted; returns their ids. */
export async function markInterruptedRuns(journal: Journal, isAlive: (pid: number) => boolean): Promise<string[]> {
  const dead = (await journal.runningRuns()).filter((run) => !isAlive(run.pid)).map((run) => run.id);
  if (dead.length > 0) await journal.record({ interruptedRuns: dead });
  return dead;
}
