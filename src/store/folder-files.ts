import { existsSync, readFileSync } from 'node:fs';
import { orderFilePath, type AccountPaths } from '../cycle/account-paths.js';
import type { AccountFiles } from '../cycle/account-files.js';
import type { JournalProjection } from '../cycle/journal.js';
import { writeForecast } from '../strategy/forecast-file.js';
import { readForecast } from '../strategy/read-forecast.js';
import { writeOrderFile } from './order-file.js';
import { writeSnapshotFile } from './snapshot-file.js';
import { appendTrades } from './trades-journal.js';

/** An account's forecast channel and kill-switch file in its state folder (README: "Files of an account"). */
export function folderFiles(paths: AccountPaths): AccountFiles {
  return {
    writeForecast: (forecast) => writeForecast(paths.forecast, forecast),
    readForecast: (options) => readForecast(paths.forecast, options, paths.state),
    orderFileOf: (runId, now) => orderFilePath(paths, runId, now),
    haltFile() {
      if (!existsSync(paths.haltFile)) return undefined;
      return { path: paths.haltFile, text: readFileSync(paths.haltFile, 'utf8').trim() };
    },
  };
}

/**
 * The files people read, projected from the journal: the order file of each plan, the JSON of
 * each snapshot, and every recorded fill in the trades CSV (by execId, so a fill recorded again
 * after a crash is appended once).
 */
export function folderProjection(paths: AccountPaths): JournalProjection {
  return (changes) => {
    if (changes.plan?.lines) writeOrderFile(orderFilePath(paths, changes.plan.runId, changes.plan.at), { lines: changes.plan.lines });
    if (changes.fills) appendTrades(paths.trades, changes.fills.runId, changes.fills.fills);
    if (changes.snapshot) writeSnapshotFile(paths.snapshots, changes.snapshot);
  };
}
