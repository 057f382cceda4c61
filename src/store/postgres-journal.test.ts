import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, pgAvailable, type TestDatabase } from '../../test/pg-harness.js';
import { journalContract } from '../cycle/journal.contract.js';
import { sampleSnapshot } from '../notify/test-fixtures.js';
import { openPostgres } from './postgres.js';
import { SqliteJournal } from './sqlite-journal.js';

const hasPg = await pgAvailable();

describe.skipIf(!hasPg)('the journal on a real PostgreSQL server', () => {
  let database: TestDatabase;
  let schemas = 0;
  beforeAll(async () => {
    database = await freshDatabase('journal');
  });
  afterAll(() => database?.drop());

  // Each test of the suite gets a schema of its own, as each account does.
  journalContract('PostgreSQL', async () => {
    const db = await openPostgres({ url: database.url, schema: `contract_${++schemas}` });
    return { journal: new SqliteJournal(db, 'ACC'), close: () => db.destroy() };
  });

  it('keeps two accounts in one database apart by their schemas, even under one account id', async () => {
    const first = await openPostgres({ url: database.url, schema: 'acc_one' });
    const second = await openPostgres({ url: database.url, schema: 'acc_two' });
    try {
      const time = Date.parse('2025-11-14T15:30:00Z');
      await new SqliteJournal(first, 'ACC').record({ snapshot: sampleSnapshot({ runId: 'r-1', time }) });
      expect(await new SqliteJournal(second, 'ACC').latestSnapshot()).toBeUndefined();
      expect((await new SqliteJournal(first, 'ACC').latestSnapshot())?.runId).toBe('r-1');
    } finally {
      await first.destroy();
      await second.destroy();
    }
  });

  it('reads bigint and count(*) back as numbers, not the strings pg returns by default', async () => {
    const db = await openPostgres({ url: database.url, schema: 'numbers' });
    try {
      await new SqliteJournal(db, 'ACC').record({ ledger: [{ kind: 'deposit', time: Date.parse('2025-11-14T15:30:00Z'), currency: 'USD', amountMinor: 9_007_199_254_740_000 }] });
      const [entry] = await new SqliteJournal(db, 'ACC').ledgerEntries();
      expect(entry?.amountMinor).toBe(9_007_199_254_740_000);
      expect(entry?.ledgerSeq).toBe(1);
      const counted = await db.selectFrom('ledger_entries' as never).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      expect(counted).toEqual({ n: 1 });
    } finally {
      await db.destroy();
    }
  });
});
