const reached = new Map<string, number>();

/**
 * Test-only switch (issue 8), read in this one place. AUTOFOLIO_FAULT=<point>[@<n>] kills the
 * process with SIGKILL the n-th time (default the first) it reaches the named point, e.g.
 * `step:plan-orders` or `send-order@2`, so that tests can prove recovery.
 * AUTOFOLIO_FAULT=<point>~<ms> pauses there instead, so that tests can overlap two runs.
 */
export function faultPoint(point: string): void {
  const spec = process.env.AUTOFOLIO_FAULT;
  if (!spec) return;
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
