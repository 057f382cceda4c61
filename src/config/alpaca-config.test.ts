import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './load.js';
import { thrownBy } from '../../test/thrown-by.js';

const FILE = '/accounts/alpaca/autofolio.yaml';

function config(broker: string, instruments = '  - { symbol: SPY, currency: USD }\n  - { symbol: IWM, currency: USD }', baseCurrency = 'USD'): string {
  return `account: { id: PA1234567, baseCurrency: ${baseCurrency} }
broker: ${broker}
instruments:
${instruments}
strategy: { kind: fixed, weights: { SPY: 0.6 } }
risk: { maxGrossLeverage: 1, maxWeight: 0.7, maxOrderValuePct: 50, maxOrders: 10, dailyLossLimitPct: 5 }
notify: { to: me@example.com }
`;
}

const AS_WRITTEN = '{ kind: alpaca, paper: true, keyIdEnv: ALPACA_KEY_ID, secretKeyEnv: ALPACA_SECRET_KEY }';

function errorOf(text: string): string {
  return thrownBy(ConfigError, () => parseConfig(text, FILE)).message;
}

describe('the config of an Alpaca account', () => {
  it('accepts the broker line as the README writes it, with Alpaca\'s defaults', () => {
    const loaded = parseConfig(config(AS_WRITTEN), FILE);
    expect(loaded.broker).toEqual({ kind: 'alpaca', paper: true, keyIdEnv: 'ALPACA_KEY_ID', secretKeyEnv: 'ALPACA_SECRET_KEY', feed: 'iex', maxRequestsPerMinute: 200, requestTimeoutSeconds: 30 });
  });

  it('accepts baseUrl and dataUrl, for a proxy or a local stand-in', () => {
    const loaded = parseConfig(config('{ kind: alpaca, paper: true, keyIdEnv: ALPACA_KEY_ID, secretKeyEnv: ALPACA_SECRET_KEY, baseUrl: "http://127.0.0.1:8080", dataUrl: "https://data.example.com" }'), FILE);
    expect(loaded.broker).toMatchObject({ baseUrl: 'http://127.0.0.1:8080', dataUrl: 'https://data.example.com' });
  });

  it('requires paper to be said: it decides whether real money moves', () => {
    expect(errorOf(config('{ kind: alpaca, keyIdEnv: ALPACA_KEY_ID, secretKeyEnv: ALPACA_SECRET_KEY }'))).toMatch(/broker\.paper: is required/);
  });

  it('refuses the keys themselves in the file and names the variable to use', () => {
    const message = errorOf(config('{ kind: alpaca, paper: true, keyIdEnv: ALPACA_KEY_ID, secretKeyEnv: ALPACA_SECRET_KEY, secretKey: abc123 }'));
    expect(message).toContain('broker.secretKey: secrets never go in the config file: remove the key and set ALPACA_SECRET_KEY in the environment instead');
    expect(message).not.toContain('abc123');
  });

  it('refuses a key variable whose name the redaction would not recognise', () => {
    expect(errorOf(config('{ kind: alpaca, paper: true, keyIdEnv: ALPACA_ID, secretKeyEnv: ALPACA_SECRET_KEY }'))).toMatch(/broker\.keyIdEnv: the variable name must contain KEY or SECRET, so that logs and e-mails redact its value/);
  });

  it('refuses an FX pair: Alpaca has none, so no conversion and no FX hedge', () => {
    const message = errorOf(config(AS_WRITTEN, '  - { symbol: SPY, currency: USD }\n  - { symbol: USDCAD, secType: CASH, currency: CAD, exchange: FX }'));
    expect(message).toMatch(/instruments\.1\.secType: USDCAD: Alpaca does not trade FX pairs, so there is no currency conversion or FX hedge/);
  });

  it('refuses an instrument not in USD, and a base currency other than USD', () => {
    expect(errorOf(config(AS_WRITTEN, '  - { symbol: SPY, currency: USD }\n  - { symbol: XIU, currency: CAD, exchange: XTSE }'))).toMatch(/instruments\.1\.currency: XIU: Alpaca trades only US-listed instruments in USD \(got CAD\)/);
    expect(errorOf(config(AS_WRITTEN, '  - { symbol: SPY, currency: USD }', 'CAD'))).toMatch(/account\.baseCurrency: must be USD with broker\.kind: alpaca/);
  });

  it('refuses a contract multiplier: option spreads and futures are not traded through Alpaca', () => {
    expect(errorOf(config(AS_WRITTEN, '  - { symbol: SPY, currency: USD, multiplier: 100 }'))).toMatch(/instruments\.0\.multiplier: SPY: Alpaca trades stocks and ETFs/);
  });

  it('refuses an FX hedge: Alpaca has no FX pairs to hedge with', () => {
    expect(errorOf(`${config(AS_WRITTEN)}fxHedge: { ratios: { CAD: 0.5 } }\n`)).toMatch(/fxHedge\.ratios\.CAD: Alpaca trades no FX pairs, so there is no FX hedge/);
  });

  it('refuses option spreads: combination orders go through IB only', () => {
    expect(errorOf(`${config(AS_WRITTEN)}options: { maxPremiumPerSpread: 5000, maxPremiumPct: 5 }\n`)).toMatch(/options: option spreads are sent as combination orders, which autofolio trades only through Interactive Brokers/);
  });

  it('refuses marketData: broker, which only IB serves', () => {
    expect(errorOf(config(AS_WRITTEN).replace('broker:', 'marketData: broker\nbroker:'))).toMatch(/marketData: only an IB broker serves historical bars/);
  });
});
