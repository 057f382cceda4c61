import { closeSync, openSync, writeSync } from 'node:fs';

const reached = new Map<string, number>();
// The switch is set in the environment a test starts the process with; reading process.env
// (a call into the runtime) at each of a backtest's tens of thousands of points cost more than
// the point itself, so it is read once.
let faultSpec: string | undefined;

/**
 * Test-only switch (issue 8), read in this one place. AUTOFOLIO_FAULT=<point>[@<n>] kills the
 * process with SIGKILL the n-th time (default the first) it reaches the named point, e.g.
 * `step:plan-orders` or `send-order@2`, so that tests can prove recovery.
 * AUTOFOLIO_FAULT=<point>~<ms> pauses there instead, so that tests can overlap two runs.
 * AUTOFOLIO_FAULT=disk-full:<point> fills the file system that holds the file
 * AUTOFOLIO_FAULT_BALLAST there (write until ENOSPC), so that every later write fails as on
 * a full disk; tests run it on a small tmpfs.
 */
export function faultPoint(point: string): void {
  const spec = (faultSpec ??= process.env.AUTOFOLIO_FAULT ?? '');
  if (!spec) return;
  if (spec.startsWith('disk-full:')) {
    if (spec.slice('disk-full:'.length) === point) fillDisk(process.env.AUTOFOLIO_FAULT_BALLAST);
    return;
  }
  const pause = /^(.*)~(\d+)$/.exec(spec);
  if (pause) {
    if (pause[1] === point) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Number(pause[2]));
    return;
  }
  const at = spec.lastIndexOf('@');
  const name = at > 0 ? spec.slice(0, at) : spec;
  if (name !== point) return;
  const count = (reached.get(point) ?? 0) + 1;
  reached.set(point, count);
  if (count === (at > 0 ? Number(spec.slice(at + 1)) : 1)) process.kill(process.pid, 'SIGKILL');
}

function fillDisk(ballast: string | undefined): void {
  if (!ballast) throw new Error('AUTOFOLIO_FAULT=disk-full:… needs AUTOFOLIO_FAULT_BALLAST, the file that fills the disk');
  const fd = openSync(ballast, 'a');
  const block = Buffer.alloc(64 * 1024, 1);
  try {
    for (let size = block.length; size >= 1; size = Math.floor(size / 2)) {
      for (;;) {
        try {
          writeSync(fd, block, 0, size);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'ENOSPC') break;
          throw error;
        }
      }
    }
  } finally {
    closeSync(fd);
  }
}
