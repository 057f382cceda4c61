import { ConfigError, type RunConfig } from '../config/load.js';
import { accountPaths } from '../cycle/account-paths.js';
import type { Journal, JournalProjection } from '../cycle/journal.js';
import { fileAccountLock, type AccountLock } from '../cycle/run-lock.js';
import { folderProjection } from '../store/folder-files.js';
import { SqliteJournal } from '../store/sqlite-journal.js';
import { openSqlite, type Database } from '../store/sqlite.js';

/** An account's opened journal database, whichever kind its config selects. */
export interface AccountStore {
  readonly db: Database;
  readonly kind: 'sqlite' | 'postgres';
  /** Where it is, for messages: the SQLite file, or the PostgreSQL server, database and schema (never the password). */
  readonly location: string;
  /** A new single-run lock of the account: the lock file beside a SQLite database, PostgreSQL's advisory lock for a shared one. */
  runLock(): AccountLock;
  close(): Promise<void>;
}

export interface JournalStore extends AccountStore {
  /** The account's journal, projecting into the account's state folder (order files, snapshots, trades CSV). */
  readonly journal: Journal;
}

/**
 * Opens the account's journal database: the SQLite file in the state folder (store absent or
 * `kind: sqlite`), or the account's schema on the PostgreSQL server whose URL is in the
 * environment variable `store.urlEnv` names. Every command that reads or writes the journal
 * opens it here, so all of them follow the config's choice.
 */
export async function openStore(config: RunConfig): Promise<AccountStore> {
  const store = config.store;
  if (store.kind === 'postgres') {
    const url = process.env[store.urlEnv];
    if (url === undefined || url.trim() === '') {
      throw new ConfigError(`${config.configFile}: store.urlEnv: the environment variable ${store.urlEnv} is not set; it must hold the PostgreSQL URL, e.g. postgres://autofolio:PASSWORD@db.example.com:5432/autofolio`);
    }
    const location = { url, schema: store.schema ?? defaultSchema(config.account.id) };
    // Loaded only here, so that commands of SQLite accounts never load `pg`.
    const [{ openPostgres, describePostgres }, { PostgresRunLock }] = await Promise.all([import('../store/postgres.js'), import('../store/postgres-lock.js')]);
    const db = await openPostgres(location);
    return { db, kind: 'postgres', location: describePostgres(location), runLock: () => new PostgresRunLock(location), close: () => db.destroy() };
  }
  const paths = accountPaths(config);
  const db = await openSqlite(paths.database);
  return { db, kind: 'sqlite', location: paths.database, runLock: () => fileAccountLock(paths.lock), close: () => db.destroy() };
}

/** The account's store with its journal: what a worker or a view of many accounts opens per account. */
export async function openJournalStore(config: RunConfig, projections: readonly JournalProjection[] = [folderProjection(accountPaths(config))]): Promise<JournalStore> {
  const store = await openStore(config);
  return { ...store, journal: new SqliteJournal(store.db, config.account.id, projections) };
}

/**
 * The schema of an account that names none: `autofolio_` and its id in lower case, other
 * characters as `_`. Two ids that map to one schema (`PA-1`, `pa_1`) would share it and its
 * run lock: give one of them store.schema.
 */
export function defaultSchema(accountId: string): string {
  return `autofolio_${accountId.toLowerCase().replace(/[^a-z0-9_]/g, '_')}`.slice(0, 63);
}
