import { readFileSync } from 'node:fs';

/**
 * Who holds a lock: a process id alone is not enough, because ids are reused. In a container
 * the daemon gets the same small id at every start, so after a kill -9 or a power cut the
 * new daemon would find a lock whose process id is its own, alive. The boot id (new at every
 * boot) and the start time of the process (clock ticks after boot) tell one process from
 * another that later got the same id.
 */
export interface ProcessIdentity {
  readonly pid: number;
  /** /proc/sys/kernel/random/boot_id; absent where there is no /proc (macOS, Windows). */
  readonly bootId?: string;
  /** Field 22 of /proc/<pid>/stat: when the process started, in clock ticks after boot. */
  readonly startTime?: number;
}

let cachedBootId: string | undefined | null = null;

export function bootId(): string | undefined {
  if (cachedBootId === null) cachedBootId = readOptional('/proc/sys/kernel/random/boot_id')?.trim() || undefined;
  return cachedBootId;
}

/** The start time of a process, or undefined where /proc cannot tell (no such process, no /proc). */
export function processStartTime(pid: number): number | undefined {
  const stat = readOptional(`/proc/${pid}/stat`);
  if (stat === undefined) return undefined;
  // Field 2, the command name, is in parentheses and may itself hold spaces and parentheses:
  // the fields after the last ')' are fields 3, 4, … so field 22 is the 20th of them.
  const rest = stat.slice(stat.lastIndexOf(')') + 1).trim().split(/\s+/);
  const value = Number(rest[22 - 3]);
  return Number.isSafeInteger(value) ? value : undefined;
}

export function currentProcessIdentity(): ProcessIdentity {
  const boot = bootId();
  const start = processStartTime(process.pid);
  return { pid: process.pid, ...(boot ? { bootId: boot } : {}), ...(start !== undefined ? { startTime: start } : {}) };
}

/** Whether any process with this id exists (EPERM: it exists but belongs to another user). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether the very process that `holder` describes still runs: not merely one with the same
 * id. A holder recorded in another boot is gone; one whose id now belongs to a process that
 * started at another time is gone. Where /proc gives no answer, the process id decides.
 */
export function isHolderAlive(holder: ProcessIdentity): boolean {
  const boot = bootId();
  if (holder.bootId !== undefined && boot !== undefined && holder.bootId !== boot) return false;
  if (!isProcessAlive(holder.pid)) return false;
  if (holder.startTime === undefined) return true;
  const start = processStartTime(holder.pid);
  return start === undefined || start === holder.startTime;
}

function readOptional(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
