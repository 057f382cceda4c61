import { findCalendar } from '../calendar/get-calendar.js';
import type { Instrument } from '../domain/instrument.js';
import { EQUITY_OPTION_MULTIPLIER } from '../domain/option.js';
import type { OptionChain } from '../domain/option-chain.js';

const DAY_MS = 86_400_000;
const WEEKS_LISTED = 60;
const NICE_STEPS = [0.5, 1, 2.5, 5, 10, 25, 50, 100];

/**
 * The paper broker's chain: weekly expiries on Fridays (the session before, when a Friday is a
 * holiday of the underlying's exchange) for a little over a year, and strikes every
 * `strikeStepPct` % of the price, rounded to a listed-looking step, from half to one and a half
 * times the price. The strikes are multiples of the step, so the chain of the next run lists
 * the same strikes near the money even after the price moved.
 */
export function paperOptionChain(underlying: Instrument, price: number, now: number, strikeStepPct: number): OptionChain {
  const step = strikeStep(price, strikeStepPct);
  const strikes: number[] = [];
  for (let k = Math.ceil((price * 0.5) / step); k * step <= price * 1.5; k++) strikes.push(Number((k * step).toFixed(4)));
  return { underlying: underlying.symbol, expiries: weeklyExpiries(underlying.exchange, now), strikes, multiplier: EQUITY_OPTION_MULTIPLIER };
}

export function strikeStep(price: number, strikeStepPct: number): number {
  const raw = (price * strikeStepPct) / 100;
  return NICE_STEPS.find((step) => step >= raw) ?? NICE_STEPS[NICE_STEPS.length - 1]!;
}

function weeklyExpiries(exchange: string, now: number): string[] {
  const calendar = findCalendar(exchange);
  const today = new Date(now);
  const first = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  const daysToFriday = (5 - new Date(first).getUTCDay() + 7) % 7;
  const expiries: string[] = [];
  for (let week = 0; week < WEEKS_LISTED; week++) {
    const friday = new Date(first + (daysToFriday + 7 * week) * DAY_MS).toISOString().slice(0, 10);
    // Without a calendar of the exchange, the data's own days are the calendar: every Friday.
    const expiry = !calendar || calendar.session(friday) ? friday : calendar.previousSession(friday).date;
    if (expiryTime(expiry, exchange) > now) expiries.push(expiry);
  }
  return expiries;
}

/**
 * When an option expiring on `expiry` stops trading: the close of its exchange that day (16:00
 * New York for US options), or 21:00 UTC where no calendar describes the exchange.
 */
export function expiryTime(expiry: string, exchange: string): number {
  return findCalendar(exchange)?.session(expiry)?.close ?? Date.parse(`${expiry}T21:00:00Z`);
}
