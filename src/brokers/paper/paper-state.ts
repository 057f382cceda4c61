import { randomBytes } from 'node:crypto';
import type { Position } from '../../domain/account.js';
import { toMinor, type Currency } from '../../domain/money.js';
import type { Fill, OrderStatus, Side } from '../../domain/order.js';

/** An order as the paper broker keeps it; plain JSON. */
export interface PaperOrder {
  readonly id: string;
  readonly tag: string;
  readonly symbol: string;
  readonly side: Side;
  /** The order's total, what it filled included; an amendment changes it. */
  quantity: number;
  limit: number;
  filled: number;
  /** Σ quantity × price × multiplier of its fills: the percentage cap of the commission needs it. */
  filledValue: number;
  status: OrderStatus;
  /** Epoch ms UTC. Only bars that end after this may fill the order. */
  readonly placedAt: number;
  /** Epoch ms UTC of the last amendment: only bars that end after it may fill the order at its new terms. */
  amendedAt?: number;
  rejectReason?: string;
  /** A combination order's legs (its symbol is the spread's name): they fill together or not at all. */
  legs?: { readonly symbol: string; readonly ratio: number; readonly action: Side }[];
}

/**
 * Everything the paper account is, as plain JSON so any store can keep it. The matching engine
 * keeps mutating the object it saves: a store that keeps snapshots must copy or serialise it.
 */
export interface PaperState {
  version: 1;
  /** Cash per currency in integer minor units (cents), so the ledger never drifts. */
  cash: Record<Currency, number>;
  positions: Position[];
  orders: PaperOrder[];
  fills: Fill[];
  nextOrderId: number;
  nextExecSeq: number;
  /**
   * Drawn once when the account is created and part of every execution id, so that ids stay
   * unique for the life of the account's records: a paper account created again (its database
   * lost, the trades CSV kept) restarts its counters but never its ids. States saved before
   * the epoch existed have none and keep their old id format, which a new epoch cannot repeat.
   */
  epoch?: string;
  /** Bars that ended at or before this time (epoch ms UTC) have been matched. */
  processedUntil: number;
}

/** Where the paper account lives between runs (in memory, a SQLite row, a file). */
export interface PaperStateStore {
  load(): Promise<PaperState | undefined>;
  save(state: PaperState): Promise<void>;
  /**
   * Optional: true when the store keeps this very object (not a copy), so that saving it again
   * would change nothing. The broker then skips the save after a call that changed the account.
   */
  holds?(state: PaperState): boolean;
}

/** A new account; `epoch: null` for one that lives in memory for a single run (a backtest), whose ids then repeat from run to run. */
export function newPaperState(initialCash: Readonly<Record<Currency, number>>, time: number, epoch: string | null = newPaperEpoch()): PaperState {
  const cash: Record<Currency, number> = {};
  for (const [currency, amount] of Object.entries(initialCash)) cash[currency] = toMinor(amount, currency);
  return { version: 1, cash, positions: [], orders: [], fills: [], nextOrderId: 1, nextExecSeq: 1, processedUntil: time, ...(epoch === null ? {} : { epoch }) };
}

/**
 * Random rather than the creation time: under `clock: data` an account created again on the
 * same data files is created at the same instant.
 */
export function newPaperEpoch(): string {
  return randomBytes(5).toString('hex');
}

/** An execution id of the paper broker: the account's epoch, the order, and the account's execution counter. */
export function paperExecId(state: Pick<PaperState, 'epoch'>, orderId: string, seq: number): string {
  // Joined into one string rather than a template's tree of pieces, as orderTag (domain/order.ts) says why.
  return state.epoch === undefined ? ['paper', orderId, seq].join('-') : ['paper', state.epoch, orderId, seq].join('-');
}

/** Checks the shape of a loaded state just enough to fail loudly on a foreign or future format. */
export function checkPaperState(state: unknown): PaperState {
  const candidate = state as Partial<PaperState> | null;
  if (!candidate || candidate.version !== 1 || typeof candidate.cash !== 'object' || !Array.isArray(candidate.orders) || !Array.isArray(candidate.fills) || !Array.isArray(candidate.positions)) {
    throw new Error('the stored paper account is not a version 1 paper state: restore it from a backup or remove it to start afresh from broker.initialCash');
  }
  return candidate as PaperState;
}

/**
 * Keeps the state in memory for tests and backtests. It holds the broker's own object rather
 * than a copy, because copying a growing state on every call made a ten-year backtest forty
 * times slower; load() returns a deep copy so that two brokers never share one object, unless
 * the store belongs to one broker alone (`owner: 'one-broker'`, a backtest): then load() hands
 * back the object itself, so that reconnecting costs nothing however long the history.
 */
export class InMemoryPaperStateStore implements PaperStateStore {
  #saved: PaperState | undefined;
  readonly #copyOnLoad: boolean;

  constructor(initial?: PaperState, options: { readonly owner?: 'any' | 'one-broker' } = {}) {
    this.#saved = initial;
    this.#copyOnLoad = options.owner !== 'one-broker';
  }

  async load(): Promise<PaperState | undefined> {
    return this.#saved === undefined || !this.#copyOnLoad ? this.#saved : structuredClone(this.#saved);
  }

  async save(state: PaperState): Promise<void> {
    this.#saved = state;
  }

  holds(state: PaperState): boolean {
    return this.#saved === state;
  }
}
