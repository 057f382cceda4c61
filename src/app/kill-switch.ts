import { existsSync, rmSync } from 'node:fs';
import { alertFailure } from './alert-failure.js';
import { openAccount, type OpenAccount } from './open-account.js';
import { requireNotify, type LoadedConfig } from '../config/load.js';
import { accountPaths } from '../cycle/account-paths.js';
import { wallClock } from '../domain/clock.js';
import { writeFileAtomic } from '../io/atomic-file.js';

/** Where a change of the kill switch was asked for: recorded as its source and said in the announcement. */
export type KillSwitchOrigin = 'command' | 'dashboard';

const FROM: Readonly<Record<KillSwitchOrigin, string>> = { command: 'the command line', dashboard: 'the dashboard' };
const HALTED_BY: Readonly<Record<KillSwitchOrigin, string>> = { command: 'halted by `autofolio halt`', dashboard: 'halted from the dashboard' };

export type HaltOutcome =
  | { readonly recordedIn: 'database' }
  /** The database failed: the HALT file stops every run instead, and the owner was alerted. */
  | { readonly recordedIn: 'file'; readonly haltFile: string; readonly error: string; readonly alert: string };

/**
 * Sets the kill switch, records it in the journal and announces it to the owner: the one way to
 * halt, for `autofolio halt` and the dashboard alike.
 */
export async function haltTrading(config: LoadedConfig, reason: string | undefined, origin: KillSwitchOrigin): Promise<HaltOutcome> {
  try {
    await withAccount(config, async (account) => {
      await account.deps.journal.record({ killSwitch: { halted: true, ...(reason ? { reason } : {}), source: origin, at: wallClock.now() } });
      await announce(account, `halted${reason ? `: ${reason}` : ''}`, origin);
    });
    return { recordedIn: 'database' };
  } catch (error) {
    // The kill switch must work when the database does not (corrupt, read-only, full): the
    // HALT file stops every run at the risk gate just the same, and needs no database.
    const haltFile = accountPaths(requireNotify(config)).haltFile;
    const cause = error instanceof Error ? error.message : String(error);
    writeFileAtomic(haltFile, `${reason ?? HALTED_BY[origin]} (the database could not record it: ${cause})\n`);
    const alert = await alertFailure(config, `halt (set by the file ${haltFile} instead)`, error);
    return { recordedIn: 'file', haltFile, error: cause, alert };
  }
}

/** Clears the kill switch (the recorded one and the HALT file), recorded and announced. Returns the HALT file removed, if any. */
export async function resumeTrading(config: LoadedConfig, origin: KillSwitchOrigin): Promise<{ readonly haltFileRemoved?: string }> {
  return withAccount(config, async (account) => {
    await account.deps.journal.record({ killSwitch: { halted: false, source: origin, at: wallClock.now() } });
    const fileRemoved = existsSync(account.paths.haltFile);
    if (fileRemoved) rmSync(account.paths.haltFile);
    await announce(account, `resumed${fileRemoved ? ` (removed ${account.paths.haltFile})` : ''}`, origin);
    return fileRemoved ? { haltFileRemoved: account.paths.haltFile } : {};
  });
}

async function withAccount<T>(config: LoadedConfig, body: (account: OpenAccount) => Promise<T>): Promise<T> {
  // The kill switch must work when the market data or broker is broken, so the clock is the wall's.
  const account = await openAccount(config, { clock: wallClock });
  try {
    return await body(account);
  } finally {
    await account.close();
  }
}

// Every change of the kill switch is recorded and announced.
async function announce(account: OpenAccount, what: string, origin: KillSwitchOrigin): Promise<void> {
  const id = account.deps.config.account.id;
  await account.deps.notifier.send({ kind: 'alert', subject: `[autofolio] ${id} kill switch ${what}`, text: `The kill switch of account ${id} was ${what} at ${new Date().toISOString()} from ${FROM[origin]}.\n` });
}
