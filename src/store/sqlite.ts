import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver } from 'kysely';
import { migrateToLatest } from './migrations.js';
import type { DatabaseSchema } from './schema.js';

export type Database = Kysely<DatabaseSchema>;

// better-sqlite3's JavaScript is bundled into the command (a dozen files that Node resolved,
// read and compiled on every start), but its compiled part stays in its package. Left to
// itself, it finds that by walking up from its own file (the `bindings` package), which inside
// the bundle is the command's file: so it is named here, resolved from this module, where the
// package is installed beside the command's. The name is better-sqlite3's own build output.
const resolveHere = createRequire(import.meta.url).resolve;
let nativeBinding: string | undefined;

/** The account's database could not be opened or migrated; the message names the file. */
export class DatabaseOpenError extends Error {
  constructor(readonly path: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    const code = (cause as { code?: unknown }).code;
    super(`the database ${path} cannot be opened: ${reason}${typeof code === 'string' ? ` (${code})` : ''}${hintFor(code)}`, { cause });
    this.name = 'DatabaseOpenError';
  }
}

/**
 * Opens (creating and migrating if needed) the account's SQLite file. WAL mode lets the
 * dashboard and `status` read while a run writes; a busy timeout makes two writers queue
 * instead of failing, and is set first so that even switching a new file to WAL queues.
 */
export async function openSqlite(path: string): Promise<Database> {
  let sqlite: SQLite.Database | undefined;
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    const created = !existsSync(path);
    sqlite = new SQLite(path, { nativeBinding: (nativeBinding ??= resolveHere('better-sqlite3/build/Release/better_sqlite3.node')) });
    if (created) chmodSync(path, 0o600);
    sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    await switchToWal(sqlite);
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    const db = new Kysely<DatabaseSchema>({ dialect: new KeepingErrorsDialect(sqlite) });
    await migrateToLatest(sqlite, db as Kysely<unknown>);
    return db;
  } catch (error) {
    sqlite?.close();
    throw new DatabaseOpenError(path, error);
  }
}

const BUSY_TIMEOUT_MS = 10_000;
const WAL_RETRY_MS = 20;

/**
 * Switches the file to WAL, waiting for another process as the busy timeout would. SQLite
 * answers SQLITE_BUSY at once, without calling its busy handler, where waiting could deadlock:
 * two first runs of a new account both opening the file and switching it from its rollback
 * journal to WAL is such a case (10 of 40 such races failed). The switch
 * changes nothing once made, so it is simply asked again until the other process is done.
 */
async function switchToWal(sqlite: SQLite.Database): Promise<void> {
  const deadline = Date.now() + BUSY_TIMEOUT_MS;
  for (;;) {
    try {
      sqlite.pragma('journal_mode = WAL');
      return;
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'SQLITE_BUSY' || Date.now() >= deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, WAL_RETRY_MS));
    }
  }
}

/**
 * The account's dialect, with two corrections to Kysely's:
 * - SQLite rolls a transaction back by itself on some errors (SQLITE_FULL, SQLITE_IOERR).
 *   Kysely then sends its own ROLLBACK, which fails with "cannot rollback - no transaction is
 *   active" and replaces the real error: a full disk was reported as that. Here the ROLLBACK
 *   is sent only while a transaction is open, so the caller sees "database or disk is full".
 * - An error of the file itself (full, read-only, corrupt) names the file, so the step that
 *   reports it says which file to look at.
 */
class KeepingErrorsDialect extends SqliteDialect {
  readonly #sqlite: SQLite.Database;

  constructor(sqlite: SQLite.Database) {
    super({ database: sqlite });
    this.#sqlite = sqlite;
  }

  override createDriver(): Driver {
    const sqlite = this.#sqlite;
    return new (class extends SqliteDriver {
      override async acquireConnection(): Promise<DatabaseConnection> {
        const connection = await super.acquireConnection();
        return {
          executeQuery: async (query) => {
            try {
              return await connection.executeQuery(query);
            } catch (error) {
              throw namingTheFile(error, sqlite.name);
            }
          },
          streamQuery: (query, chunkSize) => connection.streamQuery(query, chunkSize),
        };
      }

      override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
        if (sqlite.inTransaction) await super.rollbackTransaction(connection);
      }
    })({ database: sqlite });
  }
}

const FILE_ERRORS = /^SQLITE_(FULL|READONLY|IOERR|CORRUPT|NOTADB|CANTOPEN)/;

function namingTheFile(error: unknown, path: string): unknown {
  const code = (error as { code?: unknown }).code;
  if (!(error instanceof Error) || typeof code !== 'string' || !FILE_ERRORS.test(code)) return error;
  return Object.assign(new Error(`${error.message} (${path})`, { cause: error }), { code });
}

function hintFor(code: unknown): string {
  switch (code) {
    case 'SQLITE_NOTADB':
    case 'SQLITE_CORRUPT':
      return ': the file is damaged or is not an autofolio database; restore it from a backup';
    case 'SQLITE_READONLY':
    case 'SQLITE_CANTOPEN':
    case 'EACCES':
      return ': check that the file and its folder are writable by this user';
    case 'SQLITE_FULL':
      return ': the disk is full; free space and run again';
    case 'SQLITE_BUSY':
      return ': another autofolio process held it too long';
    default:
      return '';
  }
}
