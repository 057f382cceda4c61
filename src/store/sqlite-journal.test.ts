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

  it('records fills and ledger entries it already holds without a statement each: a second report of 200 executions costs a few queries', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'journal-'));
    const db = await openSqlite(join(dir, 'a.sqlite'));
    try {
      let queries = 0;
      const counting = db.withPlugin({ transformQuery: ({ node }) => ((queries += 1), node), transformResult: async ({ result }) => result });
      const journal = new SqliteJournal(counting, 'ACC');
      const time = Date.parse('2025-11-14T15:30:00Z');
      const fills = Array.from({ length: 200 }, (_, i) => ({ execId: `e${i}`, brokerOrderId: String(i), tag: `r-a:S${i}`, symbol: `S${i}`, side: 'BUY' as const, quantity: 1, price: 10, commission: 1, currency: 'USD', time }));
      const ledger = fills.map((f) => ({ kind: 'fill' as const, time, currency: 'USD', amountMinor: -1_100, symbol: f.symbol, quantity: 1, price: 10, execId: f.execId }));
      const first = await journal.record({ fills: { runId: 'r-a', fills }, ledger });
      expect(first.fills).toHaveLength(200);
      // IB tells every later step of the day of the same executions, and one new one.
      const late = { ...fills[0]!, execId: 'e-late', tag: 'r-b:S0' };
      queries = 0;
      const again = await journal.record({ fills: { runId: 'r-b', fills: [...fills, late] }, ledger: [...ledger, { ...ledger[0]!, execId: 'e-late' }] });
      expect(again.fills.map((f) => f.execId)).toEqual(['e-late']);
      expect(again.ledger.map((e) => e.execId)).toEqual(['e-late']);
      expect(queries).toBeLessThan(10);
      expect(await journal.fillsBetween(0, time + 1)).toHaveLength(201);
      expect(await journal.ledgerEntries()).toHaveLength(201);
    } finally {
      await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
