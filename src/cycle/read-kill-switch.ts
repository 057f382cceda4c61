import type { CycleDeps } from './cycle-deps.js';
import type { KillSwitchState } from './journal.js';

export interface KillSwitchReading {
  readonly halted: boolean;
  readonly reason?: string;
}

// Shared, as it is read before every order sent; frozen, so that no caller can change it for the others.
const NOT_HALTED: KillSwitchReading = Object.freeze({ halted: false });

type KillSwitchDeps = Pick<CycleDeps, 'journal' | 'files'>;

/**
 * The kill switch is halted by `autofolio halt` (recorded in the journal) or by a HALT file in
 * the state folder. Read afresh at every call, because another process (the `halt` command, a
 * person creating the file) may set it while a run is sending.
 */
export function readKillSwitch(deps: KillSwitchDeps): Promise<KillSwitchReading> {
  return killSwitchReader(deps)();
}

/**
 * A reader of the kill switch for `deps`, to make once and call before every order: each call
 * reads the journal and the HALT file afresh, as readKillSwitch does, but the continuation that
 * interprets the journal's answer is made once with the reader rather than once per reading.
 * A call fails as a rejected promise, never a throw.
 */
export function killSwitchReader(deps: KillSwitchDeps): () => Promise<KillSwitchReading> {
  return new KillSwitchReader(deps).read;
}

class KillSwitchReader {
  readonly #deps: KillSwitchDeps;

  constructor(deps: KillSwitchDeps) {
    this.#deps = deps;
  }

  // A continuation rather than an async function: it is read before every order sent, and an
  // async call makes a frame object and an await's closures on top of the same promise.
  readonly read = (): Promise<KillSwitchReading> => {
    try {
      return this.#deps.journal.killSwitch().then(this.#interpret);
    } catch (error) {
      return Promise.reject(error);
    }
  };

  readonly #interpret = (recorded: KillSwitchState): KillSwitchReading => {
    if (recorded.halted) return { halted: true, reason: `halted${recorded.reason ? `: ${recorded.reason}` : ''} (${recorded.source ?? 'command'})` };
    const file = this.#deps.files.haltFile();
    if (file) return { halted: true, reason: `halted by the file ${file.path}${file.text ? `: ${file.text}` : ''}` };
    return NOT_HALTED;
  };
}
