import type { Command } from 'commander';

export interface DataFetchOptions {
  readonly from?: string;
  readonly to?: string;
  readonly source?: string;
}

/** Adds `autofolio data fetch`: fills the data folder from a market data source. */
export function registerDataCommand(program: Command): void {
  const data = program.command('data').description('Market data files: fetch bars and corporate actions into dataDir');
  data
    .command('fetch')
    .description('Fetch daily bars, splits and dividends of the configured instruments into dataDir (<SYMBOL>.csv, <SYMBOL>.actions.csv) and its columnar cache; only what is new since the last bar of each file (exit 1 if a symbol failed)')
    .option('--from <date>', 'first date, YYYY-MM-DD (default: the last bar of each file, or two years back for a new file)')
    .option('--to <date>', 'last date, YYYY-MM-DD (default: today)')
    .option('--source <name>', 'ib (IB\'s historical bars through the configured IB broker) or a name under dataSources (default: dataSources.refresh.source, or the only source)')
    .action(async (options: DataFetchOptions, command: Command) => {
      // The sources and their adapters load only when a fetch starts, not for `data --help`.
      const { dataFetchCommand } = await import('./data-fetch-action.js');
      await dataFetchCommand(options, command.optsWithGlobals<{ config: string }>().config);
    });
}
