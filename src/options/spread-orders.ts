import type { Broker } from '../brokers/broker.js';
import type { OptionsConfig } from '../config/schema.js';
import type { AccountSnapshot } from '../domain/account.js';
import type { Quote } from '../domain/bar.js';
import type { Forecast } from '../domain/forecast.js';
import type { Instrument } from '../domain/instrument.js';
import type { SpreadLegs } from '../domain/spread-legs.js';
import { planSpreads, type SpreadPlan } from './plan-spreads.js';
import { readSpreadMarket } from './spread-situations.js';

export interface SpreadOrdersInput {
  readonly runId: string;
  readonly broker: Broker;
  readonly forecast: Forecast;
  readonly account: AccountSnapshot;
  readonly instruments: ReadonlyMap<string, Instrument>;
  readonly quotes: ReadonlyMap<string, Quote>;
  readonly spreadLegs: () => Promise<readonly SpreadLegs[]>;
  readonly now: number;
  readonly options: OptionsConfig | undefined;
}

const NONE: SpreadPlan & { notes: readonly string[]; legQuotes: ReadonlyMap<string, Quote> } = { orders: [], lines: [], combos: new Map(), notes: [], legQuotes: new Map() };

/** The plan step's spreads: the broker's chain and leg quotes read, then the pure planner. None without spreads in the forecast. */
export async function planSpreadOrders(input: SpreadOrdersInput): Promise<SpreadPlan & { notes: readonly string[]; legQuotes: ReadonlyMap<string, Quote> }> {
  const targets = input.forecast.spreads ?? [];
  if (targets.length === 0 || !input.options) return NONE;
  const market = await readSpreadMarket({ broker: input.broker, targets, account: input.account, instruments: input.instruments, quotes: input.quotes, spreadLegs: input.spreadLegs, now: input.now, model: input.options.model });
  const plan = planSpreads(input.runId, market.situations, (symbol) => market.legQuotes.get(symbol), input.options.limitOffsetShare);
  return { ...plan, notes: market.notes, legQuotes: market.legQuotes };
}
