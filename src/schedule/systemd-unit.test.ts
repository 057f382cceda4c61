import { describe, expect, it } from 'vitest';
import { systemdExecArgument, systemdPath, systemdUnitText, unitName } from './systemd-unit.js';

describe('values in a systemd unit', () => {
  it('write a path literally, spaces included, with the specifier sign doubled', () => {
    expect(systemdPath('/home/me/my account')).toBe('/home/me/my account');
    expect(systemdPath('/data/100%')).toBe('/data/100%%');
    expect(() => systemdPath('/a\nb')).toThrow(/line break/);
  });

  it('quote an ExecStart word with a space or a quote, and double % and $', () => {
    expect(systemdExecArgument('/usr/bin/node')).toBe('/usr/bin/node');
    expect(systemdExecArgument('/home/me/my account/autofolio.yaml')).toBe('"/home/me/my account/autofolio.yaml"');
    expect(systemdExecArgument('/a/"x"\\y')).toBe('"/a/\\"x\\"\\\\y"');
    expect(systemdExecArgument('/a/$HOME%')).toBe('/a/$$HOME%%');
  });

  it('name the unit after the account, with what a unit name cannot hold replaced', () => {
    expect(unitName('DU1234567')).toBe('autofolio-DU1234567.service');
    expect(unitName('my/acct 1')).toBe('autofolio-my_acct_1.service');
  });

  it('stop only after the longest cycle, and run as the user in a system unit only', () => {
    const base = { accountId: 'A1', node: '/usr/bin/node', script: '/usr/local/bin/autofolio', configFile: '/srv/a/autofolio.yaml', workingDirectory: '/srv/a', environmentFile: '/srv/a/autofolio.env', user: 'me', cycleSeconds: 600 };
    const system = systemdUnitText({ ...base, variant: 'system' });
    expect(system).toMatch(/^TimeoutStopSec=720$/m);
    expect(system).toMatch(/^User=me$/m);
    expect(systemdUnitText({ ...base, variant: 'user' })).not.toMatch(/^User=/m);
  });
});
