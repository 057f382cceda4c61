import type { Broker } from '../../brokers/broker.js';
import { parseOrderTag, type Fill } from '../../domain/order.js';
import type { AccountFiles } from '../account-files.js';
import type { RunRecords } from '../run-records.js';

const LOOKBACK_MS = 7 * 24 * 3600_000;

/**
 * Records every execution of autofolio's own orders exactly once: in the database (by execId)
 * and in the trades CSV (by execId). Used before planning, to take in what a crashed run or
 * a late fill left behind, and after sending, for this run's fills. Returns the fills that
 * were new to the database.
 */
export async function collectOwnFills(broker: Broker, records: RunRecords, files: Pick<AccountFiles, 'appendTrades'>, runId: string, now: number, ledger?: { recordFills(fills: readonly Fill[]): Promise<unknown> }): Promise<Fill[]> {
  const executions = await broker.executions(now - LOOKBACK_MS);
  const own: Fill[] = [];
  for (const fill of executions) {
    if (parseOrderTag(fill.tag) && (await records.hasOrderTag(fill.tag))) own.push(fill);
  }
  const fresh = await records.recordFills(runId, own);
  // All own fills, not just the fresh ones: a crash between the database commit and the CSV
  // append must still end with the fill in the CSV once.
  files.appendTrades(runId, own);
  // The ledger books by execId too, so handing it every own fill is idempotent and heals a
  // crash between the database commit and the ledger's.
  await ledger?.recordFills(own);
  return fresh;
}
