import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { simpleParser } from 'mailparser';
import { afterAll, describe, expect, it } from 'vitest';
import { autofolio } from './cli.js';

describe('a run killed mid-way (left interrupted)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'autofolio-interrupted-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is alerted by the next run, which names it, its last step and what it did about it', async () => {
    expect((await autofolio(['init', dir])).code).toBe(0);
    const config = join(dir, 'autofolio.yaml');
    const killed = await autofolio(['run', '--config', config], { env: { AUTOFOLIO_FAULT: 'step:collect-fills' } });
    expect(killed.signal).toBe('SIGKILL');
    const rerun = await autofolio(['run', '--config', config]);
    expect(rerun.code, rerun.stderr + rerun.stdout).toBe(0);

    const db = new Database(join(dir, 'state', 'autofolio.sqlite'), { readonly: true });
    const runs = db.prepare('select id, outcome from runs order by rowid').all() as { id: string; outcome: string }[];
    db.close();
    expect(runs.map((r) => r.outcome)).toEqual(['interrupted', 'ok']);

    const outbox = join(dir, 'state', 'outbox');
    const mails = await Promise.all(readdirSync(outbox).filter((f) => f.includes('alert')).map((f) => simpleParser(readFileSync(join(outbox, f)))));
    expect(mails.map((m) => m.subject)).toEqual([`[autofolio] ERROR PAPER-1 interrupted: run ${runs[0]!.id} stopped before it finished`]);
    const text = mails[0]!.text ?? '';
    expect(text).toContain(`${runs[0]!.id} (last step recorded: send-orders)`);
    expect(text).toContain(`Run ${runs[1]!.id} found it`);
    expect(text).toMatch(/Journal of the stopped run\n(.*\n){2}.*connect\s+.*ok\n/);
  });
});
