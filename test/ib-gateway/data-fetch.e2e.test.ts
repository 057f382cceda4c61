import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { autofolio } from '../cli.js';
import { ibAccountDir } from './account-dir.js';
import { defaultGatewayState } from './gateway-state.js';
import { StandInGateway } from './stand-in-gateway.js';

describe('autofolio data fetch --source ib: IB historical bars through the configured IB broker (stand-in gateway)', () => {
  let gateway: StandInGateway | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await gateway?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('fills the folder with the daily bars IB gives, one historical request per instrument, and a second fetch adds none', async () => {
    gateway = new StandInGateway(defaultGatewayState());
    const port = await gateway.start();
    ({ dir } = ibAccountDir(port));
    // The account folder's files hold one bar within a day: a daily fetch starts from empty files.
    for (const name of readdirSync(join(dir, 'data'))) rmSync(join(dir, 'data', name));
    const config = join(dir, 'autofolio.yaml');

    const first = await autofolio(['data', 'fetch', '--config', config, '--source', 'ib', '--from', '2023-12-01', '--to', '2023-12-29']);
    expect(first.stderr).not.toMatch(/FAILED/);
    expect(first.code).toBe(0);
    // The stand-in's bars are every calendar day of December at 100 + 0.1 × (day − 1 mod 5).
    expect(first.stdout).toContain('SPY: added 29, corrected 0, missing 0, actions 0');
    const spy = readFileSync(join(dir, 'data', 'SPY.csv'), 'utf8').trim().split('\n');
    expect(spy[0]).toBe('time,open,high,low,close,volume');
    expect(spy[1]).toBe('2023-12-01,100,100,100,100,1000');
    expect(spy.at(-1)).toBe('2023-12-29,100.3,100.3,100.3,100.3,1000');
    expect(readFileSync(join(dir, 'data', 'XIU.csv'), 'utf8')).toContain('2023-12-02,30.1,30.1,30.1,30.1,1000');
    expect(gateway.arrivals(20)).toHaveLength(3);

    const second = await autofolio(['data', 'fetch', '--config', config, '--source', 'ib', '--to', '2023-12-29']);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('SPY: added 0, corrected 0, missing 0');
  });
});
