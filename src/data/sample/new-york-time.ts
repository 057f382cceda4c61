// America/New_York switches between UTC-5 and UTC-4; Intl knows the rules (tz database), so
// the sample data needs no hand-written DST table.
const formatter = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/New_York',
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});

/** New York's offset from UTC at an instant, in ms (-5 h in winter, -4 h in summer). */
export function newYorkOffsetMs(utc: number): number {
  const parts: Record<string, number> = {};
  for (const { type, value } of formatter.formatToParts(new Date(utc))) parts[type] = Number(value);
  const local = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return local - (utc - (utc % 1000));
}

/**
 * The UTC instant of a New York wall-clock time. The offset is looked up twice, the second
 * time at the corrected instant, so that a time near a switch gets the offset in force then.
 */
export function newYorkToUtc(date: string, hour: number, minute: number): number {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const asIfUtc = Date.UTC(year, month - 1, day, hour, minute);
  const first = asIfUtc - newYorkOffsetMs(asIfUtc);
  return asIfUtc - newYorkOffsetMs(first);
}
