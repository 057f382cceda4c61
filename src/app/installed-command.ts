import { realpathSync } from 'node:fs';
import { isAbsolute, resolve, sep } from 'node:path';

/** How a scheduler (cron, systemd) must start this very autofolio: absolute paths of node and of the command. */
export interface InstalledCommand {
  readonly node: string;
  readonly script: string;
}

/**
 * npm keeps what `npx` fetches in a cache folder (`~/.npm/_npx/<hash>/…`) that `npm cache clean`,
 * a newer version or a cleanup job removes at any time: a cron line or a service unit that names
 * it stops trading and the dead-man's switch together, without a sound.
 */
export function isNpmCachePath(path: string): boolean {
  const parts = path.split(/[\\/]+/);
  return parts.includes('_npx') || (parts.includes('.npm') && parts.includes('_cacache'));
}

export class NotInstalledError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotInstalledError';
  }
}

/**
 * The running node and autofolio as absolute paths, for lines that a scheduler runs later from
 * another folder with another PATH. Refuses a command that runs from npm's npx cache.
 */
export function installedCommand(argv1: string | undefined, execPath: string, cwd: string = process.cwd()): InstalledCommand {
  if (argv1 === undefined || argv1 === '') throw new NotInstalledError('cannot tell where the autofolio command is: run it as `autofolio …` after installing it (README: "Install")');
  const script = isAbsolute(argv1) ? argv1 : resolve(cwd, argv1);
  for (const path of [script, realPath(script)]) {
    if (isNpmCachePath(path)) {
      throw new NotInstalledError(`autofolio runs from npm's npx cache (${path}), which npm cleans at will: a scheduler that names it would stop trading and the watchdog without a word. Install the command (README: "Install": npm install -g from the repository) and run this again as \`autofolio …\``);
    }
  }
  return { node: execPath, script };
}

function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** True when `path` lies inside `folder` (or is it). */
export function isInside(path: string, folder: string): boolean {
  const a = resolve(path);
  const b = resolve(folder);
  return a === b || a.startsWith(b.endsWith(sep) ? b : b + sep);
}
