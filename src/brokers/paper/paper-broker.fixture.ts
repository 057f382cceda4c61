import type { CorporateAction } from '../../domain/corporate-action.js';
import type { OptionModelConfig, PaperBrokerConfig } from '../../config/schema.js';
import { InMemoryMarketData } from '../../data/in-memory-market-data.js';
import type { Bar } from '../../domain/bar.js';
import { SimulatedClock } from '../../domain/clock.js';
import type { Instrument } from '../../domain/instrument.js';
import type { OrderIntent, Side } from '../../domain/order.js';
import { PaperBroker } from './paper-broker.js';
import { InMemoryPaperStateStore, type PaperStateStore } from './paper-state.js';

// Shared by the paper broker's tests: daily bars from Tuesday 2 January 2024, 00:00 UTC.
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const T0 = Date.UTC(2024, 0, 2);

/** Epoch ms of day `n` after T0 plus `hours`. */
export function at(n: number, hours = 0): number {
  return T0 + n * DAY + hours * HOUR;
}

export function dailyBar(n: number, open: number, high: number, low: number, close: number, volume: number): Bar {
  return { time: at(n), open, high, low, close, volume };
}

/** `days` daily bars that all trade at one price. */
export function flatBars(price: number, volume: number, days = 5): Bar[] {
  return Array.from({ length: days }, (_, n) => dailyBar(n, price, price, price, price, volume));
}

export const SPY: Instrument = { symbol: 'SPY', secType: 'STK', currency: 'USD', exchange: 'XNYS', lotSize: 1, tickSize: 0.01, multiplier: 1 };
export const XIU: Instrument = { symbol: 'XIU', secType: 'STK', currency: 'CAD', exchange: 'XTSE', lotSize: 1, tickSize: 0.01, multiplier: 1 };
export const USDCAD: Instrument = { symbol: 'USDCAD', secType: 'CASH', currency: 'CAD', exchange: 'FX', lotSize: 1, tickSize: 0.00005, multiplier: 1 };

export const paperConfig: PaperBrokerConfig = Object.freeze({
  kind: 'paper',
  initialCash: { USD: 100_000 },
  spreadBps: 2,
  maxVolumeShare: 0.1,
  commission: { perShare: 0.005, minimum: 1, maximumPctOfValue: 1 },
  fxCommission: { bps: 0.2, minimum: 2 },
  dividendWithholdingPct: 0,
});

export function intent(side: Side, symbol: string, quantity: number, limitPrice: number, tag = `r-test:${symbol}`): OrderIntent {
  return { tag, symbol, side, quantity, limitPrice, referencePrice: limitPrice };
}

export interface PaperSetup {
  readonly broker: PaperBroker;
  readonly clock: SimulatedClock;
  readonly store: PaperStateStore;
  /** Another broker on the same data, clock and store, as a later run would make. */
  reopen(): PaperBroker;
}

export async function paperSetup(options: {
  bars: Readonly<Record<string, Bar[]>>;
  now: number;
  instruments?: readonly Instrument[];
  config?: Partial<PaperBrokerConfig>;
  store?: PaperStateStore;
  optionModel?: OptionModelConfig;
  actions?: Readonly<Record<string, CorporateAction[]>>;
}): Promise<PaperSetup> {
  const clock = new SimulatedClock(options.now);
  const store = options.store ?? new InMemoryPaperStateStore();
  const marketData = new InMemoryMarketData(new Map(Object.entries(options.bars)), new Map(Object.entries(options.actions ?? {})));
  const make = () =>
    new PaperBroker({
      config: { ...paperConfig, ...options.config },
      accountId: 'DU-PAPER',
      baseCurrency: 'USD',
      instruments: options.instruments ?? [SPY, XIU, USDCAD],
      marketData,
      clock,
      state: store,
      ...(options.optionModel ? { optionModel: options.optionModel } : {}),
    });
  const broker = make();
  await broker.connect();
  return { broker, clock, store, reopen: make };
}
