import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runRecordsContract } from '../cycle/run-records.contract.js';
import { SqliteRecords } from './sqlite-records.js';
import { openSqlite } from './sqlite.js';

runRecordsContract('a real SQLite file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'records-'));
  const db = await openSqlite(join(dir, 'a.sqlite'));
  return {
    records: new SqliteRecords(db, 'ACC'),
    close: async () => {
      await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
