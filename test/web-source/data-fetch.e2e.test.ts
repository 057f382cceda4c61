import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getCalendar } from '../../src/calendar/get-calendar.js';
import { SAMPLE_INSTRUMENTS } from '../../src/data/sample/sample-instruments.js';
import { autofolio, type RunJson } from '../cli.js';
import { stampOf, StandInChartApi, type StandInBar } from './stand-in-chart-api.js';

const SYMBOLS = SAMPLE_INSTRUMENTS.map((i) => i.symbol);

/** Daily bars on the sessions of the instrument's exchange: a slow climb, every price positive and inside its range. */
function generatedBars(symbol: string, from: string, to: string): StandInBar[] {
  const instrument = SAMPLE_INSTRUMENTS.find((i) => i.symbol === symbol)!;
  const base = 20 + 10 * SYMBOLS.indexOf(symbol);
  return getCalendar(instrument.exchange)
    .sessions(from, to)
    .map((session, i) => {
      const close = base + i * 0.25;
      return { date: session.date, open: close - 0.1, high: close + 0.5, low: close - 0.5, close, volume: 1000 + i };
    });
}

/** SPY as it traded: about 400 before its 4-for-1 split of 10 February 2025, about 100 after. */
function spyWithSplit(from: string, to: string): StandInBar[] {
  return generatedBars('SPY', from, to).map((bar) => (bar.date < '2025-02-10' ? { ...bar, open: bar.open * 4, high: bar.high * 4, low: bar.low * 4, close: bar.close * 4 } : bar));
}

function csvDates(file: string): string[] {
  return readFileSync(file, 'utf8').trim().split('\n').slice(1).map((row) => row.split(',')[0]!);
}

/** The alert e-mails of the outbox folder, their quoted-printable lines joined and decoded. */
function alerts(dir: string): string[] {
  const outbox = join(dir, 'state', 'outbox');
  const decoded = (text: string) => text.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return existsSync(outbox) ? readdirSync(outbox).filter((f) => f.includes('alert')).map((f) => decoded(readFileSync(join(outbox, f), 'utf8'))) : [];
}

describe('autofolio data fetch from a Yahoo-style chart API (local stand-in over HTTP)', () => {
  let dir: string;
  let config: string;
  let api: StandInChartApi;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'autofolio-fetch-'));
    expect((await autofolio(['init', dir])).code).toBe(0);
    config = join(dir, 'autofolio.yaml');
    // The starter's sample files are hourly bars: the fetch fills an empty folder with daily ones.
    for (const name of readdirSync(join(dir, 'data'))) if (name.endsWith('.csv')) rmSync(join(dir, 'data', name));
    api = new StandInChartApi();
    for (const symbol of SYMBOLS) api.set(symbol, { bars: generatedBars(symbol, '2025-01-02', '2025-06-30') });
    api.set('SPY', { bars: spyWithSplit('2025-01-02', '2025-06-30'), splits: [{ date: '2025-02-10', numerator: 4, denominator: 1 }], dividends: [{ date: '2025-03-14', amount: 0.52 }] });
    const baseUrl = await api.start();
    writeFileSync(config, `${readFileSync(config, 'utf8')}\ndataSources:\n  yahoo: { kind: yahoo-chart, baseUrl: "${baseUrl}" }\n`);
  });
  afterEach(async () => {
    await api.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('fills the folder for the starter instruments, splits and dividends beside the bars, and the columnar cache', async () => {
    const result = await autofolio(['data', 'fetch', '--config', config, '--from', '2025-01-02', '--to', '2025-03-31', '--source', 'yahoo']);
    expect(result.stderr).toContain('fetching SPY from yahoo: 2025-01-02 to 2025-03-31');
    expect(result.code).toBe(0);
    for (const instrument of SAMPLE_INSTRUMENTS) {
      const sessions = getCalendar(instrument.exchange).sessions('2025-01-02', '2025-03-31').map((s) => s.date);
      expect(csvDates(join(dir, 'data', `${instrument.symbol}.csv`))).toEqual(sessions);
      expect(result.stdout).toContain(`${instrument.symbol}: added ${sessions.length}, corrected 0, missing 0`);
    }
    // Raw prices: the stand-in, like Yahoo, divides the bars before the split by 4; the file has them as they traded.
    const spy = readFileSync(join(dir, 'data', 'SPY.csv'), 'utf8');
    expect(spy.split('\n')[0]).toBe('time,open,high,low,close,volume');
    expect(spy).toContain('2025-01-02,79.6,82,78,80,1000\n');
    expect(readFileSync(join(dir, 'data', 'SPY.actions.csv'), 'utf8')).toBe('Date,Action,Value\n2025-02-10,split,4\n2025-03-14,dividend,0.52\n');
    expect(existsSync(join(dir, 'data', 'QQQ.actions.csv'))).toBe(false);
    expect(readdirSync(join(dir, 'data', '.autofolio-cache')).some((f) => f.endsWith('.pack'))).toBe(true);
    expect(api.requests.every((r) => r.interval === '1d' && r.events === 'div|split')).toBe(true);
  });

  it('a second fetch asks only from the last bar on, adds only the new bars and counts a bar the source corrected', async () => {
    expect((await autofolio(['data', 'fetch', '--config', config, '--from', '2025-01-02', '--to', '2025-03-31'])).code).toBe(0);
    const before = readFileSync(join(dir, 'data', 'QQQ.csv'), 'utf8');
    // The source corrects QQQ's last bar, and the next month has traded.
    const qqq = api.get('QQQ')!;
    const last = qqq.bars.findIndex((b) => b.date === '2025-03-31');
    qqq.bars[last] = { ...qqq.bars[last]!, close: qqq.bars[last]!.close + 0.2 };
    api.requests.length = 0;

    const second = await autofolio(['data', 'fetch', '--config', config, '--to', '2025-04-30']);
    expect(second.code).toBe(0);
    // period1 is the day before the last bar's date: the last bar is asked again, to be corrected, and nothing older.
    expect(api.requests.map((r) => r.symbol).sort()).toEqual([...SYMBOLS].sort());
    expect(new Set(api.requests.map((r) => r.period1))).toEqual(new Set([Date.parse('2025-03-30T00:00:00Z') / 1000]));
    const april = getCalendar('XNYS').sessions('2025-04-01', '2025-04-30').length;
    expect(second.stdout).toContain(`QQQ: added ${april}, corrected 1, missing 0`);
    expect(second.stdout).toContain(`IWM: added ${april}, corrected 0, missing 0`);
    const after = readFileSync(join(dir, 'data', 'QQQ.csv'), 'utf8');
    // Every earlier row is kept as it was but the corrected one.
    expect(after.split('\n').slice(0, -2 - april)).toEqual(before.split('\n').slice(0, -2));
    expect(csvDates(join(dir, 'data', 'QQQ.csv')).at(-1)).toBe('2025-04-30');
    // The actions file is kept, not emptied, by a fetch that brings no new action.
    expect(readFileSync(join(dir, 'data', 'SPY.actions.csv'), 'utf8')).toContain('2025-02-10,split,4');

    const third = await autofolio(['data', 'fetch', '--config', config, '--to', '2025-04-30']);
    expect(third.stdout).toContain('QQQ: added 0, corrected 0, missing 0');
  });

  it.each(['bad-json', 'ragged', 'missing-close', 'negative-price', 'nan-price', 'high-below-low', 'http-500'] as const)('a corrupt reply (%s) is refused naming the source and the symbol, and the files written before are intact', async (corruption) => {
    expect((await autofolio(['data', 'fetch', '--config', config, '--from', '2025-01-02', '--to', '2025-03-31'])).code).toBe(0);
    const tlt = readFileSync(join(dir, 'data', 'TLT.csv'));
    api.corrupt('TLT', corruption);
    const result = await autofolio(['data', 'fetch', '--config', config, '--to', '2025-04-30']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/TLT: FAILED, files left as they were: yahoo: TLT: /);
    expect(result.stderr).toContain('data fetch from yahoo failed for TLT');
    expect(readFileSync(join(dir, 'data', 'TLT.csv')).equals(tlt)).toBe(true);
    expect(readdirSync(join(dir, 'data')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    // The other symbols went on.
    expect(csvDates(join(dir, 'data', 'IEF.csv')).at(-1)).toBe('2025-04-30');
  });

  it('names an unknown source and the ones configured', async () => {
    const result = await autofolio(['data', 'fetch', '--config', config, '--source', 'bloomberg']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/no data source "bloomberg" under dataSources \(known: yahoo\)/);
  });

  it('refuses to merge daily bars into a file of hourly bars, naming the file and the line', async () => {
    writeFileSync(join(dir, 'data', 'SPY.csv'), 'time,open,high,low,close,volume\n2025-01-02T14:30:00Z,100,101,99,100,10\n');
    const result = await autofolio(['data', 'fetch', '--config', config, '--to', '2025-01-31']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/SPY: FAILED, files left as they were: .*SPY\.csv:2: holds bars within the day/);
    expect(readFileSync(join(dir, 'data', 'SPY.csv'), 'utf8')).toContain('2025-01-02T14:30:00Z');
  });
});

/** The sample's hourly bars of a symbol folded into daily ones, as a second source would give them. */
function dailyFromSample(file: string, scale: number): StandInBar[] {
  const days = new Map<string, StandInBar>();
  for (const row of readFileSync(file, 'utf8').trim().split('\n').slice(1)) {
    const [time, open, high, low, close, volume] = row.split(',');
    const date = time!.slice(0, 10);
    const old = days.get(date);
    const bar = { date, open: Number(open) * scale, high: Number(high) * scale, low: Number(low) * scale, close: Number(close) * scale, volume: Number(volume) };
    days.set(date, old ? { ...old, high: Math.max(old.high, bar.high), low: Math.min(old.low, bar.low), close: bar.close, volume: old.volume + bar.volume } : bar);
  }
  return [...days.values()];
}

describe('a second source cross-checks the data before each run (paper broker, sample data)', () => {
  let dir: string;
  let config: string;
  let api: StandInChartApi;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'autofolio-crosscheck-'));
    expect((await autofolio(['init', dir])).code).toBe(0);
    config = join(dir, 'autofolio.yaml');
    api = new StandInChartApi();
    for (const symbol of SYMBOLS) api.set(symbol, { bars: dailyFromSample(join(dir, 'data', `${symbol}.csv`), 1) });
    const baseUrl = await api.start();
    writeFileSync(config, `${readFileSync(config, 'utf8')}\ndataSources:\n  check: { kind: yahoo-chart, baseUrl: "${baseUrl}" }\ndataChecks:\n  crossCheck: { source: check, tolerancePct: 1 }\n`);
  });
  afterEach(async () => {
    await api.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('two sources that agree let the run trade', async () => {
    const result = await autofolio(['run', '--config', config, '--json']);
    const json = JSON.parse(result.stdout) as RunJson;
    expect(json.problems).toEqual([]);
    expect(result.code).toBe(0);
    expect(json.ordersSent).toBeGreaterThan(0);
    expect(api.requests.length).toBe(SYMBOLS.filter((s) => s !== 'USDCAD').length);
  });

  it('two sources 5% apart on SPY block the run and alert, the message naming both closes and both sources', async () => {
    api.set('SPY', { bars: dailyFromSample(join(dir, 'data', 'SPY.csv'), 1.05) });
    const result = await autofolio(['run', '--config', config, '--json']);
    const json = JSON.parse(result.stdout) as RunJson;
    expect(result.code).toBe(1);
    expect(json.ordersSent).toBe(0);
    const spyBars = dailyFromSample(join(dir, 'data', 'SPY.csv'), 1);
    const problem = json.problems.find((p) => p.includes('SPY: the close on'))!;
    const [, date, dataClose, referenceClose] = /SPY: the close on (\S+) is (\S+) in the data folder \(.*\) but (\S+) at check, 5\.00% apart, beyond dataChecks\.crossCheck\.tolerancePct 1/.exec(problem)!;
    expect(Number(dataClose)).toBe(spyBars.find((b) => b.date === date)!.close);
    expect(Number(referenceClose)).toBeCloseTo(Number(dataClose) * 1.05, 8);
    // Only SPY disagrees.
    expect(json.problems.join('\n')).not.toMatch(/(QQQ|TLT|XIU): the close on/);
    const mail = alerts(dir).join('\n');
    expect(mail).toContain(`SPY: the close on ${date} is ${dataClose} in the data folder`);
    expect(mail).toContain(`but ${referenceClose} at check`);
  });

  it('a second source that cannot answer blocks the run rather than passing it', async () => {
    api.corrupt('TLT', 'http-500');
    const result = await autofolio(['run', '--config', config, '--json']);
    const json = JSON.parse(result.stdout) as RunJson;
    expect(result.code).toBe(1);
    expect(json.problems.join('\n')).toMatch(/TLT: the cross-check against check failed: check: TLT: HTTP 500/);
  });
});

export { stampOf };

describe('dataSources.refresh fetches new bars before each run', () => {
  let dir: string;
  let config: string;
  let api: StandInChartApi;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'autofolio-refresh-'));
    expect((await autofolio(['init', dir])).code).toBe(0);
    config = join(dir, 'autofolio.yaml');
    api = new StandInChartApi();
    const baseUrl = await api.start();
    writeFileSync(config, `${readFileSync(config, 'utf8')}\ndataSources:\n  yahoo: { kind: yahoo-chart, baseUrl: "${baseUrl}" }\n  refresh: { source: yahoo, beforeRun: true }\n`);
  });
  afterEach(async () => {
    await api.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a refresh that fails alerts, and the run goes on with the data it has because it is recent enough', async () => {
    for (const name of readdirSync(join(dir, 'data'))) if (name.endsWith('.csv')) rmSync(join(dir, 'data', name));
    for (const symbol of SYMBOLS) api.set(symbol, { bars: generatedBars(symbol, '2024-06-03', '2025-06-30') });
    expect((await autofolio(['data', 'fetch', '--config', config, '--from', '2024-06-03', '--to', '2025-03-31'])).code).toBe(0);
    const files = new Map(SYMBOLS.map((s) => [s, readFileSync(join(dir, 'data', `${s}.csv`), 'utf8')]));
    for (const symbol of SYMBOLS) api.corrupt(symbol, 'http-500');
    const result = await autofolio(['run', '--config', config, '--json']);
    expect(result.stderr).toMatch(/data refresh from yahoo failed: yahoo: SPY: HTTP 500 .* \(12 of 12 symbols failed: SPY, QQQ, .*USDCAD; the first reason shown\)/);
    expect(alerts(dir).join('\n')).toMatch(/data refresh from yahoo failed for account PAPER-1/);
    // The data's clock is the last bar fetched before: the history checks pass and the strategy
    // decides. (The paper broker then holds USDCAD back: its daily bar, dated by the FX session
    // that opened the evening before, is an old quote at the NYSE open.)
    const json = JSON.parse(result.stdout) as RunJson;
    expect(json.time.slice(0, 10)).toBe('2025-03-31');
    expect(json.problems.filter((p) => p.startsWith('generate-forecast'))).toEqual([]);
    expect(json.problems.join('\n')).not.toMatch(/stale history/);
    for (const symbol of SYMBOLS) expect(readFileSync(join(dir, 'data', `${symbol}.csv`), 'utf8')).toBe(files.get(symbol));
  });

  it('a folder of hourly files is not refreshed: an alert names the file, and the run goes on with it', async () => {
    const result = await autofolio(['run', '--config', config, '--json']);
    expect(result.stderr).toMatch(/data refresh from yahoo failed: .*SPY\.csv:2: holds bars within the day/);
    expect(result.code).toBe(0);
    expect(api.requests).toEqual([]);
  });

  it('a refresh that fails with data too old to trade on alerts, and the stale-history check stops the run', async () => {
    writeFileSync(config, readFileSync(config, 'utf8').replace('clock: data', 'clock: wall'));
    const result = await autofolio(['run', '--config', config, '--json']);
    expect(result.stderr).toMatch(/data refresh from yahoo failed/);
    expect(result.code).toBe(1);
    expect((JSON.parse(result.stdout) as RunJson).problems.join('\n')).toMatch(/stale history/);
    expect(alerts(dir).join('\n')).toMatch(/data refresh from yahoo failed/);
  });

  it('a refresh that works writes the new bars before the account opens on them', async () => {
    for (const name of readdirSync(join(dir, 'data'))) if (name.endsWith('.csv')) rmSync(join(dir, 'data', name));
    for (const symbol of SYMBOLS) api.set(symbol, { bars: generatedBars(symbol, '2024-06-03', '2025-06-30') });
    expect((await autofolio(['data', 'fetch', '--config', config, '--from', '2024-06-03', '--to', '2025-03-31'])).code).toBe(0);
    const requestsBefore = api.requests.length;
    // The run's refresh asks up to today, and the stand-in has bars to the end of June.
    const result = await autofolio(['run', '--config', config, '--json']);
    expect(result.stderr).toMatch(/data refresh from yahoo: \d+ bars added, 0 corrected/);
    expect(api.requests.length - requestsBefore).toBe(SYMBOLS.length);
    expect(csvDates(join(dir, 'data', 'SPY.csv')).at(-1)).toBe('2025-06-30');
    // The clock is the data's: the run is on the refreshed last session.
    expect((JSON.parse(result.stdout) as RunJson).time.slice(0, 10)).toBe('2025-06-30');
  });
});
