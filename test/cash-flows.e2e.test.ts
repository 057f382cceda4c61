import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getCalendar } from '../src/calendar/get-calendar.js';
import { autofolio, type RunJson } from './cli.js';

/**
 * The account folder `autofolio init` makes, with its market data shown up to a moment only:
 * on `clock: data` that moment is "now" for every command, so the test moves time by revealing bars.
 */
class PaperAccount {
  readonly dir = mkdtempSync(join(tmpdir(), 'autofolio-flows-'));
  readonly config = join(this.dir, 'autofolio.yaml');
  #bars = new Map<string, { header: string; rows: string[] }>();

  async init(): Promise<void> {
    expect((await autofolio(['init', this.dir])).code).toBe(0);
    for (const file of readdirSync(join(this.dir, 'data')).filter((f) => f.endsWith('.csv'))) {
      const [header, ...rows] = readFileSync(join(this.dir, 'data', file), 'utf8').trim().split('\n');
      this.#bars.set(file, { header: header!, rows });
    }
  }

  /** Shows the bars up to `iso` (inclusive), and, with `repeatAt`, one more bar at that time with the last close: a market that did not move. */
  reveal(iso: string, repeatAt?: string): void {
    for (const [file, { header, rows }] of this.#bars) {
      const shown = rows.filter((r) => r.slice(0, 20) <= iso);
      if (repeatAt) {
        const close = shown.at(-1)!.split(',')[4]!;
        shown.push(`${repeatAt},${close},${close},${close},${close},1000000`);
      }
      writeFileSync(join(this.dir, 'data', file), `${header}\n${shown.join('\n')}\n`);
    }
  }

  async run(): Promise<RunJson> {
    const result = await autofolio(['run', '--config', this.config, '--json']);
    expect([0, 2], result.stderr + result.stdout).toContain(result.code);
    return JSON.parse(result.stdout) as RunJson;
  }

  async cashflow(amount: number): Promise<void> {
    const result = await autofolio(['cashflow', 'add', '--amount', amount.toFixed(2), '--currency', 'USD', '--config', this.config]);
    expect(result.code, result.stderr).toBe(0);
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

describe('cash flows are not P&L: the built CLI on the paper broker', () => {
  let account: PaperAccount;
  beforeEach(async () => {
    account = new PaperAccount();
    await account.init();
  });
  afterEach(() => account.remove());

  it('after a withdrawal of 10 % of NLV a run on an unchanged market is not blocked, and the digest\'s P&L today is the market\'s alone', async () => {
    account.reveal('2025-10-01T14:30:00Z');
    const first = await account.run();
    expect(first.outcome, first.problems.join('; ')).toBe('ok');
    const withdrawn = Math.round(first.nlv! * 0.1 * 100) / 100;
    await account.cashflow(-withdrawn);
    // Later the same day, every price where it was: the market did not move.
    account.reveal('2025-10-01T14:30:00Z', '2025-10-01T19:30:00Z');
    const outbox = join(account.dir, 'state', 'outbox');
    const before = new Set(readdirSync(outbox));
    const second = await account.run();
    expect(second.outcome, second.problems.join('; ')).toBe('ok');

    const digests = readdirSync(outbox).filter((f) => !before.has(f) && f.includes('digest'));
    expect(digests).toHaveLength(1);
    const mail = await simpleParser(readFileSync(join(outbox, digests[0]!)));
    const line = /P&L today\s+([+-]?[\d,]+\.\d\d) USD \(([+-]?\d+\.\d\d)%\)/.exec(mail.text ?? '');
    expect(line, mail.text).not.toBeNull();
    const pnl = Number(line![1]!.replace(/,/g, ''));
    // The day started at the paper account's initial 1 000 000; all that is left is what the two runs' trades cost.
    expect(pnl).toBeCloseTo(second.nlv! - 1_000_000 + withdrawn, 1);
    expect(pnl).toBeLessThanOrEqual(0);
    expect(Math.abs(Number(line![2]))).toBeLessThan(0.1);
    expect(mail.text).not.toMatch(/TRIPPED/);
  }, 120_000);

  it('the report\'s TWR equals the chained sub-period TWR over a month of runs with flows at every position against them', async () => {
    const sessions = getCalendar('XNYS').sessions('2025-10-01', '2025-10-28');
    // Each reading with the flows made since the one before, in the order the owner made them.
    const readings: { date: string; nlv: number; flows: number }[] = [];
    let pending = 0;
    const flow = async (amount: number): Promise<void> => {
      await account.cashflow(amount);
      pending += amount;
    };
    const run = async (date: string): Promise<void> => {
      const result = await account.run();
      readings.push({ date, nlv: result.nlv!, flows: pending });
      pending = 0;
    };
    for (const [day, session] of sessions.entries()) {
      const hour = (h: number): string => `${session.date}T${String(h).padStart(2, '0')}:30:00Z`;
      // The paper account exists from the first run on, so the first day's flow comes after it.
      const position = (day + 1) % 4;
      account.reveal(hour(14));
      // Before the day's first run, on the day's clock.
      if (position === 0) await flow(25_000);
      await run(session.date);
      // At the very clock time of the run just made.
      if (position === 1) await flow(-30_000);
      account.reveal(hour(16));
      // Between the runs, the market having moved since the last.
      if (position === 2) await flow(40_000);
      account.reveal(hour(18));
      await run(session.date);
      // After the day's last run: at its clock time, recorded after it.
      if (position === 3) await flow(-20_000);
    }
    const first = readings.findLastIndex((r) => r.date === readings[0]!.date);
    let growth = 1;
    for (let k = first + 1; k < readings.length; k++) growth *= readings[k]!.nlv / (readings[k - 1]!.nlv + readings[k]!.flows);

    const report = await autofolio(['report', '--config', account.config, '--json']);
    expect(report.code, report.stderr).toBe(0);
    const metrics = JSON.parse(report.stdout) as { twr: number; periods: number; netCashFlows: number };
    expect(metrics.periods).toBe(sessions.length - 1);
    expect(Math.abs(metrics.twr - (growth - 1))).toBeLessThan(1e-9);
    // The flows of the first day up to its last run are part of the starting value.
    const inPeriod = readings.slice(first + 1).reduce((sum, r) => sum + r.flows, 0);
    expect(metrics.netCashFlows).toBeCloseTo(inPeriod, 6);
  }, 600_000);
});
