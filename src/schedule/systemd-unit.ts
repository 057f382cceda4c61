/** What a systemd unit for one account's daemon needs to know. */
export interface SystemdUnitOptions {
  readonly accountId: string;
  /** Absolute paths: the node binary and the installed autofolio command. */
  readonly node: string;
  readonly script: string;
  readonly configFile: string;
  /** The account folder: the daemon's working directory. */
  readonly workingDirectory: string;
  /** The file of secret variables (SMTP password, webhook and heartbeat URLs), readable by its owner only. */
  readonly environmentFile: string;
  /** `system`: a unit in /etc/systemd/system run as `user`; `user`: a unit of the user's own systemd. */
  readonly variant: 'system' | 'user';
  readonly user?: string;
  /** The longest a cycle may take, in seconds: a stop waits for the running cycle, so the stop timeout is longer. */
  readonly cycleSeconds: number;
}

/** The file name of the unit, e.g. `autofolio-DU1234567.service`. */
export function unitName(accountId: string): string {
  return `autofolio-${accountId.replace(/[^A-Za-z0-9_.-]/g, '_')}.service`;
}

/** Margin over the longest cycle before systemd kills a daemon that is finishing one. */
const STOP_MARGIN_SECONDS = 120;

/**
 * A unit that keeps `autofolio daemon` running for one account: restarted when it fails (not
 * when it is stopped, nor when it exits 2 because another daemon holds the account), secrets
 * from an environment file rather than the unit (which anyone may read), and a stop timeout
 * longer than a cycle, because SIGTERM lets the running cycle finish.
 */
export function systemdUnitText(options: SystemdUnitOptions): string {
  const stopSeconds = Math.ceil(options.cycleSeconds) + STOP_MARGIN_SECONDS;
  const quote = systemdExecArgument;
  const lines = [
    `# autofolio daemon of account ${options.accountId}, written by \`autofolio service${options.variant === 'user' ? ' --user' : ''}\`.`,
    `# Secrets (AUTOFOLIO_SMTP_PASSWORD, webhook and heartbeat URLs) go in ${options.environmentFile},`,
    '# one NAME=value a line, readable by its owner only (chmod 600).',
    '[Unit]',
    `Description=autofolio daemon of account ${options.accountId}`,
    'Wants=network-online.target',
    'After=network-online.target',
    // A daemon that keeps failing at start (a broken config) is retried a few times, then left
    // failed for a person to see in `systemctl status`, instead of looping for ever.
    'StartLimitIntervalSec=1h',
    'StartLimitBurst=5',
    '',
    '[Service]',
    'Type=simple',
    ...(options.variant === 'system' && options.user ? [`User=${options.user}`] : []),
    `WorkingDirectory=${systemdPath(options.workingDirectory)}`,
    `EnvironmentFile=${systemdPath(options.environmentFile)}`,
    `ExecStart=${quote(options.node)} ${quote(options.script)} daemon --config ${quote(options.configFile)}`,
    'Restart=on-failure',
    'RestartSec=30',
    // Exit 2: another daemon holds this account; starting again would find it again.
    'RestartPreventExitStatus=2',
    'KillSignal=SIGTERM',
    'KillMode=mixed',
    `TimeoutStopSec=${stopSeconds}`,
    'UMask=0077',
    'NoNewPrivileges=yes',
    '',
    '[Install]',
    `WantedBy=${options.variant === 'user' ? 'default.target' : 'multi-user.target'}`,
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * A path as the value of WorkingDirectory= or EnvironmentFile=: taken literally, spaces
 * included (quotes would be part of the name), with `%`, systemd's specifier sign, doubled.
 */
export function systemdPath(path: string): string {
  if (/[\n\r]/.test(path)) throw new Error(`${JSON.stringify(path)}: a path with a line break cannot be written in a systemd unit`);
  return path.replace(/%/g, '%%');
}

/**
 * One word of ExecStart=: `%` (specifiers) and `$` (variables) doubled, and double quotes
 * around a word with a space, a quote or a backslash, which systemd splits and unescapes.
 */
export function systemdExecArgument(text: string): string {
  const escaped = systemdPath(text).replace(/\$/g, '$$$$');
  return /^[\w@+=:,./%$-]+$/.test(escaped) ? escaped : `"${escaped.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
