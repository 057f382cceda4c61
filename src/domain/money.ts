/** ISO 4217 code, e.g. "USD". */
export type Currency = string;

// Currencies whose minor unit is not the cent (ISO 4217 exponent other than 2).
const MINOR_UNIT_DIGITS: Readonly<Record<string, number>> = { JPY: 0, KRW: 0, HUF: 2, CHF: 2, KWD: 3, BHD: 3 };

export function minorUnitDigits(currency: Currency): number {
  return MINOR_UNIT_DIGITS[currency] ?? 2;
}

/**
 * Amount as an integer count of the currency's minor unit (cents for USD).
 * Ledger and broker cash are kept in minor units so that sums never drift.
 */
export function toMinor(amount: number, currency: Currency): number {
  const scaled = amount * 10 ** minorUnitDigits(currency);
  const magnitude = Math.abs(scaled);
  // Far from a half, binary noise cannot change the rounding: the string round trip below is
  // skipped, which ledger and broker would otherwise run for every amount they book.
  const fraction = magnitude - Math.floor(magnitude);
  // The cleaning moves a value by at most half its 15th significant digit, magnitude × 5e-15.
  if (Math.abs(fraction - 0.5) > Math.max(1e-6, magnitude * 1e-14)) return scaled < 0 ? -Math.round(magnitude) : Math.round(magnitude);
  // Round half away from zero after removing binary noise (e.g. 1.005 * 100 = 100.49999…).
  const cleaned = Number(scaled.toPrecision(15));
  return Math.sign(cleaned) * Math.round(Math.abs(cleaned));
}

export function fromMinor(minor: number, currency: Currency): number {
  return minor / 10 ** minorUnitDigits(currency);
}

/** Rounds an amount to the currency's minor unit. */
export function roundMoney(amount: number, currency: Currency): number {
  return fromMinor(toMinor(amount, currency), currency);
}

/**
 * Exchange rates into one base currency: `toBase[c]` is the value of one unit of `c`
 * in the base currency.
 */
export class FxRates {
  readonly base: Currency;
  readonly #toBase: ReadonlyMap<Currency, number>;

  constructor(base: Currency, toBase: Readonly<Record<Currency, number>>) {
    this.base = base;
    const rates = new Map<Currency, number>(Object.entries(toBase));
    rates.set(base, 1);
    for (const [currency, rate] of rates) {
      if (!(rate > 0) || !Number.isFinite(rate)) throw new RangeError(`FX rate for ${currency} must be a positive number, got ${rate}`);
    }
    this.#toBase = rates;
  }

  has(currency: Currency): boolean {
    return this.#toBase.has(currency);
  }

  /** Value of one unit of `currency` in the base currency. */
  rate(currency: Currency): number {
    // Most amounts are in the base currency (every one in a single-currency account): its rate
    // of 1 is known without a look-up.
    if (currency === this.base) return 1;
    const rate = this.#toBase.get(currency);
    if (rate === undefined) throw new MissingFxRateError(currency, this.base);
    return rate;
  }

  toBase(amount: number, currency: Currency): number {
    return amount * this.rate(currency);
  }

  fromBase(amount: number, currency: Currency): number {
    return amount / this.rate(currency);
  }

  convert(amount: number, from: Currency, to: Currency): number {
    return from === to ? amount : this.fromBase(this.toBase(amount, from), to);
  }

  entries(): [Currency, number][] {
    return [...this.#toBase.entries()];
  }
}

export class MissingFxRateError extends Error {
  constructor(readonly currency: Currency, readonly base: Currency) {
    super(`no FX rate from ${currency} to ${base}: add a CASH instrument for the pair to the config and its data`);
    this.name = 'MissingFxRateError';
  }
}
