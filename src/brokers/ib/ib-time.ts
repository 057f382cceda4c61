import { dayNumber } from '../../calendar/civil-date.js';
import { zonedToUtc } from '../../calendar/zoned-time.js';

/**
 * Epoch ms of a time as TWS writes it: "20240102 09:30:05 US/Eastern" (zone named),
 * "20240102-14:30:05" (UTC), or "20240102  09:30:05" (the gateway's own zone, unnamed).
 * Undefined when the text is none of these.
 */
export function parseIbTime(text: string, gatewayZone: string): number | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})(-|\s+)(\d{2}):(\d{2}):(\d{2})(?:\s+(\S+))?$/.exec(text.trim());
  if (!match) return undefined;
  const [, y, mo, d, sep, h, mi, s, zone] = match;
  const date = dayNumber(Number(y), Number(mo), Number(d));
  const minutes = Number(h) * 60 + Number(mi);
  const seconds = Number(s) * 1000;
  if (sep === '-' && !zone) return Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const timeZone = zone ?? gatewayZone;
  if (timeZone === 'UTC' || timeZone === 'GMT') return Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  return zonedToUtc(date, minutes, timeZone) + seconds;
}

/** IB's execution filter time, "yyyymmdd-hh:mm:ss" in UTC. */
export function ibFilterTime(epochMs: number): string {
  const iso = new Date(epochMs).toISOString();
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}-${iso.slice(11, 19)}`;
}
