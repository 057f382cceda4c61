import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { autofolio } from './cli.js';

const RECORDER = new URL('./record-intl.js', import.meta.url).href;

// The first Intl object a process makes loads ICU's locale data, which cost more than all the
// rest `autofolio status` does: status reads what it needs of time zones from the user's cache
// and formats numbers by hand, so once a command has filled the cache it loads none.
describe('autofolio status without Intl', () => {
  const dir = mkdtempSync(join(tmpdir(), 'autofolio-intl-'));
  const account = join(dir, 'account');
  const cache = join(dir, 'cache');
  let count = 0;

  async function intlUse(args: readonly string[]): Promise<{ stdout: string; intl: Record<string, number> }> {
    const file = join(dir, `intl-${++count}.json`);
    const result = await autofolio(args, { cwd: account, env: { NODE_OPTIONS: `--import=${RECORDER}`, AUTOFOLIO_TEST_INTL: file, AUTOFOLIO_CACHE_DIR: cache } });
    expect(result.code, result.stderr).toBe(0);
    return { stdout: result.stdout, intl: JSON.parse(readFileSync(file, 'utf8')) as Record<string, number> };
  }

  beforeAll(async () => {
    const init = await autofolio(['init', account]);
    expect(init.code, init.stderr).toBe(0);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the first command derives the zone from Intl, and status after it creates no Intl object', async () => {
    const run = await intlUse(['run']);
    expect(run.intl['Intl.DateTimeFormat']).toBeGreaterThan(0);
    const status = await intlUse(['status']);
    expect(status.stdout).toMatch(/NLV [\d,]+\.\d\d USD .* as of \d{4}-\d\d-\d\d \d\d:\d\d E[SD]T/);
    expect(status.stdout).toMatch(/next trigger trade at \d{4}-\d\d-\d\d \d\d:\d\d E[SD]T/);
    expect(status.intl).toEqual({});
  });

  it('autofolio run --help creates no Intl object either', async () => {
    expect((await intlUse(['run', '--help'])).intl).toEqual({});
  });
});
