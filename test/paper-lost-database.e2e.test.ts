import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readTrades } from '../src/store/trades-journal.js';
import { autofolio, type RunJson } from './cli.js';
import { query } from './state-db.js';

describe('a paper account whose database is lost', () => {
  const dir = mkdtempSync(join(tmpdir(), 'autofolio-paper-lost-db-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps execution ids unique: the fills after the loss are recorded in the trades CSV, none skipped as already there', async () => {
    expect((await autofolio(['init', dir])).code).toBe(0);
    const config = join(dir, 'autofolio.yaml');
    const first = await autofolio(['run', '--config', config, '--json']);
    expect(first.code, first.stderr + first.stdout).toBe(0);
    const before = readTrades(join(dir, 'state', 'trades.csv'));
    expect(before.length).toBeGreaterThan(0);

    // The database goes (disk replaced, file deleted); the state folder's files stay.
    for (const suffix of ['', '-wal', '-shm']) rmSync(join(dir, 'state', `autofolio.sqlite${suffix}`), { force: true });
    const second = await autofolio(['run', '--config', config, '--json']);
    expect(second.code, second.stderr + second.stdout).toBe(0);
    const run = JSON.parse(second.stdout) as RunJson;
    expect(run.fills).toBeGreaterThan(0);

    const recorded = query<{ exec_id: string }>(dir, 'select exec_id from fills');
    expect(recorded).toHaveLength(run.fills);
    const after = readTrades(join(dir, 'state', 'trades.csv'));
    expect(after).toHaveLength(before.length + run.fills);
    expect(new Set(after.map((t) => t.execId)).size).toBe(after.length);
    for (const { exec_id } of recorded) expect(after.some((t) => t.execId === exec_id && t.runId === run.runId)).toBe(true);
  }, 60_000);
});
