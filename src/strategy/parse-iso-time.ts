// Date, time and zone are all required: a forecast's as-of without a zone could be local time
// or UTC, and a wrong guess makes it hours stale or in the future. A space may stand for the
// "T" and any number of fraction digits may follow the seconds, because that is what pandas
// (str(Timestamp)) and Python (datetime.isoformat, microseconds) write.
const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}(?::?\d{2})?)$/;

/** Epoch ms of an ISO-8601 date-time with a zone; undefined for anything else. Fractions below a millisecond are dropped. */
export function parseIsoTime(text: string): number | undefined {
  const match = ISO.exec(text);
  if (!match) return undefined;
  const [year, month, day, hour, minute] = match.slice(1, 6).map(Number) as [number, number, number, number, number];
  const second = Number(match[6] ?? 0);
  const millis = Number((match[7] ?? '').slice(0, 3).padEnd(3, '0'));
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const local = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  const check = new Date(local);
  if (check.getUTCDate() !== day || check.getUTCFullYear() !== year) return undefined;
  const zone = match[8]!;
  if (zone === 'Z') return local;
  const sign = zone[0] === '-' ? -1 : 1;
  const zoneDigits = zone.slice(1).replace(':', '');
  const zoneHours = Number(zoneDigits.slice(0, 2));
  const zoneMinutes = Number(zoneDigits.slice(2) || '0');
  if (zoneHours > 23 || zoneMinutes > 59) return undefined;
  return local - sign * (zoneHours * 60 + zoneMinutes) * 60_000;
}
