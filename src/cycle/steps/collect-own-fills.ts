import type { Broker } from '../../brokers/broker.js';
import { parseOrderTag, type Fill } from '../../domain/order.js';
import type { LedgerBook } from '../../ledger/ledger-book.js';
import type { Journal } from '../journal.js';

const LOOKBACK_MS = 7 * 24 * 3600_000;

/**
 * Records every execution of autofolio's own orders exactly once: the fills and their ledger
 * entries in one unit of the journal (by execId; the trades CSV is its projection). Used
 * before planning, to take in what a crashed run or a late fill left behind, and after
 * sending, for this run's fills. Returns the fills that were new.
 */
export async function collectOwnFills(broker: Broker, journal: Journal, runId: string, now: number, ledger?: LedgerBook): Promise<Fill[]> {
  const executions = await broker.executions(now - LOOKBACK_MS);
  // Every execution with autofolio's tag, including orders the journal does not know: its
  // database may have been lost since they were sent, and a fill left out is a fill lost.
  const own = executions.filter((fill) => parseOrderTag(fill.tag) !== undefined);
  if (own.length === 0) return [];
  // Every own fill, not just the new ones: the journal, the ledger and the trades CSV are
  // idempotent by execId, so a fill recorded before a crash (or before the CSV was appended,
  // or before the ledger opened) ends up in each of them once.
  const ledgerEntries = ledger ? await ledger.entriesForFills(own) : [];
  return (await journal.record({ fills: { runId, fills: own }, ...(ledgerEntries.length > 0 ? { ledger: ledgerEntries } : {}) })).fills;
}
