import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { autofolio } from './cli.js';

describe('autofolio init and the user cache', () => {
  const dir = mkdtempSync(join(tmpdir(), 'autofolio-init-cache-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('validates the config it wrote, so that the first command after it finds the validated form cached', async () => {
    const cache = join(dir, 'cache');
    const account = join(dir, 'account');
    const init = await autofolio(['init', account], { env: { AUTOFOLIO_CACHE_DIR: cache } });
    expect(init.code, init.stderr).toBe(0);
    const entries = readdirSync(cache).filter((name) => name.startsWith('config-'));
    expect(entries).toHaveLength(1);
    const entry = JSON.parse(readFileSync(join(cache, entries[0]!), 'utf8')) as { text: string };
    expect(entry.text).toBe(readFileSync(join(account, 'autofolio.yaml'), 'utf8'));
    // The first status reads that entry: it adds none of its own.
    const status = await autofolio(['status', '--config', join(account, 'autofolio.yaml')], { env: { AUTOFOLIO_CACHE_DIR: cache } });
    expect(status.code, status.stderr).toBe(0);
    expect(readdirSync(cache).filter((name) => name.startsWith('config-'))).toEqual(entries);
  });
});
