import type { LoadedConfig } from '../config/load.js';
import { fetchIntoFolder } from '../data/fetch/fetch-into-folder.js';
import { alertFailure } from './alert-failure.js';
import { openDataSource } from './open-data-source.js';

/**
 * The refresh of dataSources.refresh before a run: new bars of every instrument from the source
 * into the data folder, before the account opens (and reads the files). A failure is alerted and
 * returned, not thrown: the run goes on with the data it has, and its stale-history check decides
 * whether that data is recent enough to trade on. Returns what to print; nothing when no refresh is configured.
 */
export async function refreshBeforeRun(config: LoadedConfig, now: number = Date.now()): Promise<string | undefined> {
  const refresh = config.dataSources.refresh;
  if (!refresh?.beforeRun) return undefined;
  let failure: unknown;
  try {
    const opened = await openDataSource(config, refresh.source);
    try {
      const summaries = await fetchIntoFolder({ dataDir: config.dataPath, instruments: config.instruments, source: opened.source, now });
      const failed = summaries.filter((s) => s.error);
      if (failed.length === 0) return `data refresh from ${refresh.source}: ${summaries.reduce((n, s) => n + s.added, 0)} bars added, ${summaries.reduce((n, s) => n + s.corrected, 0)} corrected`;
      // One reason is enough to act on: the same cause (a source down, a folder of hourly files) usually fails every symbol.
      const others = failed.length > 1 ? ` (${failed.length} of ${summaries.length} symbols failed: ${failed.map((s) => s.symbol).join(', ')}; the first reason shown)` : '';
      failure = new Error(`${failed[0]!.error}${others}`);
    } finally {
      await opened.close();
    }
  } catch (error) {
    failure = error;
  }
  const reason = failure instanceof Error ? failure.message : String(failure);
  const sent = await alertFailure(config, `data refresh from ${refresh.source}`, new Error(`${reason}. The run goes on with the data in ${config.dataPath} if it is recent enough (dataChecks.maxAgeSessions)`));
  return `data refresh from ${refresh.source} failed: ${reason}; ${sent}`;
}
