import { readCacheEntry, writeCacheEntry } from '../io/user-cache.js';
import type { ZoneSpan } from './intl-zone-spans.js';

/**
 * A zone's spans per year, kept in the user's cache between processes. The first Intl object a
 * process creates loads ICU's data (20–30 ms, measured), more than the rest of a command like
 * `autofolio status` costs; reading the spans a previous process derived is a fraction of a
 * millisecond. Intl stays the source of truth: an entry is used only when made under the same
 * time zone database, ICU, Unicode and CLDR versions (names come from CLDR) and by the same
 * code, so a Node upgrade that brings new zone rules derives every span again.
 *
 * One file per zone: a process reads only the zones it uses (one or two), and two processes
 * adding years to different zones never overwrite each other's work.
 */

// Raised whenever the way spans are derived or stored changes, so older entries are ignored.
const FORMAT = 1;

export function cacheKey(versions: NodeJS.ProcessVersions = process.versions): string {
  return `spans ${FORMAT} tz ${versions.tz} icu ${versions.icu} unicode ${versions.unicode} cldr ${versions.cldr}`;
}

type StoredSpan = readonly [from: number, offset: number, name: string];

interface Entry {
  readonly key: string;
  readonly zone: string;
  readonly years: Record<string, readonly StoredSpan[]>;
}

const entryName = (timeZone: string): string => `zone-spans-${encodeURIComponent(timeZone)}.json`;

/** A year's stored spans if they have the shape intlZoneSpans gives, else undefined. */
function validYear(year: number, stored: unknown): ZoneSpan[] | undefined {
  if (!Array.isArray(stored) || stored.length === 0) return undefined;
  const start = Date.UTC(year, 0, 1);
  const end = Date.UTC(year + 1, 0, 1);
  const spans: ZoneSpan[] = [];
  let last = start - 1;
  for (const item of stored as unknown[]) {
    if (!Array.isArray(item) || item.length !== 3) return undefined;
    const [from, offset, name] = item as unknown[];
    if (typeof from !== 'number' || typeof offset !== 'number' || typeof name !== 'string' || name === '') return undefined;
    if (!Number.isInteger(from) || from <= last || from >= end || (spans.length === 0 && from !== start)) return undefined;
    if (!Number.isInteger(offset) || Math.abs(offset) >= 86_400_000) return undefined;
    spans.push({ from, offset, name });
    last = from;
  }
  return spans;
}

/**
 * The years of `timeZone` a previous process stored under the current versions. A missing,
 * foreign or damaged entry yields none, and its years are derived again.
 */
export function readZoneSpans(timeZone: string, env: NodeJS.ProcessEnv = process.env): Map<number, ZoneSpan[]> {
  const years = new Map<number, ZoneSpan[]>();
  const data = readCacheEntry(entryName(timeZone), env);
  if (!data) return years;
  let entry: Partial<Entry>;
  try {
    entry = JSON.parse(data.toString('utf8')) as Partial<Entry>;
  } catch {
    return years;
  }
  if (entry?.key !== cacheKey() || entry.zone !== timeZone || typeof entry.years !== 'object' || entry.years === null) return years;
  for (const [text, stored] of Object.entries(entry.years)) {
    const year = Number(text);
    const spans = Number.isInteger(year) ? validYear(year, stored) : undefined;
    // One damaged year makes the whole entry suspect.
    if (!spans) return new Map();
    years.set(year, spans);
  }
  return years;
}

/** Stores every year known of `timeZone`, replacing the entry; failing to write is no error. */
export function writeZoneSpans(timeZone: string, years: ReadonlyMap<number, readonly ZoneSpan[]>, env: NodeJS.ProcessEnv = process.env): void {
  const stored: Record<string, StoredSpan[]> = {};
  for (const [year, spans] of [...years].sort((a, b) => a[0] - b[0])) stored[year] = spans.map((s) => [s.from, s.offset, s.name]);
  const entry: Entry = { key: cacheKey(), zone: timeZone, years: stored };
  writeCacheEntry(entryName(timeZone), JSON.stringify(entry), env);
}
