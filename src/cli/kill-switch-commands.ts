import { existsSync, rmSync } from 'node:fs';
import type { Command } from 'commander';
import { openAccount, type OpenAccount } from '../app/open-account.js';
import { loadConfig } from '../config/load.js';
import { wallClock } from '../domain/clock.js';

export function registerKillSwitchCommands(program: Command): void {
  program
    .command('halt')
    .description('Set the kill switch: every run sends nothing until `autofolio resume`')
    .option('--reason <text>', 'why, recorded and announced')
    .action(async (options: { reason?: string }, command: Command) => {
      await withAccount(command, async (account) => {
        await account.deps.journal.record({ killSwitch: { halted: true, ...(options.reason ? { reason: options.reason } : {}), source: 'command', at: wallClock.now() } });
        await announce(account, `halted${options.reason ? `: ${options.reason}` : ''}`);
        console.log(`halted${options.reason ? `: ${options.reason}` : ''}. No order will be sent until \`autofolio resume\`.`);
      });
    });
  program
    .command('resume')
    .description('Clear the kill switch (the command and the HALT file)')
    .action(async (_options: unknown, command: Command) => {
      await withAccount(command, async (account) => {
        await account.deps.journal.record({ killSwitch: { halted: false, source: 'command', at: wallClock.now() } });
        const fileRemoved = existsSync(account.paths.haltFile);
        if (fileRemoved) rmSync(account.paths.haltFile);
        await announce(account, `resumed${fileRemoved ? ` (removed ${account.paths.haltFile})` : ''}`);
        console.log('resumed: the next run trades again.');
      });
    });
}

async function withAccount(command: Command, body: (account: OpenAccount) => Promise<void>): Promise<void> {
  const config = loadConfig(command.optsWithGlobals<{ config: string }>().config);
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
