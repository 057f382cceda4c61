import type { OptionRight } from '../domain/option.js';

export interface BlackScholesInput {
  readonly right: OptionRight;
  readonly spot: number;
  readonly strike: number;
  /** Years to expiry; at or below 0 the option is worth its intrinsic value. */
  readonly years: number;
  /** Annualised volatility, e.g. 0.2. */
  readonly volatility: number;
  /** Continuously compounded risk-free rate. */
  readonly rate: number;
}

/** Standard normal CDF (Abramowitz & Stegun 26.2.17, absolute error below 7.5e-8). */
export function normalCdf(x: number): number {
  const t = 1 / (1 + 0.2316419 * Math.abs(x));
  const poly = t * (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
  const tail = (Math.exp((-x * x) / 2) / Math.sqrt(2 * Math.PI)) * poly;
  return x >= 0 ? 1 - tail : tail;
}

export function intrinsicValue(right: OptionRight, spot: number, strike: number): number {
  return Math.max(0, right === 'C' ? spot - strike : strike - spot);
}

/** The Black–Scholes price of a European option on a stock without dividends. */
export function blackScholesPrice(input: BlackScholesInput): number {
  const { right, spot, strike, years, volatility, rate } = input;
  if (!(years > 0) || !(volatility > 0)) return intrinsicValue(right, spot, strike);
  const { d1, d2 } = ds(input);
  const discounted = strike * Math.exp(-rate * years);
  const price = right === 'C' ? spot * normalCdf(d1) - discounted * normalCdf(d2) : discounted * normalCdf(-d2) - spot * normalCdf(-d1);
  // The CDF's approximation error may push a far out-of-the-money price a hair below zero.
  return Math.max(0, price);
}

/** The option's delta: its value's change per unit of the underlying (calls 0..1, puts −1..0). */
export function blackScholesDelta(input: BlackScholesInput): number {
  const { right, spot, strike, years, volatility } = input;
  if (!(years > 0) || !(volatility > 0)) return right === 'C' ? (spot > strike ? 1 : 0) : spot < strike ? -1 : 0;
  const { d1 } = ds(input);
  return right === 'C' ? normalCdf(d1) : normalCdf(d1) - 1;
}

function ds({ spot, strike, years, volatility, rate }: BlackScholesInput): { d1: number; d2: number } {
  const root = volatility * Math.sqrt(years);
  const d1 = (Math.log(spot / strike) + (rate + (volatility * volatility) / 2) * years) / root;
  return { d1, d2: d1 - root };
}
