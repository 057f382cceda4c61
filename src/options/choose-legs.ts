import type { Instrument } from '../domain/instrument.js';
import { OPTION_TICK, optionInstrument, type ComboInstrument, type ComboLeg, type OptionRight } from '../domain/option.js';
import type { SpreadTarget } from '../domain/spread.js';
import { PlanningError } from '../planning/plan-types.js';
import type { OptionChain } from '../domain/option-chain.js';

const DAY_MS = 86_400_000;

/** The delta of the option on the spread's underlying with these terms, now. */
export type DeltaOf = (right: OptionRight, strike: number, expiry: string) => number;

/**
 * The legs of a spread opened now, chosen from the chain by the target's rules: the expiry (a
 * listed date, or the nearest at least `minDays` away), the strike (a price, or the one nearest
 * the underlying's price) and the width in strike steps, or for a strangle by delta the call and
 * the put whose |delta| (by `deltaOf`) is nearest the width's. Pure.
 *
 * @throws PlanningError when the chain lists no expiry or strike the rules can take.
 */
export function chooseLegs(target: SpreadTarget, chain: OptionChain, underlying: Instrument, price: number, now: number, deltaOf?: DeltaOf): ComboInstrument {
  const expiry = chooseExpiry(target, chain, now);
  const strikes = chain.strikes;
  if (strikes.length === 0) throw new PlanningError(`spread ${target.name}: the broker lists no strikes for ${underlying.symbol} options`, target.name);
  const centre = nearestIndex(strikes, target.strike === 'atm' ? price : target.strike);
  const at = (index: number, what: string): number => {
    const strike = strikes[index];
    if (strike === undefined) throw new PlanningError(`spread ${target.name}: no listed strike ${what} (the chain lists ${strikes[0]} to ${strikes[strikes.length - 1]})`, target.name);
    return strike;
  };
  const leg = (right: OptionRight, strike: number, action: 'BUY' | 'SELL'): ComboLeg => ({ instrument: optionInstrument(underlying, expiry, right, strike, chain.multiplier), ratio: 1, action });
  let legs: ComboLeg[];
  switch (target.kind) {
    case 'straddle': {
      const strike = at(centre, 'at the centre');
      legs = [leg('C', strike, 'BUY'), leg('P', strike, 'BUY')];
      break;
    }
    case 'strangle': {
      const width = target.width!;
      if (typeof width === 'number') {
        legs = [leg('C', at(centre + width, `${width} steps above the centre`), 'BUY'), leg('P', at(centre - width, `${width} steps below the centre`), 'BUY')];
        break;
      }
      if (!deltaOf) throw new PlanningError(`spread ${target.name}: a width by delta needs an option model to tell the legs' deltas`, target.name);
      const byDelta = (right: OptionRight): number => strikes[nearestBy(strikes, (strike) => Math.abs(Math.abs(deltaOf(right, strike, expiry)) - width.delta))]!;
      legs = [leg('C', byDelta('C'), 'BUY'), leg('P', byDelta('P'), 'BUY')];
      break;
    }
    case 'call-vertical':
    case 'put-vertical': {
      const right: OptionRight = target.kind === 'call-vertical' ? 'C' : 'P';
      if (typeof target.width === 'object') throw new PlanningError(`spread ${target.name}: a vertical's width is a number of strike steps, not a delta`, target.name);
      const [bought, sold] = target.strikes
        ? [at(nearestIndex(strikes, target.strikes[0]), `near ${target.strikes[0]}`), at(nearestIndex(strikes, target.strikes[1]), `near ${target.strikes[1]}`)]
        : [at(centre, 'at the centre'), at(centre + (right === 'C' ? target.width! : -target.width!), `${target.width} steps from the centre`)];
      if (bought === sold) throw new PlanningError(`spread ${target.name}: both strikes round to the listed strike ${bought}; choose strikes further apart`, target.name);
      legs = [leg(right, bought, 'BUY'), leg(right, sold, 'SELL')];
      break;
    }
  }
  return comboInstrument(target.name, underlying, legs);
}

/** The combination of `legs` under the spread's name: one order, one net price per unit on the options' tick. */
export function comboInstrument(name: string, underlying: Instrument, legs: readonly ComboLeg[]): ComboInstrument {
  return {
    symbol: name,
    secType: 'BAG',
    currency: underlying.currency,
    exchange: underlying.exchange,
    lotSize: 1,
    tickSize: OPTION_TICK,
    multiplier: legs[0]?.instrument.multiplier ?? 1,
    underlying: underlying.symbol,
    legs,
  };
}

function chooseExpiry(target: SpreadTarget, chain: OptionChain, now: number): string {
  const rule = target.expiry;
  if ('date' in rule) {
    if (!chain.expiries.includes(rule.date)) throw new PlanningError(`spread ${target.name}: ${target.underlying} options do not expire on ${rule.date} (listed: ${chain.expiries.slice(0, 6).join(', ')}…)`, target.name);
    return rule.date;
  }
  const today = Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), new Date(now).getUTCDate());
  const expiry = chain.expiries.find((date) => (Date.parse(`${date}T00:00:00Z`) - today) / DAY_MS >= rule.minDays);
  if (expiry === undefined) throw new PlanningError(`spread ${target.name}: no ${target.underlying} expiry is ${rule.minDays} days away or more (the last listed is ${chain.expiries[chain.expiries.length - 1] ?? 'none'})`, target.name);
  return expiry;
}

/** Index of the strike nearest `price`; the lower of two equally near. */
function nearestIndex(strikes: readonly number[], price: number): number {
  return nearestBy(strikes, (strike) => Math.abs(strike - price));
}

/** Index of the strike with the smallest `distance`; the lower of two equally near. */
function nearestBy(strikes: readonly number[], distance: (strike: number) => number): number {
  let best = 0;
  let bestDistance = distance(strikes[0]!);
  for (let i = 1; i < strikes.length; i++) {
    const d = distance(strikes[i]!);
    if (d < bestDistance) [best, bestDistance] = [i, d];
  }
  return best;
}
