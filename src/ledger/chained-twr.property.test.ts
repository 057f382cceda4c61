import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeMetrics } from '../analytics/compute-metrics.js';
import type { Journal } from '../cycle/journal.js';
import { sampleSnapshot } from '../notify/test-fixtures.js';
import { MemoryJournal } from '../store/memory-journal.js';
import { openSqlite } from '../store/sqlite.js';
import { SqliteJournal } from '../store/sqlite-journal.js';
import { accountAnalyticsInput } from './account-analytics.js';

const HOUR = 3_600_000;
const START = Date.parse('2025-10-01T14:30:00Z');
const dateOf = (time: number): string => new Date(time).toISOString().slice(0, 10);
const cents = (n: number): number => Math.round(n * 100) / 100;

/**
 * What happens to an account: the clock moves (0 hours keeps it, so a flow gets the very time of
 * the last run, as under `clock: data`; 24 and more cross into the next day) and the market with
 * it; the owner deposits or withdraws; a run reads the NLV.
 */
type Event = { kind: 'advance'; hours: number; move: number } | { kind: 'flow'; share: number } | { kind: 'run' };

const event: fc.Arbitrary<Event> = fc.oneof(
  fc.record({ kind: fc.constant('advance' as const), hours: fc.constantFrom(0, 1, 3, 18, 24, 70), move: fc.double({ min: -0.03, max: 0.03, noNaN: true }) }),
  fc.record({ kind: fc.constant('flow' as const), share: fc.double({ min: -0.3, max: 0.5, noNaN: true }).filter((s) => Math.abs(s) > 0.001) }),
  fc.constant({ kind: 'run' as const }),
);

/**
 * Plays the events into a journal, and works out the chained sub-period TWR from the events
 * alone: each sub-period runs from one reading to the next, with the flows made between them
 * counted at its start, from the first date's last reading on.
 */
async function play(journal: Journal, events: readonly Event[]): Promise<number | null> {
  let time = START;
  let value = 1_000_000;
  let pending = 0;
  const readings: { date: string; value: number; flows: number }[] = [];
  for (const [i, e] of events.entries()) {
    if (e.kind === 'advance') {
      time += e.hours * HOUR;
      value = cents(value * (1 + e.move));
    } else if (e.kind === 'flow') {
      const amount = cents(value * e.share);
      value = cents(value + amount);
      pending = cents(pending + amount);
      await journal.record({ ledger: [{ kind: amount > 0 ? 'deposit' : 'withdrawal', time, currency: 'USD', amountMinor: Math.round(Math.abs(amount) * 100), rateToBase: 1 }] });
    } else {
      readings.push({ date: dateOf(time), value, flows: pending });
      pending = 0;
      await journal.record({ snapshot: sampleSnapshot({ runId: `r-${String(i).padStart(4, '0')}`, time, nlv: value, positions: [], trades: [] }) });
    }
  }
  const first = readings.findLastIndex((r) => r.date === readings[0]?.date);
  if (first < 0 || first === readings.length - 1) return null;
  let growth = 1;
  for (let k = first + 1; k < readings.length; k++) growth *= readings[k]!.value / (readings[k - 1]!.value + readings[k]!.flows);
  return growth - 1;
}

async function reportTwr(journal: Journal): Promise<number | null> {
  const input = accountAnalyticsInput({
    baseCurrency: 'USD',
    snapshots: await journal.snapshotsBetween(0, Date.parse('9999-01-01')),
    fills: [],
    entries: await journal.ledgerEntries(),
    rates: await journal.rates(),
    sentQuotes: [],
    terms: new Map(),
    dateOf,
    riskFreeRate: 0,
  });
  return computeMetrics(input).twr;
}

function expectSame(actual: number | null, expected: number | null): void {
  if (expected === null) expect(actual).toBeNull();
  else expect(Math.abs(actual! - expected)).toBeLessThan(1e-9);
}

describe('the report\'s TWR over any sequence of runs and cash flows', () => {
  it('equals the chained sub-period TWR, with flows at any position against the runs (memory journal)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(event, { minLength: 1, maxLength: 60 }), async (events) => {
        const journal = new MemoryJournal();
        const expected = await play(journal, events);
        expectSame(await reportTwr(journal), expected);
      }),
      { numRuns: 300 },
    );
  });

  it('equals the chained sub-period TWR, with flows at any position against the runs (SQLite journal)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'autofolio-twr-'));
    try {
      let n = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(event, { minLength: 1, maxLength: 40 }), async (events) => {
          const db = await openSqlite(join(dir, `case-${n++}.sqlite`));
          try {
            const journal = new SqliteJournal(db, 'PAPER-1');
            const expected = await play(journal, events);
            expectSame(await reportTwr(journal), expected);
          } finally {
            await db.destroy();
          }
        }),
        { numRuns: 25 },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
