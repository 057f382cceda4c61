import type { SpreadTarget } from '../domain/spread.js';
import type { ForecastLocation } from './forecast-error.js';

/** A value read from a forecast file, with where it was, for error messages. */
export interface Located<T> {
  readonly value: T;
  readonly where: ForecastLocation;
}

/**
 * A forecast file's content after its format is checked (CSV or JSON) and before the
 * checks against the account and the config (known symbols, shorting, leverage cap, age).
 */
export interface ParsedForecast {
  readonly asOf: Located<number>;
  readonly source: Located<string>;
  readonly leverage: Located<number>;
  /** Weight per symbol, in the file's order (both formats refuse a symbol listed twice). */
  readonly weights: ReadonlyMap<string, number>;
  /** Where the weight of `symbol` is; for a symbol the file leaves out, where it would be. */
  weightWhere(symbol: string): ForecastLocation;
  /** Option spreads (JSON only), each checked for its form; index i is at field `spreads.i`. */
  readonly spreads?: readonly SpreadTarget[];
}
