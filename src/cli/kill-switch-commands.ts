import type { Command } from 'commander';
import { haltTrading, resumeTrading } from '../app/kill-switch.js';
import { loadConfig } from '../config/load.js';

export function registerKillSwitchCommands(program: Command): void {
  program
    .command('halt')
    .description('Set the kill switch: every run sends nothing until `autofolio resume`')
    .option('--reason <text>', 'why, recorded and announced')
    .action(async (options: { reason?: string }, command: Command) => {
      const config = loadConfig(command.optsWithGlobals<{ config: string }>().config);
      const outcome = await haltTrading(config, options.reason, 'command');
      if (outcome.recordedIn === 'database') {
        console.log(`halted${options.reason ? `: ${options.reason}` : ''}. No order will be sent until \`autofolio resume\`.`);
        return;
      }
      console.error(`autofolio: the kill switch could not be recorded in the database: ${outcome.error}`);
      console.log(`halted by the file ${outcome.haltFile} instead. No order will be sent while it exists; \`autofolio resume\` (once the database opens) or deleting the file ends the halt.`);
      console.error(`autofolio: ${outcome.alert}`);
    });
  program
    .command('resume')
    .description('Clear the kill switch (the command and the HALT file)')
    .action(async (_options: unknown, command: Command) => {
      await resumeTrading(loadConfig(command.optsWithGlobals<{ config: string }>().config), 'command');
      console.log('resumed: the next run trades again.');
    });
}
