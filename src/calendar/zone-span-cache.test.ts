import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_RESTART } from '../brokers/ib/gateway-windows.js';
import { getCalendar, knownMics } from './get-calendar.js';
import { intlZoneSpans, type ZoneSpan } from './intl-zone-spans.js';
import { cacheKey, readZoneSpans, writeZoneSpans } from './zone-span-cache.js';

// Every zone a calendar here keeps its sessions in, and the one the IB gateway restarts in.
const ZONES = [...new Set([...knownMics().map((mic) => getCalendar(mic).timeZone), DEFAULT_RESTART.timeZone])];
const YEARS = Array.from({ length: 36 }, (_, i) => 2000 + i);

/** The offset and short name Intl gives at an instant, read differently from the code under test. */
function intlAt(t: number, timeZone: string): { offset: number; name: string } {
  const long = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).formatToParts(t).find((p) => p.type === 'timeZoneName')?.value ?? '';
  const m = /GMT(?:([+-])(\d{2}):(\d{2}))?/.exec(long);
  if (!m) throw new Error(`cannot read offset ${long}`);
  const offset = m[1] ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 3_600_000 + Number(m[3]) * 60_000) : 0;
  const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'short' }).formatToParts(t).find((p) => p.type === 'timeZoneName')?.value ?? '';
  return { offset, name };
}

describe('zone spans in the user cache', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'autofolio-zone-cache-'));
    env = { AUTOFOLIO_CACHE_DIR: dir };
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads back spans equal to Intl for every exchange zone and the IB gateway zone, 2000–2035', () => {
    expect(ZONES).toEqual(expect.arrayContaining(['America/New_York', 'America/Toronto', 'Europe/London']));
    for (const zone of ZONES) writeZoneSpans(zone, new Map(YEARS.map((year) => [year, intlZoneSpans(year, zone)])), env);
    for (const zone of ZONES) {
      const years = readZoneSpans(zone, env);
      expect([...years.keys()]).toEqual(YEARS);
      for (const year of YEARS) {
        const spans = years.get(year)!;
        spans.forEach((span, i) => {
          const until = spans[i + 1]?.from ?? Date.UTC(year + 1, 0, 1);
          expect({ zone, offset: span.offset, name: span.name }).toEqual({ zone, ...intlAt(span.from, zone) });
          expect({ zone, offset: span.offset, name: span.name }).toEqual({ zone, ...intlAt(until - 1000, zone) });
          // A change is found to the second: the second before it still reads as the span before.
          if (i > 0) expect(intlAt(span.from - 1000, zone)).toEqual({ offset: spans[i - 1]!.offset, name: spans[i - 1]!.name });
        });
        // Two changes a year (DST on and off) in every zone here.
        expect(spans.length).toBe(3);
      }
    }
  });

  it('ignores an entry made under another time zone database, ICU, Unicode or CLDR version', () => {
    writeZoneSpans('America/New_York', new Map([[2025, intlZoneSpans(2025, 'America/New_York')]]), env);
    const [file] = readdirSync(dir);
    const path = join(dir, file!);
    const entry = JSON.parse(readFileSync(path, 'utf8')) as { key: string };
    expect(entry.key).toBe(cacheKey());
    for (const other of ['tz', 'icu', 'unicode', 'cldr'] as const) {
      writeFileSync(path, JSON.stringify({ ...entry, key: cacheKey({ ...process.versions, [other]: '0.0' }) }));
      expect(readZoneSpans('America/New_York', env).size).toBe(0);
    }
  });

  it('ignores a damaged entry and one stored for another zone', () => {
    const spans = intlZoneSpans(2025, 'Europe/London');
    writeZoneSpans('Europe/London', new Map([[2025, spans]]), env);
    const [file] = readdirSync(dir);
    const path = join(dir, file!);
    const good = readFileSync(path, 'utf8');
    expect(readZoneSpans('Europe/London', env).get(2025)).toEqual(spans);
    const entry = JSON.parse(good) as { years: Record<string, unknown> };
    const damaged = [
      good.slice(0, good.length / 2),
      '',
      'null',
      JSON.stringify({ ...entry, zone: 'America/New_York' }),
      JSON.stringify({ ...entry, years: { 2025: [] } }),
      JSON.stringify({ ...entry, years: { 2025: [[Date.UTC(2025, 0, 2), 0, 'GMT']] } }),
      JSON.stringify({ ...entry, years: { 2025: [[Date.UTC(2025, 0, 1), 0, 'GMT'], [Date.UTC(2024, 5, 1), 3_600_000, 'GMT+1']] } }),
      JSON.stringify({ ...entry, years: { 2025: [[Date.UTC(2025, 0, 1), '0', 'GMT']] } }),
      JSON.stringify({ ...entry, years: { ...entry.years, 2026: [[Date.UTC(2026, 0, 1), 0, '']] } }),
    ];
    for (const text of damaged) {
      writeFileSync(path, text);
      expect(readZoneSpans('Europe/London', env).size).toBe(0);
    }
  });
});

describe('zoned time with the user cache', () => {
  let dir: string;
  let before: string | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'autofolio-zone-cache-'));
    before = process.env.AUTOFOLIO_CACHE_DIR;
    process.env.AUTOFOLIO_CACHE_DIR = dir;
    vi.resetModules();
  });
  afterEach(() => {
    if (before === undefined) delete process.env.AUTOFOLIO_CACHE_DIR;
    else process.env.AUTOFOLIO_CACHE_DIR = before;
    rmSync(dir, { recursive: true, force: true });
  });

  const Original = Intl.DateTimeFormat;
  afterEach(() => {
    Intl.DateTimeFormat = Original;
  });

  /** A fresh copy of the module, as a new process would load it, and how many DateTimeFormats it creates. */
  async function freshProcess(): Promise<{ zoned: typeof import('./zoned-time.js'); formats: () => number }> {
    vi.resetModules();
    let count = 0;
    Intl.DateTimeFormat = new Proxy(Original, {
      construct(target, args: ConstructorParameters<typeof Original>) {
        count += 1;
        return new target(...args);
      },
    });
    const zoned = await import('./zoned-time.js');
    return { zoned, formats: () => count };
  }

  const T = Date.UTC(2025, 6, 1, 13, 30);

  it('derives a year once and lets the next process read it without creating an Intl object', async () => {
    const first = await freshProcess();
    expect(first.zoned.offsetAt(T, 'America/New_York')).toBe(-4 * 3_600_000);
    expect(first.formats()).toBe(1);
    const second = await freshProcess();
    expect(second.zoned.offsetAt(T, 'America/New_York')).toBe(-4 * 3_600_000);
    expect(second.zoned.zoneNameAt(T, 'America/New_York')).toBe('EDT');
    expect(second.zoned.zoneNameAt(Date.UTC(2025, 0, 10), 'America/New_York')).toBe('EST');
    expect(second.formats()).toBe(0);
  });

  it('derives a damaged entry again and stores it whole', async () => {
    const first = await freshProcess();
    first.zoned.offsetAt(T, 'Europe/London');
    const [file] = readdirSync(dir);
    const good = readFileSync(join(dir, file!), 'utf8');
    writeFileSync(join(dir, file!), good.slice(0, 40));
    const second = await freshProcess();
    expect(second.zoned.offsetAt(T, 'Europe/London')).toBe(3_600_000);
    expect(second.formats()).toBe(1);
    expect(readFileSync(join(dir, file!), 'utf8')).toBe(good);
  });

  it('adds the years a later process needs to what the earlier ones stored', async () => {
    const first = await freshProcess();
    first.zoned.offsetAt(T, 'America/Toronto');
    const second = await freshProcess();
    second.zoned.offsetAt(Date.UTC(2031, 0, 5), 'America/Toronto');
    expect(second.formats()).toBe(1);
    const years: Map<number, ZoneSpan[]> = readZoneSpans('America/Toronto');
    expect([...years.keys()]).toEqual([2025, 2031]);
  });
});
