import type { Instrument } from '../../domain/instrument.js';
import type { Currency } from '../../domain/money.js';
import type { OrderIntent } from '../../domain/order.js';
import { isPositiveMultiple } from './steps.js';
import type { PaperOrder } from './paper-state.js';
import type { AccountValuation } from './valuation.js';

/** Why an order is refused before it reaches the market, or undefined when its form is sound. */
export function formRejectReason(intent: OrderIntent, instrument: Instrument | undefined, workingWithSameTag: PaperOrder | undefined): string | undefined {
  if (!instrument) return `unknown symbol ${intent.symbol}: it is not among the paper broker's instruments`;
  if (intent.side !== 'BUY' && intent.side !== 'SELL') return `side ${String(intent.side)} is neither BUY nor SELL`;
  if (!isPositiveMultiple(intent.quantity, instrument.lotSize)) return `quantity ${intent.quantity} is not a positive whole multiple of the lot size ${instrument.lotSize}`;
  if (!isPositiveMultiple(intent.limitPrice, instrument.tickSize)) return `limit price ${intent.limitPrice} is not a positive multiple of the tick size ${instrument.tickSize}`;
  if (workingWithSameTag) return `tag ${intent.tag} is already used by working order ${workingWithSameTag.id}`;
  return undefined;
}

export interface BuyCheck {
  readonly valuation: AccountValuation;
  readonly base: Currency;
  readonly instrument: Instrument;
  readonly quantity: number;
  readonly limit: number;
  /** The last known price of the instrument. */
  readonly mark: number;
  /** Commission if the order fills whole at its limit. */
  readonly commission: number;
  /** Base-currency value of the unfilled parts of the working buy orders, which will spend cash too. */
  readonly reservedBase: number;
}

/**
 * Reg T style: a buy is refused when, filled at its limit on top of the working buys, the cash
 * of all currencies in the base currency would fall below minus the NLV (gross leverage 2×).
 */
export function buyingPowerRejectReason(check: BuyCheck): string | undefined {
  const { valuation, instrument, quantity, limit, mark, commission } = check;
  const rate = valuation.rates.rate(instrument.currency);
  const cost = (quantity * limit * instrument.multiplier + commission) * rate;
  const cashAfter = valuation.cashBase - check.reservedBase - cost;
  // Buying at the limit rather than at the mark, and paying commission, lowers the NLV too.
  const nlvAfter = valuation.nlv - (quantity * (limit - mark) * instrument.multiplier + commission) * rate;
  if (cashAfter >= -nlvAfter) return undefined;
  const shown = (amount: number) => `${amount.toFixed(2)} ${check.base}`;
  return `insufficient buying power: cash after this buy and the working buys would be ${shown(cashAfter)}, below minus the net liquidation value (${shown(-nlvAfter)})`;
}
