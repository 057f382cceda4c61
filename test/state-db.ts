import { join } from 'node:path';
import Database from 'better-sqlite3';

/** Reads an account's SQLite file the way an auditor would: read-only, one query. */
export function query<T>(accountDir: string, sql: string, ...params: unknown[]): T[] {
  const db = new Database(join(accountDir, 'state', 'autofolio.sqlite'), { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}
