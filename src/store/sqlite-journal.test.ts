import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { journalContract } from '../cycle/journal.contract.js';
import type { Snapshot } from '../domain/snapshot.js';
import { sampleSnapshot } from '../notify/test-fixtures.js';
import { SqliteJournal } from './sqlite-journal.js';
import { openSqlite } from './sqlite.js';

journalContract('a real SQLite file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'journal-'));
  const db = await openSqlite(join(dir, 'a.sqlite'));
  return {
    journal: new SqliteJournal(db, 'ACC'),
    close: async () => {
      await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe('the SQLite journal', () => {
  it('records a unit all or nothing: a part that fails leaves the fills and ledger entries before it unrecorded', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'journal-'));
    const db = await openSqlite(join(dir, 'a.sqlite'));
    try {
      const journal = new SqliteJournal(db, 'ACC');
      const time = Date.parse('2025-11-14T15:30:00Z');
      const fill = { execId: 'e1', brokerOrderId: '7', tag: 'r-a:SPY', symbol: 'SPY', side: 'BUY' as const, quantity: 3, price: 100, commission: 1, currency: 'USD', time };
      // A snapshot that cannot be written (JSON refuses a BigInt) fails the unit after its fills.
      const unwritable = { ...sampleSnapshot({ runId: 'r-a', time }), nlv: 10n } as unknown as Snapshot;
      await expect(journal.record({ fills: { runId: 'r-a', fills: [fill] }, ledger: [{ kind: 'fill', time, currency: 'USD', amountMinor: -30_100, execId: 'e1' }], snapshot: unwritable })).rejects.toThrow();
      expect(await journal.fillsBetween(0, time + 1)).toEqual([]);
      expect(await journal.ledgerEntries()).toEqual([]);
    } finally {
      await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
