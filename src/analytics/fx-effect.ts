/** What the portfolio held at the end of one date, with the prices and rates it was valued at. */
export interface HoldingsPoint {
  readonly date: string;
  readonly positions: readonly {
    readonly symbol: string;
    readonly currency: string;
    readonly quantity: number;
    /** Price in the instrument's currency. */
    readonly price: number;
    readonly multiplier?: number;
  }[];
  /** Value of one unit of each currency in the base currency (the base itself may be left out). */
  readonly rates: Readonly<Record<string, number>>;
  /** Cash per currency, in its own units (negative: owed): in a foreign currency, the hedge. */
  readonly cash?: Readonly<Record<string, number>>;
}

export interface PositionFxSplit {
  readonly symbol: string;
  readonly currency: string;
  /** Chain-linked return of the price in its own currency over the periods held. */
  readonly localReturn: number;
  /** Chain-linked return of the currency against the base over the same periods. */
  readonly currencyReturn: number;
  /** (1 + local)(1 + currency) − 1: the position's return in the base currency. */
  readonly baseReturn: number;
  /** P&L in the base currency from price moves, at the period's opening rate. */
  readonly localPnlBase: number;
  /** P&L in the base currency from rate moves (including the cross term). */
  readonly currencyPnlBase: number;
}

export interface FxEffect {
  readonly positions: PositionFxSplit[];
  /** Σ currency P&L of the assets in the base currency: what the currency moves did to them. */
  readonly currencyPnlBase: number;
  /**
   * The currency part of the portfolio return from the assets: Σ over periods of the period's
   * currency P&L over the opening equity of that period. Equity must cover the holdings' dates.
   */
  readonly fxEffect: number;
  /**
   * Σ currency P&L of the cash held or owed in foreign currencies, in the base currency: what
   * the hedge did against the assets' currency P&L (a short CAD hedge gains when CAD falls).
   */
  readonly hedgePnlBase: number;
  /** The hedge's part of the portfolio return, period by period like `fxEffect`. */
  readonly hedgeEffect: number;
}

function rateOf(point: HoldingsPoint, currency: string): number | undefined {
  return point.rates[currency];
}

/**
 * Splits each position's return into its local-currency part and its currency part, period by
 * period, and sets against the assets' currency part what the currency moves did to the cash
 * held or owed in each foreign currency (the hedge), for the quantity held at the start of each period (trades inside a period are not
 * split: their P&L shows in equity, not here). A position without a price or a rate at either end
 * of a period is left out of that period rather than guessed.
 */
export function fxEffect(holdings: readonly HoldingsPoint[], equityByDate: ReadonlyMap<string, number>, baseCurrency: string): FxEffect {
  const splits = new Map<string, { currency: string; local: number; fx: number; localPnl: number; fxPnl: number }>();
  let totalFxPnl = 0;
  let effect = 0;
  let totalHedgePnl = 0;
  let hedgeEffect = 0;
  for (let i = 1; i < holdings.length; i++) {
    const start = holdings[i - 1]!;
    const end = holdings[i]!;
    const endPrices = new Map(end.positions.map((p) => [p.symbol, p.price]));
    let periodFxPnl = 0;
    for (const p of start.positions) {
      const price1 = endPrices.get(p.symbol);
      const x0 = p.currency === baseCurrency ? 1 : rateOf(start, p.currency);
      const x1 = p.currency === baseCurrency ? 1 : rateOf(end, p.currency);
      if (price1 === undefined || x0 === undefined || x1 === undefined || p.quantity === 0 || !(p.price > 0)) continue;
      const units = p.quantity * (p.multiplier ?? 1);
      const localPnl = units * (price1 - p.price) * x0;
      const fxPnl = units * price1 * (x1 - x0);
      const split = splits.get(p.symbol) ?? { currency: p.currency, local: 1, fx: 1, localPnl: 0, fxPnl: 0 };
      split.local *= price1 / p.price;
      split.fx *= x1 / x0;
      split.localPnl += localPnl;
      split.fxPnl += fxPnl;
      splits.set(p.symbol, split);
      periodFxPnl += fxPnl;
    }
    let periodHedgePnl = 0;
    for (const [currency, amount] of Object.entries(start.cash ?? {})) {
      const x0 = currency === baseCurrency ? 1 : rateOf(start, currency);
      const x1 = currency === baseCurrency ? 1 : rateOf(end, currency);
      if (currency === baseCurrency || x0 === undefined || x1 === undefined || amount === 0) continue;
      periodHedgePnl += amount * (x1 - x0);
    }
    totalFxPnl += periodFxPnl;
    totalHedgePnl += periodHedgePnl;
    const opening = equityByDate.get(start.date);
    if (opening !== undefined && opening > 0) {
      effect += periodFxPnl / opening;
      hedgeEffect += periodHedgePnl / opening;
    }
  }
  const positions = [...splits.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([symbol, s]) => ({ symbol, currency: s.currency, localReturn: s.local - 1, currencyReturn: s.fx - 1, baseReturn: s.local * s.fx - 1, localPnlBase: s.localPnl, currencyPnlBase: s.fxPnl }));
  return { positions, currencyPnlBase: totalFxPnl, fxEffect: effect, hedgePnlBase: totalHedgePnl, hedgeEffect };
}
