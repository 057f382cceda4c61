import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { autofolio, type RunJson } from './cli.js';

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

describe('errors name the real cause and its fix', () => {
  let dir: string;
  let config: string;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'autofolio-causes-'));
    expect((await autofolio(['init', dir])).code).toBe(0);
    config = join(dir, 'autofolio.yaml');
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const edit = (from: string | RegExp, to: string): void => {
    const text = readFileSync(config, 'utf8');
    expect(text).toMatch(from);
    writeFileSync(config, text.replace(from, to));
  };

  it('a dataDir that does not exist is named as the folder, not as a missing file per symbol', async () => {
    edit(/^dataDir: data /m, 'dataDir: dta ');
    const run = await autofolio(['run', '--config', config]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${join(dir, 'dta')}: the data folder does not exist: check dataDir in the config`);
    expect(run.stderr).not.toContain('missing file');
  });

  it('a missing file in an existing data folder is still named with its symbol', async () => {
    rmSync(join(dir, 'data', 'SPY.csv'));
    const run = await autofolio(['run', '--config', config]);
    expect(run.code).toBe(1);
    expect(run.stderr + run.stdout).toContain(`${join(dir, 'data', 'SPY.csv')}: missing file: add it or remove the symbol from the config`);
  });

  it('clock: wall on data that ended long ago says once how many days before the clock it ends, and what to do', async () => {
    edit(/^clock: data/m, 'clock: wall');
    // Every market is open on the wall clock's weekday hours only; block-run keeps the stale-quote check in view whatever the hour.
    edit('closedMarket: hold-orders', 'closedMarket: block-run');
    const run = JSON.parse((await autofolio(['run', '--json', '--config', config])).stdout) as RunJson;
    // The history check stops the run before the quotes are judged: the stale data is an error, said once for all instruments.
    expect(run.outcome).toBe('error');
    const stale = run.problems.filter((p) => p.startsWith('generate-forecast:'));
    expect(stale).toEqual([expect.stringMatching(/^generate-forecast: all 11 instruments \(SPY, QQQ, .*\): stale history: the newest bars are from 2025-11-14, the clock is \S+ \(\d+\.\d days later\): .*set clock: data$/)]);
    expect(run.problems.join('\n')).not.toMatch(/minutes old/);
  });

  it('keys of another strategy kind left under kind: external are named as such, not as misspellings', async () => {
    edit('  kind: inverse-vol ', '  kind: external ');
    const run = await autofolio(['run', '--config', config]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/autofolio\.yaml:\d+: strategy: "lookbackDays" \(inverse-vol\), "grossExposure" \(inverse-vol\), "volTarget" \(fixed, inverse-vol\) are keys of other strategy kinds, not of kind: external: remove them, or set the kind they belong to/);
    expect(run.stderr).not.toContain('check the spelling');
  });

  it('the order file, trades.csv and snapshot JSON carry no binary noise: prices to 8 decimals, money to the cent', async () => {
    const run = JSON.parse((await autofolio(['run', '--json', '--config', config])).stdout) as RunJson;
    // The 11 buys from cash and the USDCAD sell that funds the XIU buy.
    expect(run.fills).toBe(12);
    const state = join(dir, 'state');
    const written = [run.orderFile!, join(state, 'trades.csv'), ...filesUnder(join(state, 'snapshots'))];
    for (const file of written) expect(readFileSync(file, 'utf8'), file).not.toMatch(/\d\.\d*(0{6,}[1-9]|9{6,}\d)/);
    const orderFile = readFileSync(run.orderFile!, 'utf8');
    expect(orderFile).toMatch(/\r\nEFA,BUY,\d+,96\.33,96\.24,/);
    const snapshot = JSON.parse(readFileSync(filesUnder(join(state, 'snapshots'))[0]!, 'utf8')) as { nlv: number; cash: Record<string, number> };
    for (const amount of [snapshot.nlv, ...Object.values(snapshot.cash)]) expect(Math.round(amount * 100) / 100).toBe(amount);
  });
});
