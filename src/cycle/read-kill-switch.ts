import type { CycleDeps } from './cycle-deps.js';

export interface KillSwitchReading {
  readonly halted: boolean;
  readonly reason?: string;
}

// Shared, as it is read before every order sent; frozen, so that no caller can change it for the others.
const NOT_HALTED: KillSwitchReading = Object.freeze({ halted: false });

/**
 * The kill switch is halted by `autofolio halt` (recorded in the journal) or by a HALT file in
 * the state folder. Read afresh at every call, because another process (the `halt` command, a
 * person creating the file) may set it while a run is sending.
 */
export function readKillSwitch(deps: Pick<CycleDeps, 'journal' | 'files'>): Promise<KillSwitchReading> {
  // A continuation rather than an async function: it is read before every order sent, and an
  // async call makes a frame object and an await's closures on top of the same promise.
  try {
    return deps.journal.killSwitch().then((recorded) => {
      if (recorded.halted) return { halted: true, reason: `halted${recorded.reason ? `: ${recorded.reason}` : ''} (${recorded.source ?? 'command'})` };
      const file = deps.files.haltFile();
      if (file) return { halted: true, reason: `halted by the file ${file.path}${file.text ? `: ${file.text}` : ''}` };
      return NOT_HALTED;
    });
  } catch (error) {
    return Promise.reject(error);
  }
}
