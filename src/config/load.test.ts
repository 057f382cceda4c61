import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { starterConfig } from '../cli/starter-config.js';
import { SAMPLE_INSTRUMENTS } from '../data/sample/sample-instruments.js';
import { ConfigError, loadConfig, parseConfig } from './load.js';
import { isSecretKey } from './secret-keys.js';
import { thrownBy } from '../../test/thrown-by.js';

const starter = starterConfig(SAMPLE_INSTRUMENTS);

function errorOf(text: string): string {
  return thrownBy(ConfigError, () => parseConfig(text, '/accounts/a/autofolio.yaml')).message;
}

describe('loading autofolio.yaml', () => {
  it('accepts the starter config, resolves its folders next to the file and freezes it', () => {
    const config = parseConfig(starter, '/accounts/a/autofolio.yaml');
    expect(config.dataPath).toBe('/accounts/a/data');
    expect(config.statePath).toBe('/accounts/a/state');
    expect(config.broker.kind).toBe('paper');
    expect(config.instruments.find((i) => i.symbol === 'XIU')?.currency).toBe('CAD');
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.risk)).toBe(true);
    expect(() => {
      (config.risk as { maxWeight: number }).maxWeight = 5;
    }).toThrow(TypeError);
  });

  it('names the file, the line and the field of a value out of bounds', () => {
    const message = errorOf(starter.replace('maxWeight: 0.5 ', 'maxWeight: -1 '));
    const line = starter.split('\n').findIndex((l) => l.includes('maxWeight: 0.5')) + 1;
    expect(message).toContain(`/accounts/a/autofolio.yaml:${line}: risk.maxWeight:`);
    expect(message).toMatch(/>0|greater than 0/i);
  });

  it('names a missing required key by its parent line and says it is required', () => {
    const message = errorOf(starter.replace(/^ {2}dailyLossLimitPct:.*\n/m, ''));
    expect(message).toContain('risk.dailyLossLimitPct: is required');
  });

  it('names a value of the wrong type as such, with the value, the file, the line and the field, not as missing', () => {
    const message = errorOf(starter.replace('maxWeight: 0.5 ', 'maxWeight: abc '));
    const line = starter.split('\n').findIndex((l) => l.includes('maxWeight: 0.5')) + 1;
    expect(message).toContain(`/accounts/a/autofolio.yaml:${line}: risk.maxWeight: expected a number, got a string "abc"`);
    expect(message).not.toContain('is required');
  });

  it('names a mapping or a list given where a number belongs', () => {
    expect(errorOf(starter.replace('maxWeight: 0.5 ', 'maxWeight: { a: 1 } '))).toContain('risk.maxWeight: expected a number, got a mapping');
    expect(errorOf(starter.replace('maxWeight: 0.5 ', 'maxWeight: [1, 2] '))).toContain('risk.maxWeight: expected a number, got a list');
  });

  it('refuses an unknown key with a hint to check its spelling', () => {
    const message = errorOf(starter.replace('  allowShort: false', '  allowShort: false\n  maxLeverge: 2'));
    expect(message).toContain('unknown key "maxLeverge": check the spelling or remove it');
  });

  it('names a key left over from another strategy kind as such, with the kind it belongs to', () => {
    const external = starter.replace(/strategy:\n {2}kind: inverse-vol[\s\S]*?maxLeverage: 1.5\n/, 'strategy:\n  kind: external\n  lookbackDays: 60\n');
    expect(errorOf(external)).toMatch(/autofolio\.yaml:\d+: strategy: "lookbackDays" is a key of strategy kind inverse-vol, not of kind: external: remove it, or set kind: inverse-vol/);
    // A key no kind knows is still a misspelling.
    expect(errorOf(external.replace('lookbackDays: 60', 'lookbakDays: 60'))).toContain('unknown key "lookbakDays": check the spelling or remove it');
  });

  it('points at the line of invalid YAML', () => {
    const message = errorOf('account:\n  id: [unclosed\n');
    expect(message).toMatch(/autofolio\.yaml:\d+: invalid YAML/);
  });

  it('refuses an instrument in a currency that has no FX pair to the base currency', () => {
    const message = errorOf(starter.replace(/^ {2}- \{ symbol: USDCAD.*\n/m, ''));
    expect(message).toContain('need an FX pair');
    expect(message).toContain('USDCAD');
  });

  it('refuses a price band narrower than the limit offset, which would refuse every order', () => {
    const message = errorOf(starter.replace('priceBandBps: 200', 'priceBandBps: 5'));
    expect(message).toContain('risk.priceBandBps: must be wider than planning.limitOffsetBps');
  });

  it('refuses duplicate symbols and weights for unknown symbols', () => {
    const duplicate = errorOf(starter.replace(/^( {2}- \{ symbol: SPY.*)$/m, '$1\n$1'));
    expect(duplicate).toContain('duplicate symbol SPY');
    const unknown = errorOf(starter.replace(/strategy:\n {2}kind: inverse-vol[\s\S]*?maxLeverage: 1.5\n/, 'strategy:\n  kind: fixed\n  weights: { SPY: 0.5, NOPE: 0.5 }\n'));
    expect(unknown).toContain('strategy.weights.NOPE: unknown symbol NOPE');
  });

  it('says how to make a config when the file does not exist', () => {
    const dir = mkdtempSync(join(tmpdir(), 'autofolio-config-'));
    expect(() => loadConfig(join(dir, 'autofolio.yaml'))).toThrow(/cannot read the config file \(ENOENT\); run "autofolio init"/);
    writeFileSync(join(dir, 'autofolio.yaml'), '');
    expect(() => loadConfig(join(dir, 'autofolio.yaml'))).toThrow(/account: is required/);
  });

  it('refuses a password in the config, names its line and the environment variable, and never echoes it', () => {
    const text = starter.replace('  kind: paper ', '  password: "hunter2-very-secret"\n  kind: paper ');
    const message = errorOf(text);
    const line = text.split('\n').findIndex((l) => l.includes('password:')) + 1;
    expect(message).toContain(`/accounts/a/autofolio.yaml:${line}: broker.password: secrets never go in the config file`);
    expect(message).toContain('AUTOFOLIO_PAPER_PASSWORD');
    expect(message).not.toContain('hunter2');
  });

  it('names the SMTP variable for a password under an smtp section, and lists every secret key', () => {
    const message = errorOf(starter.replace('  outbox: outbox', '  outbox: outbox\n  smtp: { host: mail, smtpPassword: x, apiKey: y }'));
    expect(message).toContain('notify.smtp.smtpPassword: secrets never go in the config file: remove the key and set AUTOFOLIO_SMTP_PASSWORD');
    expect(message).toContain('notify.smtp.apiKey:');
  });

  it.each([
    ['password', true],
    ['smtpPassword', true],
    ['api_key', true],
    ['IB_TOKEN', true],
    ['clientSecret', true],
    ['passwordEnv', false],
    ['tokenFile', false],
    ['maxTokens', false],
    ['bypass', false],
    ['keyboard', false],
  ])('takes %s for a secret key: %s', (key, secret) => {
    expect(isSecretKey(key)).toBe(secret);
  });
});
