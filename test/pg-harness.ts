import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * A real PostgreSQL server for tests: `.ci/run` installs Debian's postgresql, starts it and sets
 * AUTOFOLIO_TEST_PG_URL. On a developer's machine without a server the PostgreSQL tests are
 * skipped with a note (so `npm test` works on a fresh clone), but never in CI, where a missing
 * server is a failure rather than a silent pass.
 */
export const testPgUrl = process.env['AUTOFOLIO_TEST_PG_URL'] ?? 'postgres://postgres:postgres@127.0.0.1:5432/postgres';

let availability: Promise<boolean> | undefined;

/** Whether the test server answers; throws in CI, where it must. */
export function pgAvailable(): Promise<boolean> {
  availability ??= (async () => {
    const client = new pg.Client({ connectionString: testPgUrl, connectionTimeoutMillis: 3_000 });
    try {
      await client.connect();
      await client.query('select 1');
      return true;
    } catch (error) {
      if (process.env['CI']) throw new Error(`PostgreSQL tests need a server at ${redacted(testPgUrl)} (set AUTOFOLIO_TEST_PG_URL): ${(error as Error).message}`);
      console.warn(`PostgreSQL tests skipped: no server at ${redacted(testPgUrl)} (${(error as Error).message}); .ci/run starts one`);
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  })();
  return availability;
}

export interface TestDatabase {
  /** Connection URL of a database made for this test alone. */
  readonly url: string;
  drop(): Promise<void>;
}

/** A new, empty database on the test server, so that test files never see each other's rows. */
export async function freshDatabase(label: string): Promise<TestDatabase> {
  const name = `autofolio_${label.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${randomBytes(4).toString('hex')}`;
  await adminQuery(`create database ${name}`);
  const url = new URL(testPgUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => adminQuery(`drop database if exists ${name} with (force)`),
  };
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: testPgUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function redacted(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
