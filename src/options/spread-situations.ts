import type { Broker } from '../brokers/broker.js';
import type { AccountSnapshot } from '../domain/account.js';
import { midPrice, type Quote } from '../domain/bar.js';
import type { Instrument } from '../domain/instrument.js';
import type { OptionChain } from '../domain/option-chain.js';
import type { SpreadLegs } from '../domain/spread-legs.js';
import type { SpreadTarget } from '../domain/spread.js';
import { PlanningError } from '../planning/plan-types.js';
import type { OptionModelConfig } from '../config/schema.js';
import { chooseLegs } from './choose-legs.js';
import { modelDelta } from './leg-delta.js';
import { heldSpread } from './held-spreads.js';
import type { SpreadSituation } from './plan-spreads.js';

export interface SpreadMarketInput {
  readonly broker: Broker;
  readonly targets: readonly SpreadTarget[];
  readonly account: AccountSnapshot;
  readonly instruments: ReadonlyMap<string, Instrument>;
  /** The run's quotes of the configured instruments (the underlyings among them). */
  readonly quotes: ReadonlyMap<string, Quote>;
  /** The legs each spread was last traded with, as the journal keeps them. */
  readonly spreadLegs: () => Promise<readonly SpreadLegs[]>;
  readonly now: number;
  /** The option model that tells the deltas a strangle's width by delta picks its legs by. */
  readonly model: Pick<OptionModelConfig, 'volatility' | 'riskFreeRate'>;
}

export interface SpreadMarket {
  readonly situations: readonly SpreadSituation[];
  /** Quotes of every leg, by option symbol. */
  readonly legQuotes: ReadonlyMap<string, Quote>;
  /** Leg quantities held beyond whole spreads, for the plan's notes. */
  readonly notes: readonly string[];
}

/**
 * What the spread planner needs from the broker: for each spread of the forecast, the legs it
 * is held with or, when none is held, the legs the chain offers now (one chain request per
 * underlying), and a quote of every leg. A spread asked to be 0 and never held needs nothing.
 */
export async function readSpreadMarket(input: SpreadMarketInput): Promise<SpreadMarket> {
  const { broker } = input;
  const traded = new Map((await input.spreadLegs()).map((legs) => [legs.name, legs]));
  const chains = new Map<string, OptionChain>();
  const situations: SpreadSituation[] = [];
  const notes: string[] = [];
  for (const target of input.targets) {
    const underlying = input.instruments.get(target.underlying);
    if (!underlying) throw new PlanningError(`spread ${target.name}: ${target.underlying} is not a configured instrument`, target.name);
    const held = heldSpread(target, traded.get(target.name), input.account.positions, underlying);
    for (const leg of held?.unmatched ?? []) notes.push(`spread ${target.name}: ${leg.quantity} ${leg.symbol} held beyond whole spreads, left alone`);
    if (held && held.quantity > 0) {
      situations.push({ target, combo: held.combo, held: held.quantity });
      continue;
    }
    if (target.quantity === 0) continue;
    if (!broker.optionChain) throw new PlanningError(`spread ${target.name}: the ${broker.name} broker does not trade options`, target.name);
    let chain = chains.get(underlying.symbol);
    if (!chain) chains.set(underlying.symbol, (chain = await broker.optionChain(underlying)));
    const quote = input.quotes.get(underlying.symbol);
    if (!quote) throw new PlanningError(`spread ${target.name}: no quote for ${underlying.symbol}, so its strikes cannot be chosen`, target.name);
    const spot = midPrice(quote);
    // The chain carries no greeks, and a quote of every listed strike would cost a market-data
    // line each: the legs of a width by delta are picked by Black–Scholes at options.model.volatility.
    const deltaOf = (right: 'C' | 'P', strike: number, expiry: string) => modelDelta({ right, strike, expiry, exchange: underlying.exchange }, spot, input.now, input.model.volatility, input.model);
    situations.push({ target, combo: chooseLegs(target, chain, underlying, spot, input.now, deltaOf), held: 0 });
  }
  const legs = [...new Map(situations.flatMap((s) => s.combo.legs.map((leg) => [leg.instrument.symbol, leg.instrument] as const))).values()];
  const legQuotes = legs.length > 0 ? await broker.quotes(legs) : [];
  return { situations, legQuotes: new Map(legQuotes.map((q) => [q.symbol, q])), notes };
}
