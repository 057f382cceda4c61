import { requireNotify, type LoadedConfig, type RunConfig } from '../config/load.js';
import { accountPaths, type AccountPaths } from '../cycle/account-paths.js';
import type { AccountFiles } from '../cycle/account-files.js';
import type { CycleDeps } from '../cycle/cycle-deps.js';
import { tradableInstruments } from '../cycle/instruments.js';
import type { CsvMarketData } from '../data/csv/csv-market-data.js';
import { configCsvMarketData } from '../data/csv/config-market-data.js';
import { fixedClock, wallClock, type Clock } from '../domain/clock.js';
import { getCalendar } from '../calendar/get-calendar.js';
import { folderFiles, folderProjection } from '../store/folder-files.js';
import type { Database } from '../store/sqlite.js';
import { openJournalStore, type JournalStore } from './open-store.js';

/**
 * An account's records and what reading them needs: the journal, the state folder's files, the
 * clock and the main exchange's time zone. No broker and no notifier, so a command that only
 * shows what is recorded (status) loads neither IB's client nor SMTP's.
 */
export interface AccountRecords {
  readonly config: RunConfig;
  readonly paths: AccountPaths;
  /** The journal's database, whichever kind the config selects (store). */
  readonly store: JournalStore;
  readonly db: Database;
  readonly journal: CycleDeps['journal'];
  readonly files: AccountFiles;
  readonly clock: Clock;
  /** The CSV folder of the config (the market data of accounts that keep files). */
  readonly csv: CsvMarketData;
  readonly timeZone: string;
  close(): Promise<void>;
}

export interface OpenRecordsOptions {
  readonly clock?: Clock;
  /**
   * With `clock: data`, take the newest bar's time from each file's last row rather than reading
   * and checking every file: for commands that only show what is recorded, where a data folder
   * of hundreds of files would otherwise cost more than everything else.
   */
  readonly clockFromLastRows?: boolean;
}

export async function openRecords(loaded: LoadedConfig, options: OpenRecordsOptions = {}): Promise<AccountRecords> {
  const config = requireNotify(loaded);
  const paths = accountPaths(config);
  const csv = configCsvMarketData(config);
  const clock = options.clock ?? (await configuredClock(config, csv, options.clockFromLastRows === true));
  const store = await openJournalStore(config, [folderProjection(paths)]);
  const { db, journal } = store;
  const timeZone = getCalendar(tradableInstruments(config)[0]?.exchange ?? 'XNYS').timeZone;
  return { config, paths, store, db, journal, files: folderFiles(paths), clock, csv, timeZone, close: () => store.close() };
}

/** "data": now is the newest bar's time, so paper trading on files works at any hour. */
async function configuredClock(config: LoadedConfig, marketData: CsvMarketData, fromLastRows: boolean): Promise<Clock> {
  if (config.clock === 'wall') return wallClock;
  const newest = fromLastRows ? await marketData.latestBarTimeFromLastRows() : await marketData.latestBarTime();
  if (newest === undefined) throw new Error(`clock: data needs market data, but ${config.dataPath} has no bars`);
  return fixedClock(newest);
}
