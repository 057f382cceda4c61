import { AlpacaBroker, type AlpacaBrokerOptions } from '../../src/brokers/alpaca/index.js';
import type { AlpacaBrokerConfig } from '../../src/config/schema.js';
import { wallClock } from '../../src/domain/clock.js';
import type { Instrument } from '../../src/domain/instrument.js';
import { AlpacaBook } from './stand-in-book.js';
import { StandInAlpaca } from './stand-in-alpaca.js';

export const SPY: Instrument = { symbol: 'SPY', secType: 'STK', currency: 'USD', exchange: 'XNYS', lotSize: 1, tickSize: 0.01, multiplier: 1 };
export const IWM: Instrument = { symbol: 'IWM', secType: 'STK', currency: 'USD', exchange: 'XNYS', lotSize: 1, tickSize: 0.01, multiplier: 1 };
export const INSTRUMENTS = [SPY, IWM] as const;

/** Quotes of the stand-in around SPY 100 and IWM 50. */
export function standInBook(now?: () => number): AlpacaBook {
  return new AlpacaBook({ cash: 100_000, quotes: { SPY: { bid: 99.95, ask: 100.05 }, IWM: { bid: 49.98, ask: 50.02 } }, ...(now ? { now } : {}) });
}

export function alpacaConfig(url: string, overrides: Partial<AlpacaBrokerConfig> = {}): AlpacaBrokerConfig {
  return {
    kind: 'alpaca',
    paper: true,
    keyIdEnv: 'ALPACA_KEY_ID',
    secretKeyEnv: 'ALPACA_SECRET_KEY',
    baseUrl: url,
    dataUrl: url,
    feed: 'iex',
    maxRequestsPerMinute: 200,
    requestTimeoutSeconds: 5,
    ...overrides,
  };
}

export interface AlpacaRig {
  readonly alpaca: StandInAlpaca;
  /** The environment that holds the stand-in's keys, as a user's shell would. */
  readonly env: Record<string, string>;
  broker(overrides?: Partial<AlpacaBrokerConfig>, options?: Partial<AlpacaBrokerOptions>): AlpacaBroker;
  stop(): Promise<void>;
}

/** A stand-in Alpaca on a free port and a factory of Alpaca brokers pointed at it. */
export async function startAlpacaRig(book: AlpacaBook = standInBook()): Promise<AlpacaRig> {
  const alpaca = new StandInAlpaca(book);
  const url = await alpaca.start();
  const env = { ALPACA_KEY_ID: alpaca.keyId, ALPACA_SECRET_KEY: alpaca.secretKey };
  const brokers: AlpacaBroker[] = [];
  return {
    alpaca,
    env,
    broker: (overrides = {}, options = {}) => {
      const broker = new AlpacaBroker({ config: alpacaConfig(url, overrides), instruments: INSTRUMENTS, clock: wallClock, env, ...options });
      brokers.push(broker);
      return broker;
    },
    stop: async () => {
      for (const broker of brokers) await broker.disconnect();
      await alpaca.stop();
    },
  };
}
