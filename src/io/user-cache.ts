import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The user's cache of what autofolio derives at start-up from inputs that rarely change (a
 * validated config, a time zone's offsets): cron starts a command every hour, and deriving them
 * again each time cost more than the command's own work. Everything here can be deleted at any
 * moment: a missing, unreadable or foreign entry is derived again, and an entry that cannot be
 * written is no error. Correctness rests on the caller's key, which must name every input the
 * entry depends on (the exact text, the code that derived it, the versions of what it read).
 *
 * The folder: AUTOFOLIO_CACHE_DIR if set, else $XDG_CACHE_HOME/autofolio, else
 * ~/.cache/autofolio. AUTOFOLIO_CACHE_DIR=off turns the cache off.
 */
export function userCacheFolder(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const own = env.AUTOFOLIO_CACHE_DIR;
  if (own === 'off') return undefined;
  if (own) return own;
  if (env.XDG_CACHE_HOME) return join(env.XDG_CACHE_HOME, 'autofolio');
  let home: string;
  try {
    home = env.HOME ?? homedir();
  } catch {
    return undefined;
  }
  return home ? join(home, '.cache', 'autofolio') : undefined;
}

/** The entry named `name` (a file name, no folders), or undefined when there is none or no cache. */
export function readCacheEntry(name: string, env: NodeJS.ProcessEnv = process.env): Buffer | undefined {
  const folder = userCacheFolder(env);
  if (!folder) return undefined;
  try {
    return readFileSync(join(folder, name));
  } catch {
    return undefined;
  }
}

/**
 * Stores `data` as the entry `name`, whole or not at all (a temporary file renamed over it, so a
 * concurrent reader never sees half an entry). Readable by the owner only: a config says where
 * an account's records are. Not flushed to disk: an entry lost in a power cut is derived again.
 */
export function writeCacheEntry(name: string, data: string | Uint8Array, env: NodeJS.ProcessEnv = process.env): void {
  const folder = userCacheFolder(env);
  if (!folder) return;
  const temp = join(folder, `.${name}.${process.pid}.tmp`);
  try {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    writeFileSync(temp, data, { mode: 0o600 });
    renameSync(temp, join(folder, name));
  } catch {
    // A read-only home, a full disk: the entry is derived again next time.
    try {
      rmSync(temp, { force: true });
    } catch {
      // No folder to remove it from: nothing was left behind.
    }
  }
}
