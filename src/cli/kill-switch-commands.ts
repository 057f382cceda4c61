import { existsSync, rmSync } from 'node:fs';
import type { Command } from 'commander';
import { openAccount, type OpenAccount } from '../app/open-account.js';
import { alertFailure } from '../app/alert-failure.js';
import { loadConfig, requireNotify, type LoadedConfig } from '../config/load.js';
import { accountPaths } from '../cycle/account-paths.js';
import { writeFileAtomic } from '../io/atomic-file.js';
import { wallClock } from '../domain/clock.js';

export function registerKillSwitchCommands(program: Command): void {
  program
    .command('halt')
    .description('Set the kill switch: every run sends nothing until `autofolio resume`')
    .option('--reason <text>', 'why, recorded and announced')
    .action(async (options: { reason?: string }, command: Command) => {
      const config = loadConfig(command.optsWithGlobals<{ config: string }>().config);
      try {
        await withAccount(config, async (account) => {
          await account.deps.journal.record({ killSwitch: { halted: true, ...(options.reason ? { reason: options.reason } : {}), source: 'command', at: wallClock.now() } });
          await announce(account, `halted${options.reason ? `: ${options.reason}` : ''}`);
          console.log(`halted${options.reason ? `: ${options.reason}` : ''}. No order will be sent until \`autofolio resume\`.`);
        });
      } catch (error) {
        // The kill switch must work when the database does not (corrupt, read-only, full): the
        // HALT file stops every run at the risk gate just the same, and needs no database.
        const haltFile = accountPaths(requireNotify(config)).haltFile;
        const reason = error instanceof Error ? error.message : String(error);
        writeFileAtomic(haltFile, `${options.reason ?? 'halted by `autofolio halt`'} (the database could not record it: ${reason})\n`);
        console.error(`autofolio: the kill switch could not be recorded in the database: ${reason}`);
        console.log(`halted by the file ${haltFile} instead. No order will be sent while it exists; \`autofolio resume\` (once the database opens) or deleting the file ends the halt.`);
        console.error(`autofolio: ${await alertFailure(config, `halt (set by the file ${haltFile} instead)`, error)}`);
      }
    });
  program
    .command('resume')
    .description('Clear the kill switch (the command and the HALT file)')
    .action(async (_options: unknown, command: Command) => {
      await withAccount(loadConfig(command.optsWithGlobals<{ config: string }>().config), async (account) => {
        await account.deps.journal.record({ killSwitch: { halted: false, source: 'command', at: wallClock.now() } });
        const fileRemoved = existsSync(account.paths.haltFile);
        if (fileRemoved) rmSync(account.paths.haltFile);
        await announce(account, `resumed${fileRemoved ? ` (removed ${account.paths.haltFile})` : ''}`);
        console.log('resumed: the next run trades again.');
      });
    });
}

async function withAccount(config: LoadedConfig, body: (account: OpenAccount) => Promise<void>): Promise<void> {
  // The kill switch must work when the market data or broker is broken, so the clock is the wall's.
  const account = await openAccount(config, { clock: wallClock });
  try {
    await body(account);
  } finally {
    await account.close();
  }
}

// Every change of the kill switch is recorded and announced.
async function announce(account: OpenAccount, what: string): Promise<void> {
  const id = account.deps.config.account.id;
  await account.deps.notifier.send({ kind: 'alert', subject: `[autofolio] ${id} kill switch ${what}`, text: `The kill switch of account ${id} was ${what} at ${new Date().toISOString()} from the command line.\n` });
}
