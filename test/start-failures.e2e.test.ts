import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { autofolio } from './cli.js';

/** The alerts the .eml outbox folder holds: the channel used without an SMTP server. */
function emlAlerts(dir: string): string[] {
  const folder = join(dir, 'state', 'outbox');
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((name) => name.endsWith('.eml'))
    .map((name) => readFileSync(join(folder, name), 'utf8'))
    .filter((text) => /Subject: \[autofolio\] ERROR/.test(text));
}

describe('failures before the cycle starts', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  async function freshAccount(): Promise<{ dir: string; config: string; database: string }> {
    const dir = mkdtempSync(join(tmpdir(), 'autofolio-start-'));
    dirs.push(dir);
    expect((await autofolio(['init', dir])).code).toBe(0);
    return { dir, config: join(dir, 'autofolio.yaml'), database: join(dir, 'state', 'autofolio.sqlite') };
  }

  function corrupt(database: string): void {
    mkdirSync(join(database, '..'), { recursive: true });
    writeFileSync(database, 'not a database: a file that was overwritten by something else\n'.repeat(200));
  }

  it('a corrupt database: the run names the file, exits 1, and alerts the owner through the .eml folder (the outbox is in that database)', async () => {
    const { dir, config, database } = await freshAccount();
    corrupt(database);
    const run = await autofolio(['run', '--config', config]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`the database ${database} cannot be opened: file is not a database (SQLITE_NOTADB)`);
    expect(run.stderr).toMatch(/alerted the owner \(owner@example\.com\)/);
    const alerts = emlAlerts(dir);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatch(/ERROR PAPER-1 opening the account/);
    expect(alerts[0]).toContain('file is not a database');
  });

  it('halt on a corrupt database halts by the HALT file, says so, and alerts; a run then stops at the risk gate', async () => {
    const { dir, config, database } = await freshAccount();
    corrupt(database);
    const halt = await autofolio(['halt', '--reason', 'broker outage', '--config', config]);
    expect(halt.code).toBe(0);
    const haltFile = join(dir, 'state', 'HALT');
    expect(halt.stdout).toContain(`halted by the file ${haltFile} instead`);
    expect(readFileSync(haltFile, 'utf8')).toMatch(/^broker outage \(the database could not record it: the database .* cannot be opened: file is not a database/);
    expect(emlAlerts(dir).some((text) => /ERROR PAPER-1 halt/.test(text))).toBe(true);
    // The database restored (here: a new one), the HALT file still stops every run.
    rmSync(database);
    const run = await autofolio(['run', '--json', '--config', config]);
    expect(run.code).toBe(2);
    expect(run.stdout).toContain(`halted by the file ${haltFile}: broker outage`);
  });

  it('broken market data under clock: data exits 1 and alerts the owner', async () => {
    const { dir, config } = await freshAccount();
    for (const name of readdirSync(join(dir, 'data')).filter((n) => n.endsWith('.csv'))) writeFileSync(join(dir, 'data', name), 'time,open,high,low,close,volume\n');
    const run = await autofolio(['run', '--config', config]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/data\/SPY\.csv:1: no bars: the file has a header only/);
    const alerts = emlAlerts(dir);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatch(/ERROR PAPER-1 opening the account/);
    expect(alerts[0]).toMatch(/SPY\.csv:1: no bars/);
  });

  it.each([1, 2, 3])('two first runs racing on a new account (%i): the database is made once, one runs and the other runs after it or says the lock is held', async () => {
    const { config } = await freshAccount();
    const runs = await Promise.all([autofolio(['run', '--config', config]), autofolio(['run', '--config', config])]);
    for (const run of runs) {
      expect(run.stderr).not.toMatch(/migration|database is locked|already exists/);
      expect([0, 2]).toContain(run.code);
      if (run.code === 2) expect(run.stderr).toMatch(/another run \(trade \S+, process \d+\) holds the lock/);
    }
    expect(runs.some((run) => run.code === 0)).toBe(true);
  });
});
