import { readFileSync } from 'node:fs';
import nodeModule from 'node:module';
import { Command, CommanderError } from 'commander';
import { logOptionsFromEnv } from '../log/log-options.js';
import { setProcessLogger } from '../log/process-logger.js';
import { redactSecrets, secretsFromEnv } from '../notify/redact-secrets.js';

// Everything autofolio writes (database and its WAL files, journals, snapshots, e-mails) is
// account data: readable by its owner only, whatever the shell's umask.
process.umask(0o077);

// A reader that stops early (`autofolio calendar … | head`) closes the pipe: what is left to
// print has nowhere to go, which is no failure of the command. A run still finishes its cycle and
// records it; only its printing stops. Any other error of standard output still ends the process.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
});

// Node 22.1 and later keep the compiled code of the modules between starts (cron starts
// autofolio every hour, and loading the CLI's modules is most of its start-up); Node 20 has no
// such cache, and this does nothing there.
(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();

type Register = (program: Command) => unknown;

// Each command's module is loaded only when that command runs (or for the full help): the
// libraries behind some commands (IB client, SMTP, report rendering) take longer to load
// than a paper run takes to finish, and cron starts autofolio every hour.
const COMMANDS: Readonly<Record<string, () => Promise<Register>>> = {
  init: async () => (await import('./init-command.js')).registerInitCommand,
  run: async () => (await import('./run-command.js')).registerRunCommand,
  status: async () => (await import('./status-command.js')).registerStatusCommand,
  fx: async () => (await import('./fx-command.js')).registerFxCommand,
  halt: async () => (await import('./kill-switch-commands.js')).registerKillSwitchCommands,
  resume: async () => (await import('./kill-switch-commands.js')).registerKillSwitchCommands,
  demo: async () => (await import('./demo-command.js')).registerDemoCommand,
  calendar: async () => (await import('./calendar-command.js')).registerCalendarCommand,
  doctor: async () => (await import('./doctor-command.js')).registerDoctorCommand,
  daemon: async () => (await import('./daemon-command.js')).registerDaemonCommand,
  cron: async () => (await import('./cron-command.js')).registerCronCommand,
  service: async () => (await import('./service-command.js')).registerServiceCommand,
  watchdog: async () => (await import('./watchdog-command.js')).registerWatchdogCommand,
  backtest: async () => (await import('./backtest-command.js')).registerBacktestCommand,
  cashflow: async () => (await import('./cashflow-command.js')).registerCashflowCommand,
  notify: async () => (await import('./notify-command.js')).registerNotifyCommand,
  reconcile: async () => (await import('./reconcile-command.js')).registerReconcileCommand,
  ledger: async () => (await import('./ledger-command.js')).registerLedgerCommand,
  report: async () => (await import('./report-command.js')).registerReportCommand,
  metrics: async () => (await import('./metrics-command.js')).registerMetricsCommand,
  serve: async () => (await import('./serve-command.js')).registerServeCommand,
  data: async () => (await import('./data-command.js')).registerDataCommand,
  accounts: async () => (await import('./accounts-command.js')).registerAccountsCommand,
  scheduler: async () => (await import('./scheduler-command.js')).registerSchedulerCommand,
  worker: async () => (await import('./worker-command.js')).registerWorkerCommand,
};

/** The command named on the command line: the first word that is not an option or its value. */
function commandName(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '-c' || arg === '--config') i++;
    else if (!arg.startsWith('-')) return arg;
  }
  return undefined;
}

// package.json ships beside dist/ in every install (npm always packs it), two folders up from here.
const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

/**
 * The `autofolio` command on process.argv: its two entries (main.ts, bundle-main.ts) call it.
 * A program of its own per call, so that a caller may run it again in the same process.
 */
export async function runCli(): Promise<void> {
  const program = new Command('autofolio')
    .description('Runs an investment portfolio on autopilot')
    .version(version, '-V, --version', 'print the version of autofolio')
    .option('-c, --config <file>', 'the config file', 'autofolio.yaml')
    .showHelpAfterError()
    .exitOverride();
  try {
    const args = process.argv.slice(2);
    const named = commandName(args);
    const versionOnly = named === undefined && (args.includes('--version') || args.includes('-V'));
    const helpOnly = versionOnly || named === undefined || args.includes('--help') || args.includes('-h');
    // The structured log (README: "Logs") is a stream of its own, apart from what a command prints.
    // Printing the version or a help text logs nothing, so it does not load the logger.
    if (!helpOnly) {
      const { createPinoLogger } = await import('../log/pino-logger.js');
      const logOptions = logOptionsFromEnv(process.env, { stderrIsTerminal: process.stderr.isTTY === true, longRunning: named === 'daemon' || named === 'scheduler' || named === 'worker' });
      setProcessLogger(createPinoLogger(logOptions, secretsFromEnv()).child({ pid: process.pid, command: named }));
    }
    const loaders = versionOnly ? [] : named !== undefined && COMMANDS[named] ? [COMMANDS[named]] : [...new Set(Object.values(COMMANDS))];
    const registered = new Set<Register>();
    for (const load of loaders) {
      const register = await load();
      if (registered.has(register)) continue;
      registered.add(register);
      register(program);
    }
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
}


function exitCodeFor(error: unknown): number {
  return error instanceof Error && error.name === 'RunLockedError' ? 2 : 1;
}
