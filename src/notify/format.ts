/**
 * Number and text formatting for messages people read. Every formatter returns "n/a" for
 * a non-finite number, so that a message about a broken run never throws while being built.
 */

import { offsetAt, zoneNameAt } from '../calendar/zoned-time.js';
import { decimalFormat, type DecimalFormat } from './decimal-format.js';

const NOT_AVAILABLE = 'n/a';

// 'negative' never shows "-0.00" for an amount that rounds to zero.
const money = decimalFormat({ minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: 'negative' });
const signedMoney = decimalFormat({ minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: 'exceptZero' });
const percent = decimalFormat({ percent: true, minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: 'negative' });
const signedPercent = decimalFormat({ percent: true, minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: 'exceptZero' });
// Quantities may be fractional (crypto, fractional shares), so keep up to 8 decimals but no trailing zeros.
const quantity = decimalFormat({ maximumFractionDigits: 8, signDisplay: 'negative' });
// Prices keep the cent and as many further digits as a tick can have (FX quotes to 1/10 pip).
const price = decimalFormat({ minimumFractionDigits: 2, maximumFractionDigits: 6, signDisplay: 'negative' });

function guarded(format: DecimalFormat, value: number): string {
  return Number.isFinite(value) ? format(value) : NOT_AVAILABLE;
}

/** 1234567.891 → "1,234,567.89". */
export function formatMoney(amount: number): string {
  return guarded(money, amount);
}

/** 1234.5 → "+1,234.50", -3 → "-3.00", 0 → "0.00". */
export function formatSignedMoney(amount: number): string {
  return guarded(signedMoney, amount);
}

/** A ratio as a percentage: 0.0042 → "0.42%". */
export function formatPercent(ratio: number): string {
  return guarded(percent, ratio);
}

/** A ratio as a signed percentage: 0.0042 → "+0.42%". */
export function formatSignedPercent(ratio: number): string {
  return guarded(signedPercent, ratio);
}

export function formatQuantity(value: number): string {
  return guarded(quantity, value);
}

export function formatPrice(value: number): string {
  return guarded(price, value);
}

/** 1.2345 → "1.23x". */
export function formatLeverage(value: number): string {
  return Number.isFinite(value) ? `${money(value)}x` : NOT_AVAILABLE;
}

/** Epoch ms → "2025-11-14 15:35:00 UTC". */
export function formatUtc(epochMs: number): string {
  if (!Number.isFinite(epochMs)) return NOT_AVAILABLE;
  return `${new Date(epochMs).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/**
 * A time as people at the exchange read it, with the zone's abbreviation: "2025-11-14 10:30 EST"
 * in America/New_York. Without a zone, UTC. Files and JSON keep ISO UTC; this is for messages.
 * The wall time and the name come from the zone's spans (calendar/zoned-time.ts), which Intl
 * derived once and the user's cache keeps, so printing a time creates no Intl object.
 */
export function formatZoned(epochMs: number, timeZone: string | undefined, options: { readonly seconds?: boolean } = {}): string {
  if (!Number.isFinite(epochMs)) return NOT_AVAILABLE;
  // Steps of a run and fills happen seconds apart: their tables keep the seconds.
  const length = options.seconds ? 19 : 16;
  if (!timeZone) return `${new Date(epochMs).toISOString().slice(0, length).replace('T', ' ')} UTC`;
  const wall = new Date(epochMs + offsetAt(epochMs, timeZone)).toISOString().slice(0, length).replace('T', ' ');
  return `${wall} ${zoneNameAt(epochMs, timeZone)}`;
}

/** Milliseconds → "850 ms", "12.3 s", "2 min 05 s". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return NOT_AVAILABLE;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`;
}

/**
 * Collapses all whitespace (newlines included) to single spaces and cuts the text to at most
 * `max` characters with an ellipsis, for subjects and table cells that must stay on one line.
 */
export function oneLine(text: string, max = Number.POSITIVE_INFINITY): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  // Cut on code points, not UTF-16 units, so that an emoji or CJK character is never split in half.
  const chars = Array.from(flat);
  if (chars.length <= max) return flat;
  return `${chars.slice(0, Math.max(0, max - 1)).join('').trimEnd()}…`;
}
