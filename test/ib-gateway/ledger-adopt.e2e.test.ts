import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, describe, expect, it } from 'vitest';
import { readTrades } from '../../src/store/trades-journal.js';
import { autofolio, type RunJson } from '../cli.js';
import { query } from '../state-db.js';
import { ibAccountDir } from './account-dir.js';
import { defaultGatewayState } from './gateway-state.js';
import { StandInGateway } from './stand-in-gateway.js';

function alerts(dir: string): string[] {
  const outbox = join(dir, 'state', 'outbox');
  return existsSync(outbox) ? readdirSync(outbox).filter((f) => f.includes('alert')).map((f) => join(outbox, f)) : [];
}

describe('a trade placed by hand at IB, then `autofolio ledger adopt`', () => {
  const state = defaultGatewayState();
  state.positions.set('SPY', { quantity: 600, avgCost: 95 });
  const gateway = new StandInGateway(state);
  let dir: string;
  let config: string;

  afterAll(async () => {
    await gateway.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('blocks the run with an alert that names `autofolio ledger adopt`; adopting books it as an external trade and the next run proceeds', async () => {
    ({ dir, config } = ibAccountDir(await gateway.start()));
    const first = await autofolio(['run', '--config', config, '--json']);
    expect(first.code, first.stderr + first.stdout).toBe(0);

    // The owner buys 5 SPY in TWS at 100.02 with a commission of 1.00.
    state.positions.get('SPY')!.quantity += 5;
    state.cash.USD = Math.round((state.cash.USD! - 5 * 100.02 - 1) * 100) / 100;
    const alertsBefore = alerts(dir).length;
    const placedBefore = gateway.placed.length;
    const blocked = await autofolio(['run', '--config', config, '--json']);
    expect(blocked.code, blocked.stderr).toBe(1);
    const problems = (JSON.parse(blocked.stdout) as RunJson).problems.join('\n');
    expect(problems).toMatch(/reconcile: .*position SPY: ledger \d+, broker \d+ \(difference 5\)/);
    expect(problems).toContain('autofolio ledger adopt');
    expect(problems).not.toContain('cashflow add');
    expect(gateway.placed).toHaveLength(placedBefore);
    const newAlerts = alerts(dir).slice(alertsBefore);
    expect(newAlerts).toHaveLength(1);
    const mail = await simpleParser(readFileSync(newAlerts[0]!));
    expect(mail.text).toContain('autofolio ledger adopt');
    expect(mail.text).not.toContain('cashflow add');

    // Without a yes nothing is booked.
    const declined = await autofolio(['ledger', 'adopt', '--config', config]);
    expect(declined.code).toBe(1);
    expect(declined.stdout).toContain('position SPY');
    expect(declined.stdout).toContain('nothing booked');
    expect(query(dir, "select * from fills where tag = 'external'")).toEqual([]);

    const adopted = await autofolio(['ledger', 'adopt', '--yes', '--config', config]);
    expect(adopted.code, adopted.stderr + adopted.stdout).toBe(0);
    // The price comes from the cash the trade moved: (5 × 100.02 + 1) / 5.
    expect(adopted.stdout).toContain('BUY 5 SPY at 100.22 USD');
    expect(adopted.stdout).toContain('ledger and broker agree');
    const external = readTrades(join(dir, 'state', 'trades.csv')).filter((t) => t.tag === 'external');
    expect(external).toEqual([expect.objectContaining({ symbol: 'SPY', side: 'BUY', quantity: 5, execId: expect.stringMatching(/^external:r-.*:SPY$/) as unknown as string })]);
    expect(query<{ note: string }>(dir, "select note from ledger_entries where exec_id like 'external:%'")[0]!.note).toMatch(/external trade adopted/);

    const next = await autofolio(['run', '--config', config, '--json']);
    expect(next.code, next.stderr + next.stdout).toBe(0);
    expect((JSON.parse(next.stdout) as RunJson).problems).toEqual([]);
  }, 120_000);
});
