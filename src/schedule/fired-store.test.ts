import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteDocuments } from '../store/sqlite-documents.js';
import { openSqlite, type Database } from '../store/sqlite.js';
import { SqliteFiredStore } from './fired-store.js';

describe('SqliteFiredStore', () => {
  let dir: string;
  let db: Database | undefined;
  afterEach(async () => {
    await db?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the last fired trigger per account across connections, and refuses a malformed one', async () => {
    dir = mkdtempSync(join(tmpdir(), 'autofolio-fired-'));
    const path = join(dir, 'a.sqlite');
    db = await openSqlite(path);
    const store = new SqliteFiredStore(db, 'A1');
    expect(await store.last()).toBeUndefined();
    const record = { time: Date.parse('2024-11-29T16:35:00Z'), kind: 'trade' as const, session: '2024-11-29', firedAt: Date.parse('2024-11-29T16:50:00Z') };
    await store.save(record);
    await store.save({ ...record, runId: 'r1', outcome: 'ok' });
    await db.destroy();
    db = await openSqlite(path);
    expect(await new SqliteFiredStore(db, 'A1').last()).toEqual({ ...record, runId: 'r1', outcome: 'ok' });
    expect(await new SqliteFiredStore(db, 'B2').last()).toBeUndefined();
    await new SqliteDocuments(db, 'B2').save('schedule:last-fired', { time: 'yesterday' });
    await expect(new SqliteFiredStore(db, 'B2').last()).rejects.toThrow(/malformed.*delete that row/);
  });
});
