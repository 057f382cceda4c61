/**
 * A time zone's offsets and short names over one UTC year, read from the platform's time zone
 * database through Intl: the only source of truth for them, so DST changes (and the years when
 * their dates moved) are right by construction.
 *
 * Asking Intl costs microseconds, and thirty years of sessions need tens of thousands of
 * conversions, so a year is read once into a list of spans: sampled weekly, and each change
 * found to the second by bisection. This assumes a zone changes its offset or its name at most
 * once in any seven days, true of every zone an exchange here uses.
 */

const SECOND = 1000;
const WEEK = 7 * 86_400_000;
// format() with a fixed en-US pattern is several times faster than formatToParts(). The name
// follows the time after a space; \s also matches the narrow no-break space newer ICU writes.
const WALL_PATTERN = /^(\d+)\/(\d+)\/(\d+), (\d+):(\d+):(\d+)\s(.+)$/;

/** From `from` on (until the next span), the zone is `offset` ms east of UTC and called `name` ("EST"). */
export interface ZoneSpan {
  readonly from: number;
  readonly offset: number;
  readonly name: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      timeZoneName: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The zone's offset and name at an instant whole seconds after the epoch, asked of Intl. */
function intlSpanAt(t: number, timeZone: string): ZoneSpan {
  const text = formatter(timeZone).format(t);
  const m = WALL_PATTERN.exec(text);
  if (!m) throw new Error(`unexpected Intl date format "${text}" for ${timeZone}`);
  const wall = Date.UTC(Number(m[3]), Number(m[1]) - 1, Number(m[2]), Number(m[4]), Number(m[5]), Number(m[6]));
  return { from: t, offset: wall - t, name: m[7] ?? '' };
}

const same = (a: ZoneSpan, b: ZoneSpan): boolean => a.offset === b.offset && a.name === b.name;

/** The spans of one UTC year, the first starting at the year's first instant. */
export function intlZoneSpans(year: number, timeZone: string): ZoneSpan[] {
  const start = Date.UTC(year, 0, 1);
  const end = Date.UTC(year + 1, 0, 1);
  let current = intlSpanAt(start, timeZone);
  const spans: ZoneSpan[] = [current];
  for (let t = start; t < end; t += WEEK) {
    const next = intlSpanAt(Math.min(t + WEEK, end), timeZone);
    if (same(next, current)) continue;
    // Bisect in whole seconds: lo always reads as the current span, hi as the next one.
    let lo = t;
    let hi = next.from;
    let found = next;
    while (hi - lo > SECOND) {
      const mid = lo + Math.floor((hi - lo) / 2 / SECOND) * SECOND;
      const at = intlSpanAt(mid, timeZone);
      if (same(at, current)) lo = mid;
      else {
        hi = mid;
        found = at;
      }
    }
    // A change found at the next year's first instant belongs to that year's list.
    if (hi >= end) break;
    current = { from: hi, offset: found.offset, name: found.name };
    spans.push(current);
  }
  return spans;
}
