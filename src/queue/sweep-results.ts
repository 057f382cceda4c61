import { sql, type Kysely } from 'kysely';
import type { SweepRow } from '../backtest/sweep-grid.js';
import { openQueueTable } from './setup-lock.js';

interface SweepResultsTable {
  sweep_id: string;
  point: number;
  row: string;
}

interface SweepSchema {
  autofolio_sweep_results: SweepResultsTable;
}

/**
 * The rows of queued sweeps, a table in the queue's database keyed by sweep and grid point: a
 * worker stores a point's row, the command that enqueued the sweep reads them all back.
 */
export class SweepResults {
  readonly #db: Kysely<SweepSchema>;

  private constructor(db: Kysely<SweepSchema>) {
    this.#db = db;
  }

  static async open(url: string): Promise<SweepResults> {
    return new SweepResults(await openQueueTable<SweepSchema>(url, 2, sql`create table if not exists autofolio_sweep_results (
        sweep_id text not null,
        point integer not null,
        row text not null,
        primary key (sweep_id, point)
      )`));
  }

  /**
   * Stores a point's row. A retry of a point whose first worker outlived its lease may store it
   * twice: the same backtest gives the same row, and the first one stays.
   */
  async store(sweepId: string, point: number, row: SweepRow): Promise<void> {
    await this.#db.insertInto('autofolio_sweep_results').values({ sweep_id: sweepId, point, row: encodeRow(row) }).onConflict((oc) => oc.columns(['sweep_id', 'point']).doNothing()).execute();
  }

  async count(sweepId: string): Promise<number> {
    const { n } = await this.#db.selectFrom('autofolio_sweep_results').select((eb) => eb.fn.countAll<number>().as('n')).where('sweep_id', '=', sweepId).executeTakeFirstOrThrow();
    return n;
  }

  /** The sweep's rows in grid order. */
  async read(sweepId: string): Promise<SweepRow[]> {
    const rows = await this.#db.selectFrom('autofolio_sweep_results').select('row').where('sweep_id', '=', sweepId).orderBy('point').execute();
    return rows.map((r) => decodeRow(r.row));
  }

  async remove(sweepId: string): Promise<void> {
    await this.#db.deleteFrom('autofolio_sweep_results').where('sweep_id', '=', sweepId).execute();
  }

  async close(): Promise<void> {
    await this.#db.destroy();
  }
}

// JSON has no NaN or ±Infinity (an error row's finalEquity is NaN) and writes -0 as 0: they are
// written as a tagged object so that the row read back is the one the worker thread returned.
const TAGGED_NUMBER = '$number';

export function encodeRow(row: SweepRow): string {
  return JSON.stringify(row, (_key, value: unknown) => (typeof value === 'number' && (!Number.isFinite(value) || Object.is(value, -0)) ? { [TAGGED_NUMBER]: Object.is(value, -0) ? '-0' : String(value) } : value));
}

export function decodeRow(text: string): SweepRow {
  return JSON.parse(text, (_key, value: unknown) => (value && typeof value === 'object' && TAGGED_NUMBER in value ? Number((value as Record<string, string>)[TAGGED_NUMBER]) : value)) as SweepRow;
}
