import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { starterConfig } from '../cli/starter-config.js';
import { SAMPLE_INSTRUMENTS } from '../data/sample/sample-instruments.js';
import { readCachedConfig, writeCachedConfig } from './config-cache.js';
import { ConfigError, parseConfig } from './load.js';
import { thrownBy } from '../../test/thrown-by.js';

const starter = starterConfig(SAMPLE_INSTRUMENTS);
const FILE = '/accounts/a/autofolio.yaml';

// Each test starts from an empty cache folder of its own, inside the one the test setup made.
let folder: string;
beforeEach(() => {
  folder = mkdtempSync(join(process.env.AUTOFOLIO_CACHE_DIR ?? tmpdir(), 'config-'));
  vi.stubEnv('AUTOFOLIO_CACHE_DIR', folder);
});
afterEach(() => {
  vi.unstubAllEnvs();
});

const entries = (): string[] => readdirSync(folder).filter((name) => name.startsWith('config-'));

function isDeepFrozen(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return true;
  return Object.isFrozen(value) && Object.values(value).every(isDeepFrozen);
}

describe('the cache of validated configs', () => {
  it('gives back what a fresh parse gives, frozen, and reads no YAML to do so', () => {
    const fresh = parseConfig(starter, FILE, undefined);
    expect(entries()).toEqual([]);
    const first = parseConfig(starter, FILE, 'build-1');
    expect(entries()).toHaveLength(1);
    const hit = parseConfig(starter, FILE, 'build-1');
    expect(hit).toEqual(fresh);
    expect(first).toEqual(fresh);
    expect(isDeepFrozen(hit)).toBe(true);

    // An entry of the same key with another content is what a load returns: it came from the
    // cache, not from the text.
    const cached = readCachedConfig(starter, 'build-1')!;
    writeCachedConfig(starter, 'build-1', { ...cached, risk: { ...cached.risk, maxWeight: 0.25 } });
    expect(parseConfig(starter, FILE, 'build-1').risk.maxWeight).toBe(0.25);
  });

  it('misses for an edited config, another build and another format of entry', () => {
    parseConfig(starter, FILE, 'build-1');
    expect(readCachedConfig(starter, 'build-1')).toBeDefined();
    expect(readCachedConfig(starter.replace('maxWeight: 0.5 ', 'maxWeight: 0.4 '), 'build-1')).toBeUndefined();
    expect(readCachedConfig(`${starter}\n`, 'build-1')).toBeUndefined();
    expect(readCachedConfig(starter, 'build-2')).toBeUndefined();
    const edited = parseConfig(starter.replace('maxWeight: 0.5 ', 'maxWeight: 0.4 '), FILE, 'build-1');
    expect(edited.risk.maxWeight).toBe(0.4);
    expect(entries()).toHaveLength(2);
  });

  it('ignores a corrupt, truncated or foreign entry and replaces it', () => {
    const fresh = parseConfig(starter, FILE, undefined);
    parseConfig(starter, FILE, 'build-1');
    const [name] = entries();
    const path = join(folder, name!);
    const whole = readFileSync(path, 'utf8');
    const foreign = JSON.stringify({ ...JSON.parse(whole), text: 'account: { id: other }' });
    for (const bad of [whole.slice(0, whole.length / 2), '', 'null', '[1]', '{"format":1}', foreign, '\u0000\u0001garbage']) {
      writeFileSync(path, bad);
      expect(readCachedConfig(starter, 'build-1')).toBeUndefined();
      expect(parseConfig(starter, FILE, 'build-1')).toEqual(fresh);
      expect(readFileSync(path, 'utf8')).toBe(whole);
    }
  });

  it('still loads the config when the cache folder cannot be written', () => {
    const blocked = join(folder, 'a-file');
    writeFileSync(blocked, 'not a folder');
    vi.stubEnv('AUTOFOLIO_CACHE_DIR', join(blocked, 'cache'));
    expect(parseConfig(starter, FILE, 'build-1')).toEqual(parseConfig(starter, FILE, undefined));
    vi.stubEnv('AUTOFOLIO_CACHE_DIR', 'off');
    expect(parseConfig(starter, FILE, 'build-1')).toEqual(parseConfig(starter, FILE, undefined));
  });

  it('resolves the paths of a config copied to another folder from its own location', () => {
    parseConfig(starter, '/accounts/a/autofolio.yaml', 'build-1');
    const copy = parseConfig(starter, '/elsewhere/b/autofolio.yaml', 'build-1');
    expect(entries()).toHaveLength(1);
    expect(copy.configFile).toBe('/elsewhere/b/autofolio.yaml');
    expect(copy.dataPath).toBe('/elsewhere/b/data');
    expect(copy.statePath).toBe('/elsewhere/b/state');
  });

  it('never caches an invalid config, whose message stays the same', () => {
    const bad = starter.replace('maxWeight: 0.5 ', 'maxWeight: -1 ');
    const uncached = thrownBy(ConfigError, () => parseConfig(bad, FILE, undefined)).message;
    expect(thrownBy(ConfigError, () => parseConfig(bad, FILE, 'build-1')).message).toBe(uncached);
    expect(thrownBy(ConfigError, () => parseConfig(bad, FILE, 'build-1')).message).toBe(uncached);
    expect(thrownBy(ConfigError, () => parseConfig('account: [', FILE, 'build-1')).message).toContain('invalid YAML');
    expect(entries()).toEqual([]);
  });

  it('stores nothing that JSON would not give back unchanged', () => {
    const config = parseConfig(starter, FILE, undefined);
    for (const odd of [{ extra: undefined }, { extra: Number.NaN }, { extra: Number.POSITIVE_INFINITY }, { extra: -0 }, { extra: new Date(0) }]) {
      writeCachedConfig(starter, 'build-1', { ...config, ...odd } as typeof config);
      expect(entries()).toEqual([]);
    }
  });

  it('equals a fresh parse for any valid edit of the numbers', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 1, noNaN: true }), fc.double({ min: 0, max: 1000, noNaN: true }), fc.integer({ min: 0, max: 1e12 }), (maxWeight, spreadBps, cash) => {
        const text = starter.replace('maxWeight: 0.5 ', `maxWeight: ${maxWeight} `).replace('spreadBps: 2 ', `spreadBps: ${spreadBps} `).replace('USD: 1000000 }', `USD: ${cash} }`);
        const fresh = parseConfig(text, FILE, undefined);
        parseConfig(text, FILE, 'build-1');
        expect(readCachedConfig(text, 'build-1')).toBeDefined();
        expect(parseConfig(text, FILE, 'build-1')).toEqual(fresh);
      }),
      { numRuns: 30 },
    );
  });
});
