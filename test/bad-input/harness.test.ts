import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { partialWrites, stateFiles } from './harness.js';

// The corpus relies on partialWrites to see damage; these show that it does.
describe('partialWrites', () => {
  let state: string;
  beforeEach(() => {
    state = mkdtempSync(join(tmpdir(), 'autofolio-harness-'));
    mkdirSync(join(state, 'snapshots'));
    writeFileSync(join(state, 'trades.csv'), 'time,runId\n1,a\n');
    writeFileSync(join(state, 'autofolio.sqlite'), 'db');
  });
  afterEach(() => rmSync(state, { recursive: true, force: true }));

  it('finds nothing when a run only adds whole records of its own', () => {
    const before = stateFiles(state);
    writeFileSync(join(state, 'autofolio.sqlite'), 'db changed');
    writeFileSync(join(state, 'snapshots', 'r-1.json'), '{"nlv": 1}');
    expect(partialWrites(state, before, stateFiles(state), { allowChanged: ['autofolio.sqlite'] })).toEqual([]);
  });

  it('finds a changed journal, a temporary file, a torn snapshot and a stray file', () => {
    const before = stateFiles(state);
    writeFileSync(join(state, 'trades.csv'), 'time,runId\n1,a\n2,b\n');
    writeFileSync(join(state, '.trades.csv.123.abc.tmp'), 'x');
    writeFileSync(join(state, 'snapshots', 'r-2.json'), '{"nlv": ');
    writeFileSync(join(state, 'stray.txt'), 'x');
    expect(partialWrites(state, before, stateFiles(state), { allowChanged: [] }).sort()).toEqual([
      'new file snapshots/r-2.json is not whole JSON',
      'temporary file .trades.csv.123.abc.tmp left behind',
      'trades.csv changed',
      'unexpected new file .trades.csv.123.abc.tmp',
      'unexpected new file stray.txt',
    ]);
  });
});
