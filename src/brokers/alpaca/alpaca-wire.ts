import { BrokerError } from '../broker.js';

// The JSON shapes of Alpaca's trading API v2 and market data API v2, as Alpaca documents them.
// Amounts and quantities of the trading API are decimal strings ("100.25"); the market data API
// sends numbers. Only the fields autofolio reads are declared.

/** Alpaca's order statuses. `replaced` ends one order of a chain whose replacement carries on. */
export type AlpacaOrderStatus =
  | 'new'
  | 'partially_filled'
  | 'filled'
  | 'done_for_day'
  | 'canceled'
  | 'expired'
  | 'replaced'
  | 'pending_cancel'
  | 'pending_replace'
  | 'pending_review'
  | 'accepted'
  | 'pending_new'
  | 'accepted_for_bidding'
  | 'stopped'
  | 'rejected'
  | 'suspended'
  | 'calculated'
  | 'held';

export interface AlpacaOrder {
  readonly id: string;
  readonly client_order_id: string;
  readonly created_at: string;
  readonly submitted_at: string | null;
  readonly filled_at: string | null;
  readonly replaced_at: string | null;
  /** The order that replaced this one, once it is `replaced`. */
  readonly replaced_by: string | null;
  /** The order this one replaced. */
  readonly replaces: string | null;
  readonly symbol: string;
  readonly asset_class: string;
  readonly qty: string | null;
  readonly filled_qty: string;
  readonly filled_avg_price: string | null;
  readonly type: string;
  readonly side: 'buy' | 'sell';
  readonly time_in_force: string;
  readonly limit_price: string | null;
  readonly status: AlpacaOrderStatus;
}

export interface AlpacaAccount {
  readonly id: string;
  readonly account_number: string;
  /** ACTIVE once the account may trade; ONBOARDING, SUBMITTED, ACCOUNT_UPDATED, … before. */
  readonly status: string;
  readonly currency: string;
  readonly cash: string;
  readonly equity: string;
  readonly buying_power: string;
  readonly trading_blocked: boolean;
  readonly account_blocked: boolean;
  readonly transfers_blocked?: boolean;
  readonly pattern_day_trader?: boolean;
}

export interface AlpacaPosition {
  readonly symbol: string;
  /** Signed: negative for a short position. */
  readonly qty: string;
  readonly side: 'long' | 'short';
  readonly avg_entry_price: string;
}

export interface AlpacaClock {
  readonly timestamp: string;
  readonly is_open: boolean;
  readonly next_open: string;
  readonly next_close: string;
}

export interface AlpacaCalendarDay {
  /** YYYY-MM-DD */
  readonly date: string;
  /** HH:MM, New York time */
  readonly open: string;
  readonly close: string;
}

/** One execution, from GET /v2/account/activities/FILL. Its `id` is unique and stable. */
export interface AlpacaFillActivity {
  readonly id: string;
  readonly activity_type: 'FILL';
  readonly transaction_time: string;
  readonly type: 'fill' | 'partial_fill';
  readonly price: string;
  readonly qty: string;
  readonly side: 'buy' | 'sell' | 'sell_short';
  readonly symbol: string;
  readonly order_id: string;
  readonly cum_qty: string;
  readonly leaves_qty: string;
}

/** A latest quote of the market data API: bid/ask price and the quote's time. */
export interface AlpacaQuote {
  readonly t: string;
  readonly bp: number;
  readonly ap: number;
  readonly bs: number;
  readonly as: number;
}

export interface AlpacaTrade {
  readonly t: string;
  readonly p: number;
}

/** Alpaca's error body. */
export interface AlpacaErrorBody {
  readonly code?: number;
  readonly message?: string;
}

/**
 * A decimal string of the API as a number. A value that is not one is a reply autofolio cannot
 * trust: an operational error naming the field, never a NaN that reaches a plan.
 */
export function decimal(value: string | number | null | undefined, field: string): number {
  const parsed = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  if (!Number.isFinite(parsed)) throw new BrokerError(`Alpaca sent ${field} = ${JSON.stringify(value)}, not a number`, 'operational', 'bad-reply');
  return parsed;
}

/** An ISO time of the API as epoch ms. */
export function instant(value: string | null | undefined, field: string): number {
  const parsed = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(parsed)) throw new BrokerError(`Alpaca sent ${field} = ${JSON.stringify(value)}, not a time`, 'operational', 'bad-reply');
  return parsed;
}
