import { afterEach, describe, expect, it } from 'vitest';
import { ibDoctor } from '../../src/brokers/ib/ib-doctor.js';
import { formatDoctor } from '../../src/cli/doctor-command.js';
import { wallClock } from '../../src/domain/clock.js';
import { INSTRUMENTS, ibConfig, startRig, type Rig } from './harness.js';

describe('autofolio doctor against the stand-in gateway', () => {
  let rig: Rig;
  afterEach(async () => rig?.stop());

  it('prints server version, accounts, currency, NLV, data permission per instrument and clock skew, with hints for problems', async () => {
    rig = await startRig();
    const instruments = [INSTRUMENTS[0], { ...INSTRUMENTS[1], tickSize: 0.005 }, INSTRUMENTS[2]];
    const rows = await ibDoctor({ config: ibConfig(rig.port), baseCurrency: 'USD', instruments, clock: wallClock });
    const by = (check: string) => rows.find((row) => row.check === check);
    expect(by('connection')).toMatchObject({ status: 'ok', value: expect.stringContaining('server version 176') });
    expect(by('managed accounts')!.value).toBe('DU111111, DU222222');
    expect(by('account currency')).toMatchObject({ value: 'USD', status: 'ok' });
    expect(by('SPY')).toMatchObject({ status: 'ok', value: expect.stringContaining('live data') });
    // XIU: delayed data, and a tick in the config finer than IB's minimum.
    expect(by('XIU')).toMatchObject({ status: 'fail', value: expect.stringContaining('delayed data'), hint: expect.stringMatching(/tickSize 0\.005 is not a multiple of IB's minTick 0\.01/) });
    expect(by('clock skew')!.status).toBe('ok');
    expect(by('gateway restart')!.status).toBe('warn');
    expect(by('weekly login')).toMatchObject({ status: 'warn', hint: expect.stringMatching(/broker\.weeklyLogin/) });
    expect(rig.gateway.placed).toEqual([]);
    expect(formatDoctor(rows)).toMatch(/Problems and how to fix them:\n {2}- XIU: /);
  });

  it('reports an unreachable gateway as a failed check with the fix', async () => {
    rig = await startRig();
    await rig.gateway.stop();
    const rows = await ibDoctor({ config: ibConfig(rig.port, { connectTimeoutSeconds: 2 }), baseCurrency: 'USD', instruments: INSTRUMENTS, clock: wallClock });
    expect(rows[0]).toMatchObject({ check: 'connection', status: 'fail', hint: expect.stringMatching(/cannot reach IB Gateway/) });
  });
});
