#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { redactSecrets, secretsFromEnv } from '../notify/redact-secrets.js';
import { registerBacktestCommand } from './backtest-command.js';
import { registerCalendarCommand } from './calendar-command.js';
import { registerCashflowCommand } from './cashflow-command.js';
import { registerCronCommand } from './cron-command.js';
import { registerDaemonCommand } from './daemon-command.js';
import { registerDemoCommand } from './demo-command.js';
import { registerDoctorCommand } from './doctor-command.js';
import { registerInitCommand } from './init-command.js';
import { registerKillSwitchCommands } from './kill-switch-commands.js';
import { registerMetricsCommand } from './metrics-command.js';
import { registerNotifyCommand } from './notify-command.js';
import { registerReconcileCommand } from './reconcile-command.js';
import { registerReportCommand } from './report-command.js';
import { registerRunCommand } from './run-command.js';
import { registerStatusCommand } from './status-command.js';
import { registerWatchdogCommand } from './watchdog-command.js';

// Everything autofolio writes (database and its WAL files, journals, snapshots, e-mails) is
// account data: readable by its owner only, whatever the shell's umask.
process.umask(0o077);

const program = new Command('autofolio')
  .description('Runs an investment portfolio on autopilot')
  .option('-c, --config <file>', 'the config file', 'autofolio.yaml')
  .showHelpAfterError()
  .exitOverride();

registerInitCommand(program);
registerRunCommand(program);
registerStatusCommand(program);
registerKillSwitchCommands(program);
registerDemoCommand(program);
registerCalendarCommand(program);
registerDoctorCommand(program);
registerDaemonCommand(program);
registerCronCommand(program);
registerWatchdogCommand(program);
registerBacktestCommand(program);
registerCashflowCommand(program);
registerNotifyCommand(program);
registerReconcileCommand(program);
registerReportCommand(program);
registerMetricsCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode;
  } else {
    // Every known failure carries a message that names the file, line or field; a stack
    // trace would only hide it. AUTOFOLIO_DEBUG=1 shows the stack for bug reports.
    console.error(`autofolio: ${redactSecrets(error instanceof Error ? error.message : String(error), secretsFromEnv())}`);
    if (process.env.AUTOFOLIO_DEBUG && error instanceof Error) console.error(error.stack);
    process.exitCode = exitCodeFor(error);
  }
}

function exitCodeFor(error: unknown): number {
  return error instanceof Error && error.name === 'RunLockedError' ? 2 : 1;
}
