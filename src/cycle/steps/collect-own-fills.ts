import type { Broker } from '../../brokers/broker.js';
import { parseOrderTag, type Fill } from '../../domain/order.js';
import type { LedgerBook } from '../../ledger/ledger-book.js';
import type { AccountFiles } from '../account-files.js';
import type { Journal } from '../journal.js';

const LOOKBACK_MS = 7 * 24 * 3600_000;

/**
 * Records every execution of autofolio's own orders exactly once: the fills and their ledger
 * entries in one unit of the journal (by execId), then the trades CSV, a projection of the
 * journal (by execId). Used before planning, to take in what a crashed run or a late fill left
 * behind, and after sending, for this run's fills. Returns the fills that were new.
 */
export async function collectOwnFills(broker: Broker, journal: Journal, files: Pick<AccountFiles, 'appendTrades'>, runId: string, now: number, ledger?: LedgerBook): Promise<Fill[]> {
  const executions = await broker.executions(now - LOOKBACK_MS);
  const own: Fill[] = [];
  for (const fill of executions) {
    if (parseOrderTag(fill.tag) && (await journal.hasOrderTag(fill.tag))) own.push(fill);
  }
  if (own.length === 0) return [];
  // Every own fill, not just the new ones: the ledger and the journal are idempotent by execId,
  // so a fill recorded before the ledger opened, or before a crash, is booked once.
  const ledgerEntries = ledger ? await ledger.entriesForFills(own) : [];
  const recorded = await journal.record({ fills: { runId, fills: own }, ...(ledgerEntries.length > 0 ? { ledger: ledgerEntries } : {}) });
  // All own fills again: a crash between the journal's commit and the CSV append must still
  // end with the fill in the CSV once.
  files.appendTrades(runId, own);
  return recorded.fills;
}
