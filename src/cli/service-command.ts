import { existsSync, mkdirSync, statSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import { installedCommand } from '../app/installed-command.js';
import { loadConfig, type LoadedConfig } from '../config/load.js';
import { writeFileAtomic } from '../io/atomic-file.js';
import { requireWallClock } from '../schedule/daemon-clock.js';
import { systemdUnitText, unitName } from '../schedule/systemd-unit.js';

interface ServiceOptions {
  readonly user?: boolean;
  readonly write?: boolean;
  readonly unitDir?: string;
}

export function registerServiceCommand(program: Command): void {
  program
    .command('service')
    .description('Print (or write, with --write) a systemd unit that keeps `autofolio daemon` running for this account')
    .option('--user', "a unit of the user's own systemd (systemctl --user), instead of a system unit run as this user")
    .option('--write', 'write the unit file, and an empty environment file for the secrets (mode 600) if there is none')
    .option('--unit-dir <dir>', 'where --write puts the unit (default /etc/systemd/system, or ~/.config/systemd/user with --user)')
    .action((options: ServiceOptions, command: Command) => {
      const config = loadConfig(command.optsWithGlobals<{ config: string }>().config);
      requireWallClock(config, 'a service');
      const { node, script } = installedCommand(process.argv[1], process.execPath);
      const variant = options.user ? 'user' : 'system';
      const workingDirectory = dirname(config.configFile);
      const environmentFile = join(workingDirectory, 'autofolio.env');
      const text = systemdUnitText({
        accountId: config.account.id,
        node,
        script,
        configFile: config.configFile,
        workingDirectory,
        environmentFile,
        variant,
        user: userInfo().username,
        cycleSeconds: longestCycleSeconds(config),
      });
      if (!options.write) {
        process.stdout.write(text);
        return;
      }
      const unitDir = options.unitDir ?? (variant === 'user' ? join(homedir(), '.config/systemd/user') : '/etc/systemd/system');
      const unitFile = join(unitDir, unitName(config.account.id));
      mkdirSync(unitDir, { recursive: true });
      writeFileAtomic(unitFile, text, 0o644);
      ensurePrivateEnvironmentFile(environmentFile);
      const systemctl = variant === 'user' ? 'systemctl --user' : 'sudo systemctl';
      console.log(`wrote ${unitFile}`);
      console.log(`secrets: ${environmentFile} (mode 600)`);
      console.log(`next: ${systemctl} daemon-reload && ${systemctl} enable --now ${unitName(config.account.id)}`);
      if (variant === 'user') console.log('and once: loginctl enable-linger, so that it runs while you are logged out');
    });
}

/**
 * A bound on one cycle: the waits for sells and fills, the broker calls, the lock wait, the
 * mail budget, and for IB the daily restart and the grace period a run may wait out (a stop in
 * the weekly login window may cut that wait short: nothing has been sent then). A stop waits for the
 * running cycle, so the unit's stop timeout must be longer than this.
 */
export function longestCycleSeconds(config: LoadedConfig): number {
  const { execution } = config;
  const broker = config.broker;
  // An IB run may also wait out the daily restart and, for a gateway that is away, the grace period.
  const restartWait = broker.kind === 'ib' && broker.gatewayRestart?.during === 'wait' ? broker.gatewayRestart.minutes * 60 : 0;
  const graceWait = broker.kind === 'ib' ? broker.unreachableGraceMinutes * 60 : 0;
  const notifyBudget = config.notify?.sendBudgetSeconds ?? 0;
  return execution.sellWaitSeconds + execution.fillWaitSeconds + 5 * execution.brokerTimeoutSeconds + execution.lockWaitSeconds + notifyBudget + restartWait + graceWait;
}

/** Creates the secrets file readable by its owner only, or refuses one that others can read. */
function ensurePrivateEnvironmentFile(file: string): void {
  if (!existsSync(file)) {
    writeFileAtomic(file, '# Secrets of this account for the autofolio service, NAME=value a line, e.g.\n# AUTOFOLIO_SMTP_PASSWORD=...\n# AUTOFOLIO_HEARTBEAT_URL=https://hc-ping.com/...\n', 0o600);
    return;
  }
  const mode = statSync(file).mode & 0o777;
  if ((mode & 0o077) !== 0) throw new Error(`${file}: holds the account's secrets but is readable by others (mode ${mode.toString(8)}): chmod 600 ${file}`);
}
