import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { autofolio } from './cli.js';

describe('autofolio init and git work trees', () => {
  const dir = mkdtempSync(join(tmpdir(), 'autofolio-init-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('warns when the account would land inside a git work tree (a clone of autofolio), and sets it up all the same', async () => {
    const clone = join(dir, 'clone');
    mkdirSync(join(clone, '.git'), { recursive: true });
    const inside = await autofolio(['init', join(clone, 'my-account')]);
    expect(inside.code, inside.stderr).toBe(0);
    expect(inside.stderr).toContain(`is inside the git work tree ${clone}; the account's database, orders and e-mails would be one \`git add\` away from a commit`);
  });

  it('says nothing of git for a folder outside any work tree', async () => {
    const outside = await autofolio(['init', join(dir, 'elsewhere', 'my-account')]);
    expect(outside.code, outside.stderr).toBe(0);
    expect(outside.stderr).not.toMatch(/git/);
  });
});
