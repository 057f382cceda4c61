import type { Currency } from '../domain/money.js';
import type { LedgerEntry } from './ledger-entry.js';

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

/**
 * Where the ledger lives: SQLite for paper and live accounts, memory for tests and backtests.
 * Appending is idempotent by execId, so recording the same fill twice books it once.
 */
export interface LedgerStore {
  entries(): Promise<LedgerEntry[]>;
  /** Appends in one transaction; returns the entries that were new. */
  append(entries: readonly LedgerEntry[]): Promise<LedgerEntry[]>;
  recordRates(record: RateRecord): Promise<void>;
  rates(): Promise<RateRecord[]>;
  recordSentQuotes(quotes: readonly SentQuote[]): Promise<void>;
  sentQuotes(): Promise<SentQuote[]>;
}

export class InMemoryLedgerStore implements LedgerStore {
  readonly #entries: LedgerEntry[] = [];
  readonly #execIds = new Set<string>();
  readonly #rates: RateRecord[] = [];
  readonly #quotes = new Map<string, SentQuote>();

  async entries(): Promise<LedgerEntry[]> {
    return [...this.#entries];
  }

  async append(entries: readonly LedgerEntry[]): Promise<LedgerEntry[]> {
    const fresh: LedgerEntry[] = [];
    for (const entry of entries) {
      if (entry.execId !== undefined) {
        if (this.#execIds.has(entry.execId)) continue;
        this.#execIds.add(entry.execId);
      }
      this.#entries.push(entry);
      fresh.push(entry);
    }
    return fresh;
  }

  async recordRates(record: RateRecord): Promise<void> {
    this.#rates.push(record);
  }

  async rates(): Promise<RateRecord[]> {
    return [...this.#rates];
  }

  async recordSentQuotes(quotes: readonly SentQuote[]): Promise<void> {
    for (const q of quotes) if (!this.#quotes.has(q.tag)) this.#quotes.set(q.tag, q);
  }

  async sentQuotes(): Promise<SentQuote[]> {
    return [...this.#quotes.values()];
  }
}
