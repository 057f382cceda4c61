import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import Database from 'better-sqlite3';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { autofolio, type CliResult } from './cli.js';
import { logLines } from './log-lines.js';

// Distinct values that cannot appear by chance. The token holds characters that HTML, URLs and
// quoted-printable encode differently, so a leak in any of those forms is still a leak.
const SECRETS = {
  AUTOFOLIO_SMTP_PASSWORD: 'smtp-pw-7f3a9c1e-Ω',
  AUTOFOLIO_IB_PASSWORD: 'ib-pw-2b8d4e6f0a',
  AUTOFOLIO_DATA_TOKEN: 'tok_5c1e<&>9a7b"3d=',
  BROKER_API_KEY: 'key-0d9c8b7a6f5e',
};
const NOW = '2025-11-14T20:30:00Z';
const SYMBOLS = ['SPY', 'QQQ', 'IWM', 'EFA', 'EEM', 'TLT', 'IEF', 'LQD', 'GLD', 'VNQ', 'XIU'];

/** The forms a secret could take in stored text: verbatim, HTML-escaped, URL-encoded, base64. */
function forms(secret: string): string[] {
  const html = secret.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  return [secret, html, encodeURIComponent(secret), Buffer.from(secret).toString('base64')];
}

function leaks(where: string, text: string): string[] {
  return Object.entries(SECRETS).flatMap(([name, secret]) => forms(secret).filter((form) => text.includes(form)).map(() => `${name} in ${where}`));
}

function walk(folder: string): { files: string[]; folders: string[] } {
  const files: string[] = [];
  const folders: string[] = [folder];
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      const inner = walk(path);
      files.push(...inner.files);
      folders.push(...inner.folders);
    } else files.push(path);
  }
  return { files, folders };
}

/** Every value of every row, table by table: the journal, runs, orders, snapshots, outbox… */
function databaseText(file: string): Map<string, string> {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db.prepare("select name from sqlite_master where type = 'table'").all() as { name: string }[];
    return new Map(tables.map(({ name }) => [name, (db.prepare(`select * from "${name}"`).raw().all() as unknown[][]).flat().map((v) => (Buffer.isBuffer(v) ? v.toString('utf8') : String(v))).join('\n')]));
  } finally {
    db.close();
  }
}

function modeProblems(state: string): string[] {
  const { files, folders } = walk(state);
  return [
    ...folders.filter((f) => (statSync(f).mode & 0o777) !== 0o700).map((f) => `${relative(state, f) || '.'}/ is ${(statSync(f).mode & 0o777).toString(8)}`),
    ...files.filter((f) => (statSync(f).mode & 0o777) !== 0o600).map((f) => `${relative(state, f)} is ${(statSync(f).mode & 0o777).toString(8)}`),
  ];
}

describe.skipIf(process.platform === 'win32')('secrets from the environment never reach an output, and account files are the owner’s only', () => {
  let dir: string;
  let config: string;
  let state: string;
  const outputs: { what: string; result: CliResult }[] = [];
  const modesSeen: { when: string; problems: string[] }[] = [];

  const cli = async (what: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> => {
    const result = await autofolio([...args, '--config', config], { cwd: dir, env: { ...SECRETS, ...env } });
    outputs.push({ what, result });
    return result;
  };
  const forecast = (source: string, rows = SYMBOLS): string =>
    `symbol,weight,leverage,as_of,source\n${rows.map((s) => `${s},0.09,1,${NOW},${source}`).join('\n')}\n`;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'autofolio-secrets-'));
    expect((await autofolio(['init', dir])).code).toBe(0);
    config = join(dir, 'autofolio.yaml');
    state = join(dir, 'state');
    const starter = readFileSync(config, 'utf8');

    expect((await cli('a successful run', ['run'])).code).toBe(0);
    modesSeen.push({ when: 'after a successful run', problems: modeProblems(state) });
    expect((await cli('status', ['status'])).code).toBe(0);
    expect((await cli('status --json', ['status', '--json'])).code).toBe(0);

    // An external model that puts its data URL, token and all, in the source column: a
    // realistic slip. Rows that disagree on the source make the reader quote it in its error,
    // which then travels to the journal, the alert e-mail and stdout.
    writeFileSync(config, starter.replace(/strategy:\n {2}kind: inverse-vol[\s\S]*?maxLeverage: 1.5\n/, 'strategy:\n  kind: external\n'));
    const url = `https://data.example.com/v1?token=${SECRETS.AUTOFOLIO_DATA_TOKEN}`;
    writeFileSync(join(state, 'forecast.csv'), forecast(url).replace(`XIU,0.09,1,${NOW},${url}`, `XIU,0.09,1,${NOW},${url}&v=2`));
    expect((await cli('a run failing on the forecast', ['run'])).code).toBe(1);
    modesSeen.push({ when: 'after a failed run with an alert', problems: modeProblems(state) });
    // The same model with a sane source, then the owner's token in a bad weight's neighbour.
    writeFileSync(join(state, 'forecast.csv'), forecast('model').replace('SPY,0.09', `SPY,${SECRETS.BROKER_API_KEY}`));
    expect((await cli('a run failing on a weight', ['run'])).code).toBe(1);
    writeFileSync(config, starter);

    expect((await cli('halt', ['halt', '--reason', 'earnings week'])).code).toBe(0);
    expect((await cli('a run while halted', ['run'])).code).toBe(2);
    expect((await cli('resume', ['resume'])).code).toBe(0);
    expect((await cli('a dry run', ['run', '--dry-run'])).code).toBe(0);
    expect((await cli('the end-of-day run', ['run', '--end-of-day'])).code).toBe(0);
    expect((await cli('status after everything', ['status', '--json'])).code).toBe(0);

    // A run killed in the middle leaves the SQLite -wal and -shm files behind: they hold
    // account data too.
    const killed = await cli('a run killed before its snapshot', ['run'], { AUTOFOLIO_FAULT: 'step:snapshot' });
    expect(killed.signal).toBe('SIGKILL');
    modesSeen.push({ when: 'after a run killed mid-way', problems: modeProblems(state) });
  }, 600_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the secrets were in the environment of every command, so the search below can find them', () => {
    // The one place a value is allowed: this test's own record of the environment it passed.
    expect(outputs.length).toBeGreaterThan(10);
    expect(Object.values(SECRETS).every((s) => s.length > 8)).toBe(true);
  });

  it('no stdout or stderr of run, status, halt or resume holds a secret, even when a failing input quotes one', () => {
    expect(outputs.some(({ what }) => /failing on (the forecast|a weight)/.test(what))).toBe(true);
    expect(outputs.flatMap(({ what, result }) => leaks(`output of ${what}`, result.stdout + result.stderr))).toEqual([]);
  });

  it('every log line of a run is JSON with the account, its run id and a step, and none holds a secret, JSON-escaped or not', () => {
    const runs = outputs.filter(({ what }) => / run\b/.test(what) && !what.includes('killed'));
    expect(runs.length).toBeGreaterThanOrEqual(6);
    for (const { what, result } of runs) {
      const lines = logLines(result.stderr, { plainPrefix: 'autofolio: ' });
      expect(lines.length, what).toBeGreaterThan(10);
      for (const line of lines) {
        expect(line, what).toMatchObject({ account: 'PAPER-1', runId: expect.stringMatching(/^r-/) as unknown, step: expect.any(String) as unknown });
      }
      const steps = new Set(lines.map((line) => line.step));
      expect([...steps], what).toEqual(expect.arrayContaining(['run', 'connect', 'read-forecast', 'disconnect']));
      const jsonForms = Object.values(SECRETS).map((secret) => JSON.stringify(secret).slice(1, -1));
      expect(jsonForms.filter((form) => result.stderr.includes(form)), what).toEqual([]);
    }
  });

  it('no file of the account (order files, trades CSV, snapshots, forecast, outbox, lock) holds a secret', () => {
    const { files } = walk(state);
    expect(files.length).toBeGreaterThan(5);
    expect(files.filter((f) => !/\.sqlite(-wal|-shm)?$/.test(f)).flatMap((f) => leaks(relative(state, f), readFileSync(f, 'latin1') + readFileSync(f, 'utf8')))).toEqual([]);
  });

  it('no row of any table (journal, runs, orders, fills, snapshots, days, queued e-mails…) holds a secret', () => {
    const tables = databaseText(join(state, 'autofolio.sqlite'));
    expect(tables.get('journal')).toContain('read-forecast');
    expect(tables.get('journal')).toContain('[redacted]');
    expect(tables.size).toBeGreaterThan(5);
    expect([...tables].flatMap(([name, text]) => leaks(`table ${name}`, text))).toEqual([]);
  });

  it('no e-mail, decoded (subject, text, HTML, attachments), holds a secret, and the failing runs did send alerts', async () => {
    const outbox = join(state, 'outbox');
    const emls = existsSync(outbox) ? readdirSync(outbox).filter((f) => f.endsWith('.eml')) : [];
    const mails = await Promise.all(emls.map(async (f) => ({ f, mail: await simpleParser(readFileSync(join(outbox, f))) })));
    const alerts = mails.filter(({ mail }) => /ERROR/.test(mail.subject ?? ''));
    expect(alerts.length).toBeGreaterThanOrEqual(2);
    const found = mails.flatMap(({ f, mail }) =>
      leaks(`e-mail ${f}`, [mail.subject ?? '', mail.text ?? '', typeof mail.html === 'string' ? mail.html : '', ...mail.attachments.map((a) => a.content.toString('utf8')), readFileSync(join(outbox, f), 'utf8')].join('\n')),
    );
    expect(found).toEqual([]);
  });

  it('every file in the state folder is 0600 and every folder 0700, the SQLite -wal and -shm files included', () => {
    const { files } = walk(state);
    expect(files.some((f) => f.endsWith('.sqlite-wal')), 'the killed run should leave a -wal file').toBe(true);
    expect(modesSeen).toEqual(modesSeen.map(({ when }) => ({ when, problems: [] })));
  });
});
