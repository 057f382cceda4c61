import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, pgAvailable, type TestDatabase } from '../../test/pg-harness.js';
import { openPostgresKysely } from './kysely.js';

const hasPg = await pgAvailable();

describe.skipIf(!hasPg)('Kysely over a pool of pg connections', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await freshDatabase('kysely');
  });
  afterAll(() => database?.drop());

  it('puts the schema alone on the search path and names its connections', async () => {
    const db = openPostgresKysely({ url: database.url, maxConnections: 1, schema: 'Odd "schema"', applicationName: 'autofolio test pool' });
    try {
      await sql`create schema "Odd ""schema"""`.execute(db);
      const { rows } = await sql<{ schemas: string[]; name: string }>`select current_schemas(false)::text[] as schemas, current_setting('application_name') as name`.execute(db);
      expect(rows).toEqual([{ schemas: ['Odd "schema"'], name: 'autofolio test pool' }]);
    } finally {
      await db.destroy();
    }
  });

  it('reads int8 and numeric as numbers, and refuses an int8 it cannot hold exactly', async () => {
    const db = openPostgresKysely({ url: database.url, maxConnections: 1 });
    try {
      const { rows } = await sql<{ big: number; count: number; sum: number }>`select 9007199254740991::int8 as big, count(*) as count, sum(x) as sum from (values (1::int8), (2::int8)) v(x)`.execute(db);
      expect(rows).toEqual([{ big: 9007199254740991, count: 2, sum: 3 }]);
      await expect(sql`select 9007199254740993::int8 as big`.execute(db)).rejects.toThrow('PostgreSQL returned the integer 9007199254740993, beyond what autofolio reads exactly (2^53)');
    } finally {
      await db.destroy();
    }
  });
});
