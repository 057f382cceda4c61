import { once } from 'node:events';
import { createWriteStream, openSync, closeSync, ftruncateSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The bad-input corpus (issue 8): one row per case. A case replaces one file of a traded
 * account (the config, the forecast, or a market data file), runs `autofolio run`, and states
 * the exit code and a pattern the output must match, naming the file and the line or field.
 * Rows with exit 0 are inputs that look odd but are fine (a byte order mark, a gap in the
 * middle of a series, a million rows) and controls that prove the checks can fail.
 */
export interface BadInput {
  readonly name: string;
  readonly kind: 'config' | 'forecast' | 'market';
  /** The file replaced, relative to the account folder. */
  readonly target: string;
  /** Writes the bad input at `path`, given the file's original bytes (if any). */
  readonly write: (path: string, original: Buffer | undefined) => void | Promise<void>;
  /** Config changes the case needs besides its input (e.g. an external strategy). */
  readonly setup?: (yaml: string) => string;
  readonly exit: 0 | 1 | 2;
  /** What stdout + stderr must match; for errors it names the file and the line or field. */
  readonly message?: RegExp;
  /** Text that must not appear in any output (a secret put where it does not belong). */
  readonly mustNotShow?: string;
  /** A control: the run must send orders, proving that "no order sent" can fail. */
  readonly sends?: boolean;
  /**
   * A known gap, with what would close it: the case runs and is expected to fail its
   * assertions (it.fails), so that closing the gap turns it red until the marker is removed.
   */
  readonly knownGap?: string;
}

const FILES = fileURLToPath(new URL('./files/', import.meta.url));
const CONFIG = 'autofolio.yaml';
const SPY = 'data/SPY.csv';
/** The sample data's clock: the newest bar, hence "now" of every run on the bundled data. */
export const NOW = '2025-11-14T20:30:00Z';

/** Replaces `from` by `to`, and fails if `from` is not there, so that a case cannot silently test nothing. */
function swap(from: string | RegExp, to: string): (text: string) => string {
  return (text) => {
    const next = text.replace(from, to);
    if (next === text) throw new Error(`corpus: ${String(from)} not found in the file to edit`);
    return next;
  };
}

function edited(edit: (text: string) => string): BadInput['write'] {
  return (path, original) => writeFileSync(path, edit(original!.toString('utf8')));
}

/** Edits the lines (without the final empty one) of a text file; line n is index n - 1. */
function lines(edit: (lines: string[]) => string[]): BadInput['write'] {
  return edited((text) => `${edit(text.replace(/\n$/, '').split('\n')).join('\n')}\n`);
}

/** Sets field `column` (0-based: time, open, high, low, close, volume) of line `n`. */
function setField(n: number, column: number, value: string): (lines: string[]) => string[] {
  return (rows) => {
    const fields = rows[n - 1]!.split(',');
    fields[column] = value;
    rows[n - 1] = fields.join(',');
    return rows;
  };
}

const corpusFile =
  (name: string): BadInput['write'] =>
  (path) =>
    writeFileSync(path, readFileSync(join(FILES, name)));

/** A sparse file of `bytes`: huge on paper, free on disk, and the size check must refuse it unread. */
const sparse =
  (bytes: number): BadInput['write'] =>
  (path) => {
    const fd = openSync(path, 'w');
    try {
      ftruncateSync(fd, bytes);
    } finally {
      closeSync(fd);
    }
  };

/**
 * A valid hourly series of `rows` bars ending at NOW (about 60 bytes a row), streamed to disk so
 * the test itself never holds it.
 */
const manyBars =
  (rows: number): BadInput['write'] =>
  async (path) => {
    const out = createWriteStream(path);
    out.write('time,open,high,low,close,volume\n');
    const end = Date.parse(NOW);
    let chunk = '';
    for (let k = rows - 1; k >= 0; k -= 1) {
      const close = 600 + 60 * Math.sin(k / 5000) + 5 * Math.sin(k / 7);
      const open = close - 0.5;
      chunk += `${new Date(end - k * 3_600_000).toISOString()},${open.toFixed(2)},${(close + 1).toFixed(2)},${(open - 1).toFixed(2)},${close.toFixed(2)},${1_000_000 + (k % 1000)}\n`;
      if (chunk.length > 1 << 20) {
        if (!out.write(chunk)) await once(out, 'drain');
        chunk = '';
      }
    }
    out.end(chunk);
    await once(out, 'finish');
  };

const EXTERNAL = swap(/strategy:\n {2}kind: inverse-vol[\s\S]*?maxLeverage: 1.5\n/, 'strategy:\n  kind: external\n');

const config = (name: string, edit: (yaml: string) => string, message: RegExp, extra: Partial<BadInput> = {}): BadInput => ({ name, kind: 'config', target: CONFIG, write: edited(edit), exit: 1, message, ...extra });

const forecast = (file: string, exit: 0 | 1 | 2, message?: RegExp, extra: Partial<BadInput> = {}): BadInput => {
  const json = file.endsWith('.json');
  return {
    name: `forecast ${file}`,
    kind: 'forecast',
    target: json ? 'state/forecast.json' : 'state/forecast.csv',
    write: corpusFile(`forecast/${file}`),
    setup: json ? (yaml) => swap('  file: forecast.csv', '  file: forecast.json')(EXTERNAL(yaml)) : EXTERNAL,
    exit,
    ...(message ? { message } : {}),
    ...extra,
  };
};

const market = (name: string, write: BadInput['write'], exit: 0 | 1 | 2, message?: RegExp, extra: Partial<BadInput> = {}): BadInput => ({ name, kind: 'market', target: SPY, write, exit, ...(message ? { message } : {}), ...extra });

const LEVERAGE_SECRET = 'Tr0ub4dor&3-corpus';

export const CORPUS: readonly BadInput[] = [
  // The config file.
  config('YAML: an unclosed flow mapping', swap('commission: { perShare: 0.005, minimum: 1.0, maximumPctOfValue: 1.0 }', 'commission: { perShare: 0.005, minimum: 1.0'), /autofolio\.yaml:\d+: invalid YAML/),
  config('YAML: a tab for indentation', swap('  maxOrders: 40', '\tmaxOrders: 40'), /autofolio\.yaml:\d+: invalid YAML/),
  config('YAML: a key twice', swap('  maxOrders: 40', '  maxOrders: 40\n  maxOrders: 41'), /autofolio\.yaml:\d+: invalid YAML.*[Mm]ap keys must be unique/),
  config('an empty config file', () => '', /autofolio\.yaml: account: is required/),
  config('a list instead of a mapping', () => '- a\n- b\n', /autofolio\.yaml:1: \(top level\): expected an object, got a list/),
  config('a number where a number is due, written as a word', swap('maxOrders: 40', 'maxOrders: lots'), /autofolio\.yaml:\d+: risk\.maxOrders: expected a number, got a string "lots"/),
  config('a boolean written as "yes" in quotes', swap('allowShort: false', 'allowShort: "yes"'), /autofolio\.yaml:\d+: risk\.allowShort: expected a boolean, got a string "yes"/),
  config('instruments as a string', swap(/instruments:\n( {2}- .*\n)+/, 'instruments: SPY QQQ\n'), /autofolio\.yaml:\d+: instruments: expected an array, got a string "SPY QQQ"/),
  config('a required section missing', swap(/\nrisk:\n( {2}.*\n)+/, '\n'), /autofolio\.yaml:\d+: risk: is required/),
  config('an unknown top-level key (a typo)', swap('stateDir: state', 'stateDir: state\nstatedir: other'), /autofolio\.yaml:\d+: \(top level\): unknown key "statedir"/),
  config('an unknown nested key (a typo)', swap('  maxWeight: 0.5', '  maxWieght: 0.5'), /autofolio\.yaml:\d+: risk: unknown key "maxWieght"/),
  config('an unknown broker kind', swap('  kind: paper', '  kind: schwab'), /autofolio\.yaml:\d+: broker\.kind: /),
  config('leverage cap out of range', swap('maxGrossLeverage: 1.6', 'maxGrossLeverage: 50'), /autofolio\.yaml:\d+: risk\.maxGrossLeverage: .*10/),
  config('a negative limit offset', swap('limitOffsetBps: 10', 'limitOffsetBps: -1'), /autofolio\.yaml:\d+: planning\.limitOffsetBps: /),
  config('a zero lot size', swap('{ symbol: SPY, secType: STK, currency: USD, exchange: XNYS, lotSize: 1,', '{ symbol: SPY, secType: STK, currency: USD, exchange: XNYS, lotSize: 0,'), /autofolio\.yaml:\d+: instruments\.0\.lotSize: /),
  config('a lower-case currency', swap('baseCurrency: USD', 'baseCurrency: usd'), /autofolio\.yaml:\d+: account\.baseCurrency: must be a three-letter/),
  config('cross-field: price band inside the limit offset', swap('priceBandBps: 200', 'priceBandBps: 5'), /autofolio\.yaml:\d+: risk\.priceBandBps: must be wider than planning\.limitOffsetBps/),
  config('cross-field: vol target above the leverage cap', swap('maxLeverage: 1.5', 'maxLeverage: 3'), /autofolio\.yaml:\d+: strategy\.volTarget\.maxLeverage: exceeds risk\.maxGrossLeverage/),
  config('cross-field: a symbol listed twice', swap('  - { symbol: QQQ,', '  - { symbol: SPY,'), /autofolio\.yaml:\d+: instruments\.1\.symbol: duplicate symbol SPY/),
  config('cross-field: a CAD instrument without its FX pair', swap(/ {2}- \{ symbol: USDCAD.*\n/, ''), /autofolio\.yaml:\d+: instruments: instruments in CAD need an FX pair/),
  config('cross-field: a fixed weight for an unknown symbol', swap(/strategy:\n {2}kind: inverse-vol[\s\S]*?maxLeverage: 1.5\n/, 'strategy:\n  kind: fixed\n  weights: { SPY: 0.5, AAPL: 0.5 }\n'), /autofolio\.yaml:\d+: strategy\.weights\.AAPL: unknown symbol AAPL/),
  config('a password in the config', swap('  kind: paper ', `  password: "${LEVERAGE_SECRET}"\n  kind: paper `), /autofolio\.yaml:\d+: broker\.password: secrets never go in the config file.*AUTOFOLIO_PAPER_PASSWORD/, { mustNotShow: LEVERAGE_SECRET }),
  config('an SMTP password in the config', swap('  outbox: outbox', `  outbox: outbox\n  smtp: { host: mail.example.com, password: ${LEVERAGE_SECRET} }`), /autofolio\.yaml:\d+: notify\.smtp\.password: secrets never go in the config file.*AUTOFOLIO_SMTP_PASSWORD/, { mustNotShow: LEVERAGE_SECRET }),
  config('an API token in the config', swap('account:\n', `account:\n  apiToken: ${LEVERAGE_SECRET}\n`), /autofolio\.yaml:\d+: account\.apiToken: secrets never go in the config file/, { mustNotShow: LEVERAGE_SECRET }),
  config('a secret on a line that breaks the YAML', swap('  kind: paper ', `  password: "${LEVERAGE_SECRET}\n  kind: paper `), /autofolio\.yaml:\d+: invalid YAML/, { mustNotShow: LEVERAGE_SECRET }),
  config('a data folder that does not exist', swap('dataDir: data ', 'dataDir: nodata '), /nodata: the data folder does not exist: check dataDir in the config/),

  // Forecast files from an external model (strategy.kind: external).
  forecast('valid.csv', 0, undefined, { sends: true }),
  forecast('valid.json', 0, undefined, { sends: true }),
  forecast('bom.csv', 0, undefined, { sends: true }),
  forecast('missing-column.csv', 1, /forecast\.csv:1: bad header: missing source/),
  forecast('nan-weight.csv', 1, /forecast\.csv:4: weight "NaN" is not a number/),
  forecast('non-numeric-weight.csv', 1, /forecast\.csv:5: weight "abc" is not a number/),
  forecast('infinite-weight.csv', 1, /forecast\.csv:8: weight "1e999" is not a finite number/),
  forecast('negative-weight.csv', 1, /forecast\.csv:7: short weight -0\.15 for TLT, but risk\.allowShort is false/),
  forecast('over-the-cap.csv', 1, /forecast\.csv:2: gross exposure .* exceeds risk\.maxGrossLeverage 1\.6/),
  forecast('duplicate-symbol.csv', 1, /forecast\.csv:6: duplicate symbol "SPY", also on line 2/),
  forecast('unknown-symbol.csv', 1, /forecast\.csv:13: unknown symbol "AAPL"/),
  forecast('stale.csv', 1, /forecast\.csv:2: stale: made at 2025-11-14T17:00:00\.000Z/),
  forecast('future.csv', 1, /forecast\.csv:2: as-of 2025-11-14T23:00:00\.000Z is 150\.0 min in the future/),
  forecast('as-of-without-zone.csv', 1, /forecast\.csv:6: as_of "2025-11-14T20:30:00" is not an ISO-8601 time with a zone/),
  forecast('leverage-differs.csv', 1, /forecast\.csv:9: leverage 1\.2 differs from 1 on line 2/),
  forecast('pandas-index.csv', 1, /forecast\.csv:1: bad header: the first column has no name/),
  forecast('cut-mid-row.csv', 1, /forecast\.csv:9: 2 fields, the header has 5/),
  forecast('cut-at-line-end.csv', 1, /forecast\.csv:8: no weight for IEF, LQD, GLD, VNQ, XIU/),
  forecast('cut-in-last-field.csv', 1, /forecast\.csv:12: source "corpus-mo" differs from "corpus-model" on line 2/),
  forecast('empty.csv', 1, /forecast\.csv: empty file/),
  forecast('header-only.csv', 1, /forecast\.csv:2: no rows/),
  forecast('latin1.csv', 1, /forecast\.csv:2: bytes that are not UTF-8 text/),
  forecast('utf16.csv', 1, /forecast\.csv:1: (bytes that are not UTF-8|a NUL byte)/),
  { ...forecast('valid.csv', 1, /forecast\.csv: missing: no strategy or model wrote a forecast/), name: 'forecast missing', write: (path) => rmSync(path, { force: true }) },
  { ...forecast('valid.csv', 1, /forecast\.csv: \d+ bytes, above the limit of 16777216 for a forecast file/), name: 'forecast huge (sparse, 20 MiB)', write: sparse(20 * 1024 * 1024) },
  forecast('cut.json', 1, /forecast\.json:9: malformed JSON/),
  forecast('array.json', 1, /forecast\.json: the top level must be an object/),
  forecast('missing-symbol.json', 1, /forecast\.json at weights\.GLD: no weight for GLD/),
  forecast('null-weight.json', 1, /forecast\.json at weights\.IEF: must be a number, got null/),
  forecast('string-weight.json', 1, /forecast\.json at weights\.IEF: must be a number, got string "0\.1"/),
  forecast('nan-weight.json', 1, /forecast\.json:10: malformed JSON/),
  forecast('duplicate-symbol.json', 1, /forecast\.json at weights\.SPY: appears twice/),
  forecast('unknown-field.json', 1, /forecast\.json at leverge: unknown field/),
  forecast('stale.json', 1, /forecast\.json at asOf: stale/),

  // Market data (SPY.csv of the sample data, 1,812 lines; the newest bar is line 1812).
  market('a gap in the middle (a missing day): markets close, so it is not an error', lines((rows) => [...rows.slice(0, 1000), ...rows.slice(1007)]), 0),
  market('a gap at the end that leaves the last quote stale', lines((rows) => rows.slice(0, -3)), 2, /SPY: quote is 120\.0 minutes old/),
  market('a missing column', lines((rows) => rows.map((row) => row.slice(0, row.lastIndexOf(',')))), 1, /SPY\.csv:1: missing column "volume"/),
  market('a duplicate timestamp', lines((rows) => [...rows.slice(0, 901), rows[900]!, ...rows.slice(901)]), 1, /SPY\.csv:902: duplicate timestamp/),
  market('two rows swapped', lines((rows) => [...rows.slice(0, 1199), rows[1200]!, rows[1199]!, ...rows.slice(1201)]), 1, /SPY\.csv:1201: timestamp .* is before the previous row's/),
  market('a zero price', lines(setField(700, 3, '0')), 1, /SPY\.csv:700: low 0 must be positive/),
  market('a negative price', lines(setField(701, 1, '-5.5')), 1, /SPY\.csv:701: open -5\.5 must be positive/),
  market('an absurd price', lines((rows) => setField(702, 4, '1e9')(setField(702, 2, '1e9')(rows))), 1, /SPY\.csv:702: high 1000000000 is absurd/),
  market('high below low', lines((rows) => { const f = rows[703 - 1]!.split(','); [f[2], f[3]] = [f[3]!, f[2]!]; rows[703 - 1] = f.join(','); return rows; }), 1, /SPY\.csv:703: high .* is below low/),
  market('a non-numeric volume', lines(setField(300, 5, 'n/a')), 1, /SPY\.csv:300: volume "n\/a" is not a number/),
  market('a time without a zone', lines((rows) => { rows[399] = rows[399]!.replace('Z,', ','); return rows; }), 1, /SPY\.csv:400: unparseable time/),
  market('a blank line in the middle', lines((rows) => [...rows.slice(0, 50), '', ...rows.slice(50)]), 1, /SPY\.csv:51: blank line in the middle/),
  market('a file cut in the middle of a row', edited((text) => text.slice(0, text.indexOf('\n', text.length >> 1) + 30)), 1, /SPY\.csv:908: row cut short: 3 of 6 fields/),
  market('a non-UTF-8 byte inside the real file', (path, original) => { const bytes = Buffer.from(original!); bytes[bytes.indexOf('\n2025-06-02T') + 20] = 0xff; writeFileSync(path, bytes); }, 1, /SPY\.csv:\d+: bytes that are not UTF-8 text/),
  market('latin-1 text (corpus file)', corpusFile('market/latin1-byte.csv'), 1, /SPY\.csv:3: bytes that are not UTF-8 text/),
  market('UTF-16 text (corpus file)', corpusFile('market/utf16.csv'), 1, /SPY\.csv:1: (bytes that are not UTF-8|a NUL byte)/),
  market('NUL bytes (corpus file)', corpusFile('market/nul-bytes.csv'), 1, /SPY\.csv:2: a NUL byte/),
  market('an empty file', (path) => writeFileSync(path, ''), 1, /SPY\.csv:1: empty file/),
  market('a header only', (path) => writeFileSync(path, 'time,open,high,low,close,volume\n'), 1, /SPY\.csv:1: no bars: the file has a header only/),
  market('a missing file', (path) => rmSync(path), 1, /SPY\.csv: missing file/),
  market('an absurd file (sparse, 200 MiB)', sparse(200 * 1024 * 1024), 1, /SPY\.csv: 200 MiB, above the limit of 128 MiB for one bar file/),
  market('a huge valid file (1,000,000 hourly rows)', manyBars(1_000_000), 0),
  { ...market('a negative FX rate', lines(setField(100, 4, '-1.38')), 1, /USDCAD\.csv:100: close -1\.38 must be positive/), target: 'data/USDCAD.csv' },
];
