import { existsSync, readFileSync } from 'node:fs';
import { orderFilePath, type AccountPaths } from '../cycle/account-paths.js';
import type { AccountFiles } from '../cycle/account-files.js';
import { writeForecast } from '../strategy/forecast-file.js';
import { readForecast } from '../strategy/read-forecast.js';
import { writeOrderFile } from './order-file.js';
import { writeSnapshotFile } from './snapshot-file.js';
import { appendTrades } from './trades-journal.js';

/** An account's files in its state folder (README: "Files of an account"). */
export function folderFiles(paths: AccountPaths): AccountFiles {
  return {
    writeForecast: (forecast) => writeForecast(paths.forecast, forecast),
    readForecast: (options) => readForecast(paths.forecast, options),
    writeOrderFile(runId, now, plan) {
      const path = orderFilePath(paths, runId, now);
      writeOrderFile(path, plan);
      return path;
    },
    writeSnapshot: (snapshot) => void writeSnapshotFile(paths.snapshots, snapshot),
    appendTrades: (runId, fills) => void appendTrades(paths.trades, runId, fills),
    haltFile() {
      if (!existsSync(paths.haltFile)) return undefined;
      return { path: paths.haltFile, text: readFileSync(paths.haltFile, 'utf8').trim() };
    },
  };
}
