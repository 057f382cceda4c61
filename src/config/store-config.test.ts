import { describe, expect, it } from 'vitest';
import { defaultSchema } from '../app/open-store.js';
import { ConfigError, parseConfig } from './load.js';
import { thrownBy } from '../../test/thrown-by.js';

const FILE = '/accounts/a/autofolio.yaml';

function config(store: string): string {
  return `account: { id: PAPER-1 }
broker: { kind: paper, initialCash: { USD: 100000 } }
instruments:
  - { symbol: SPY, currency: USD }
strategy: { kind: fixed, weights: { SPY: 0.6 } }
risk: { maxGrossLeverage: 1, maxWeight: 0.7, maxOrderValuePct: 50, maxOrders: 10, dailyLossLimitPct: 5 }
notify: { to: me@example.com }
${store}`;
}

function errorOf(text: string): string {
  return thrownBy(ConfigError, () => parseConfig(text, FILE)).message;
}

describe('the store section', () => {
  it('keeps the journal in SQLite when absent', () => {
    expect(parseConfig(config(''), FILE).store).toEqual({ kind: 'sqlite' });
  });

  it('reads the PostgreSQL URL from AUTOFOLIO_PG_URL unless urlEnv names another variable', () => {
    expect(parseConfig(config('store: { kind: postgres }'), FILE).store).toEqual({ kind: 'postgres', urlEnv: 'AUTOFOLIO_PG_URL' });
    expect(parseConfig(config('store: { kind: postgres, urlEnv: FUND_PG_URL, schema: fund_a }'), FILE).store).toEqual({ kind: 'postgres', urlEnv: 'FUND_PG_URL', schema: 'fund_a' });
  });

  it('refuses a URL in the file, naming the field and the variable to set instead', () => {
    expect(errorOf(config('store: { kind: postgres, urlEnv: FUND_PG_URL, url: "postgres://u:secret@db/x" }'))).toMatch(/store\.url: the URL holds the database password, so it never goes in the config file: remove it and set FUND_PG_URL in the environment/);
    expect(errorOf(config('store: { kind: postgres, url: "postgres://u:secret@db/x" }'))).not.toContain('secret@');
  });

  it('refuses a schema name PostgreSQL would need quoted', () => {
    expect(errorOf(config('store: { kind: postgres, schema: Fund-A }'))).toMatch(/store\.schema: a PostgreSQL schema name/);
  });

  it('derives a schema per account from its id', () => {
    expect(defaultSchema('DU1234567')).toBe('autofolio_du1234567');
    expect(defaultSchema('PAPER-1')).toBe('autofolio_paper_1');
    expect(defaultSchema('x'.repeat(80))).toHaveLength(63);
  });
});
