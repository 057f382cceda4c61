import type { Command } from 'commander';
import { openAccount } from '../app/open-account.js';
import { loadConfig } from '../config/load.js';
import { formatZoned } from '../notify/format.js';
import { exposureNow, fxExposureCells, fxExposureColumns } from '../notify/fx-exposure-table.js';
import { textTable } from '../notify/text-table.js';

export function registerFxCommand(program: Command): void {
  program
    .command('fx')
    .description('Show the foreign-currency exposure as of the last run: per currency the assets, the cash, their sum and the target of fxHedge')
    .option('--json', 'print an array of { currency, assets, cash, exposure, target, ratio }, amounts in the base currency')
    .action(async (options: { json?: boolean }, command: Command) => {
      const config = loadConfig(command.optsWithGlobals<{ config: string }>().config);
      const account = await openAccount(config);
      try {
        const snapshot = await account.deps.journal.latestSnapshot();
        const rows = exposureNow(snapshot, config.fxHedge.ratios);
        if (options.json) {
          console.log(JSON.stringify(rows.map(({ currency, assets, cash, exposure, target, ratio }) => ({ currency, assets, cash, exposure, target, ratio }))));
          return;
        }
        const base = config.account.baseCurrency;
        if (!snapshot) {
          console.log('no run has been recorded yet: `autofolio run` makes the first');
          return;
        }
        console.log(`foreign-currency exposure of ${config.account.id} in ${base}, as of ${formatZoned(snapshot.time, account.deps.timeZone)}; FX trades once it is more than ${config.fxHedge.bandPct}% of NLV from its target`);
        console.log(rows.length > 0 ? textTable(fxExposureColumns(base), rows.map(fxExposureCells)) : `  none: everything is in ${base}`);
      } finally {
        await account.close();
      }
    });
}
