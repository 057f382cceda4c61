import type { Command } from 'commander';
import type { DoctorRow } from '../brokers/doctor-row.js';
import { loadConfig } from '../config/load.js';
import { wallClock } from '../domain/clock.js';

/** `autofolio doctor`: connects to the configured broker and prints what a live run needs, with hints. */
export function registerDoctorCommand(program: Command): void {
  program
    .command('doctor')
    .description('Connect to the broker and check what a live run needs (IB Gateway/TWS: server version, accounts, currency, NLV, market data per instrument, clock skew; Alpaca: keys, account status, buying power, blocked flags, market clock, quotes); sends no order (exit 1 on a failed check)')
    .option('--json', 'print the checks as JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      const config = loadConfig(command.optsWithGlobals<{ config: string }>().config);
      const broker = config.broker;
      if (broker.kind === 'paper') {
        console.log('broker.kind is paper: the embedded paper broker needs no connection check');
        if (config.instruments.some((i) => i.secType === 'CASH')) {
          const { fxMinimumRow } = await import('../brokers/ib/ib-doctor.js');
          const row = fxMinimumRow(config.fxHedge, config.account.baseCurrency);
          console.log(`${row.check}: ${row.value}`);
        }
        return;
      }
      // Loaded here so that other commands do not pay for a broker's client code at start-up.
      const rows =
        broker.kind === 'ib'
          ? await (await import('../brokers/ib/ib-doctor.js')).ibDoctor({ config: broker, baseCurrency: config.account.baseCurrency, instruments: config.instruments, clock: wallClock, fxHedge: config.fxHedge })
          : await (await import('../brokers/alpaca/alpaca-doctor.js')).alpacaDoctor({ config: broker, accountId: config.account.id, instruments: config.instruments, clock: wallClock });
      console.log(options.json ? JSON.stringify(rows) : formatDoctor(rows));
      process.exitCode = rows.some((row) => row.status === 'fail') ? 1 : 0;
    });
}

export function formatDoctor(rows: readonly DoctorRow[]): string {
  const width = Math.max(...rows.map((row) => row.check.length), 5);
  const lines = rows.map((row) => `${row.status.toUpperCase().padEnd(4)}  ${row.check.padEnd(width)}  ${row.value}`);
  const problems = rows.filter((row) => row.hint).map((row) => `  - ${row.check}: ${row.hint}`);
  return [...lines, ...(problems.length > 0 ? ['', 'Problems and how to fix them:', ...problems] : ['', 'No problems found.'])].join('\n');
}
