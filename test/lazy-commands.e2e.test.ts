import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { autofolio, type CliResult } from './cli.js';
import { ibAccountDir } from './ib-gateway/account-dir.js';

const RECORDER = new URL('./record-imports.js', import.meta.url).href;

// Libraries that only some commands need: the IB client, SMTP, PostgreSQL, the web server,
// the picture renderer, the browser driver. Each takes longer to load than `status` needs in all.
const ONLY_SOME_COMMANDS = ['@stoqey/ib', 'rxjs', 'nodemailer', 'pg', 'pg-boss', 'playwright-core', 'hono', '@hono/node-server', '@resvg/resvg-js', 'uplot'];

/** The packages a module URL or a require() request names (a library the build bundled apart as vendor/<name>.cjs included, and a package's file required by its path). */
function packageOf(line: string): string | undefined {
  const vendored = /(?:^require:\.\/|\/)vendor\/((?:@[^/]+\/)?[^/]+)\.cjs$/.exec(line);
  if (vendored) return vendored[1];
  if (line.startsWith('require:')) {
    const request = line.slice('require:'.length);
    // A file required by its path: a package's only if it lies in one (better-sqlite3's addon,
    // which the bundle requires by its path).
    if (request.startsWith('/')) return /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(request)?.[1];
    if (request.startsWith('.') || request.startsWith('node:')) return undefined;
    const parts = request.split('/');
    return request.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  }
  return /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(line)?.[1];
}

describe('each command loads only what it needs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'autofolio-lazy-'));
  const account = join(dir, 'account');
  let count = 0;

  /** Runs the built CLI and returns what it printed and the packages it loaded. */
  async function recorded(args: readonly string[]): Promise<{ result: CliResult; packages: Set<string> }> {
    const file = join(dir, `imports-${++count}.txt`);
    writeFileSync(file, '');
    const result = await autofolio(args, { cwd: account, env: { NODE_OPTIONS: `--import=${RECORDER}`, AUTOFOLIO_TEST_IMPORTS: file } });
    const lines = readFileSync(file, 'utf8').split('\n').filter((line) => line !== '');
    return { result, packages: new Set(lines.map(packageOf).filter((name): name is string => name !== undefined)) };
  }

  beforeAll(async () => {
    const init = await autofolio(['init', account]);
    expect(init.code, init.stderr).toBe(0);
    const run = await autofolio(['run'], { cwd: account });
    expect(run.code, run.stderr).toBe(0);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('autofolio status reads the journal (better-sqlite3) and loads none of the libraries of other commands', async () => {
    const { result, packages } = await recorded(['status']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/last run \S+ ok/);
    // The recorder sees the libraries a command does load: the journal's SQLite driver here.
    expect(packages).toContain('better-sqlite3');
    expect(ONLY_SOME_COMMANDS.filter((name) => packages.has(name))).toEqual([]);
  });

  it('autofolio status of an IB account shows the records without loading IB\'s client (nothing connects to show them)', async () => {
    // Port 1: nothing listens there, and status must not try.
    const ib = ibAccountDir(1);
    try {
      const { result, packages } = await recorded(['status', '--config', ib.config]);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain('account DU111111  trading');
      expect(packages).toContain('better-sqlite3');
      expect(ONLY_SOME_COMMANDS.filter((name) => packages.has(name))).toEqual([]);
    } finally {
      rmSync(ib.dir, { recursive: true, force: true });
    }
  });

  it('autofolio run --help opens nothing: no database driver, none of the libraries of other commands', async () => {
    const { result, packages } = await recorded(['run', '--help']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Usage: autofolio run');
    expect([...ONLY_SOME_COMMANDS, 'better-sqlite3'].filter((name) => packages.has(name))).toEqual([]);
  });

  it('autofolio backtest --sweep without --queue runs on threads and loads none of the queue\'s libraries (pg, pg-boss)', async () => {
    const { result, packages } = await recorded(['backtest', '--sweep', 'lookback=20,40', '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toHaveLength(2);
    expect(['pg', 'pg-boss'].filter((name) => packages.has(name))).toEqual([]);
  });
});
