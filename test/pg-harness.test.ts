import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { freshDatabase, pgAvailable } from './pg-harness.js';

const hasPg = await pgAvailable();

describe.skipIf(!hasPg)('the PostgreSQL test server', () => {
  it('gives each test a database of its own, dropped afterwards', async () => {
    const first = await freshDatabase('harness');
    const second = await freshDatabase('harness');
    try {
      const client = new pg.Client({ connectionString: first.url });
      await client.connect();
      await client.query('create table t (x int)');
      await client.end();
      const other = new pg.Client({ connectionString: second.url });
      await other.connect();
      const tables = await other.query("select count(*)::int as n from information_schema.tables where table_name = 't'");
      await other.end();
      expect(tables.rows[0].n).toBe(0);
    } finally {
      await first.drop();
      await second.drop();
    }
  });
});
