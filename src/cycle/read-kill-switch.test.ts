import { describe, expect, it } from 'vitest';
import { MemoryJournal } from '../store/memory-journal.js';
import type { AccountFiles } from './account-files.js';
import type { Journal } from './journal.js';
import { readKillSwitch } from './read-kill-switch.js';

function filesWith(halt: { path: string; text: string } | undefined): AccountFiles {
  return { haltFile: () => halt } as unknown as AccountFiles;
}

describe('readKillSwitch', () => {
  it('says why the run is halted: the recorded halt before the HALT file, the file when nothing is recorded', async () => {
    const journal = new MemoryJournal();
    expect(await readKillSwitch({ journal, files: filesWith(undefined) })).toEqual({ halted: false });
    expect(await readKillSwitch({ journal, files: filesWith({ path: '/state/HALT', text: 'going away' }) })).toEqual({ halted: true, reason: 'halted by the file /state/HALT: going away' });
    await journal.record({ killSwitch: { halted: true, reason: 'audit', source: 'command', at: 1 } });
    expect(await readKillSwitch({ journal, files: filesWith({ path: '/state/HALT', text: '' }) })).toEqual({ halted: true, reason: 'halted: audit (command)' });
  });

  it('fails as a rejected promise, never a throw, whether the journal throws or the file cannot be read', async () => {
    const throwing = { killSwitch: () => { throw new Error('journal gone'); } } as unknown as Journal;
    const read = readKillSwitch({ journal: throwing, files: filesWith(undefined) });
    await expect(read).rejects.toThrow('journal gone');
    const files = { haltFile: () => { throw new Error('cannot stat'); } } as unknown as AccountFiles;
    await expect(readKillSwitch({ journal: new MemoryJournal(), files })).rejects.toThrow('cannot stat');
  });
});
