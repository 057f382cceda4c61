import { describe, expect, it } from 'vitest';
import { MemoryJournal } from '../store/memory-journal.js';
import type { AccountFiles } from './account-files.js';
import type { Journal } from './journal.js';
import { killSwitchReader, readKillSwitch } from './read-kill-switch.js';

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

describe('killSwitchReader', () => {
  it('reads afresh at every call: a halt recorded or a HALT file made after the reader is seen by its next call', async () => {
    const journal = new MemoryJournal();
    let halt: { path: string; text: string } | undefined;
    const read = killSwitchReader({ journal, files: { haltFile: () => halt } as unknown as AccountFiles });
    expect(await read()).toEqual({ halted: false });
    halt = { path: '/state/HALT', text: 'going away' };
    expect(await read()).toEqual({ halted: true, reason: 'halted by the file /state/HALT: going away' });
    halt = undefined;
    expect(await read()).toEqual({ halted: false });
    await journal.record({ killSwitch: { halted: true, reason: 'audit', source: 'command', at: 1 } });
    expect(await read()).toEqual({ halted: true, reason: 'halted: audit (command)' });
  });

  it('fails as a rejected promise, never a throw, at every call', async () => {
    let fail = true;
    const journal = new MemoryJournal();
    const flaky = { killSwitch: () => { if (fail) throw new Error('journal gone'); return journal.killSwitch(); } } as unknown as Journal;
    const read = killSwitchReader({ journal: flaky, files: filesWith(undefined) });
    await expect(read()).rejects.toThrow('journal gone');
    fail = false;
    expect(await read()).toEqual({ halted: false });
    const files = { haltFile: () => { throw new Error('cannot stat'); } } as unknown as AccountFiles;
    const unreadable = killSwitchReader({ journal, files });
    await expect(unreadable()).rejects.toThrow('cannot stat');
    await expect(unreadable()).rejects.toThrow('cannot stat');
  });
});
