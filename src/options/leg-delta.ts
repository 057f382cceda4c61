import type { OptionModelConfig } from '../config/schema.js';
import type { Quote } from '../domain/bar.js';
import type { OptionInstrument } from '../domain/option.js';
import { blackScholesDelta } from './black-scholes.js';
import { expiryTime } from './paper-chain.js';

const YEAR_MS = 365.25 * 86_400_000;

type OptionTerms = Pick<OptionInstrument, 'right' | 'strike' | 'expiry' | 'exchange'>;

/** Years from `now` to the close of the option's last trading day. */
export function yearsToExpiry(option: Pick<OptionInstrument, 'expiry' | 'exchange'>, now: number): number {
  return (expiryTime(option.expiry, option.exchange) - now) / YEAR_MS;
}

/** The Black–Scholes delta of an option at `volatility` and the model's rate, from the underlying's price. */
export function modelDelta(option: OptionTerms, spot: number, now: number, volatility: number, model: Pick<OptionModelConfig, 'riskFreeRate'>): number {
  return blackScholesDelta({ right: option.right, spot, strike: option.strike, years: yearsToExpiry(option, now), volatility, rate: model.riskFreeRate });
}

/**
 * The delta of one option leg, best source first: the delta its quote carries (IB's model greeks
 * from tickOptionComputation, or the paper broker's Black–Scholes), else Black–Scholes at the
 * implied volatility IB sent without a delta, else Black–Scholes at `options.model.volatility`
 * (IB sent no greeks: no option data permission, or the market is closed).
 */
export function legDelta(option: OptionTerms, quote: Quote | undefined, spot: number, now: number, model: Pick<OptionModelConfig, 'volatility' | 'riskFreeRate'>): number {
  if (quote?.delta !== undefined && Number.isFinite(quote.delta)) return quote.delta;
  const volatility = quote?.impliedVolatility !== undefined && quote.impliedVolatility > 0 ? quote.impliedVolatility : model.volatility;
  return modelDelta(option, spot, now, volatility, model);
}
