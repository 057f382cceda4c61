import { setTimeout as sleep } from 'node:timers/promises';
import type { Clock } from '../domain/clock.js';

/** A clock the daemon can also wait on. Waiting ends early, without error, when `signal` aborts. */
export interface DaemonClock extends Clock {
  sleepUntil(time: number, signal: AbortSignal): Promise<void>;
}

// Sleep in slices and look at the clock again after each: a laptop that slept or a clock that
// NTP stepped would otherwise fire a trigger late by the time it lost.
const SLICE_MS = 30_000;

/** The real time: what `autofolio daemon` runs on. */
export const wallDaemonClock: DaemonClock = acceleratedClock(Date.now(), 1);

/**
 * A clock that starts at `start` and runs `speed` times faster than the wall clock: speed 1
 * starting now is the wall clock itself.
 */
export function acceleratedClock(start: number, speed: number): DaemonClock {
  const origin = Date.now();
  const now = (): number => start + (Date.now() - origin) * speed;
  return {
    now,
    async sleepUntil(time, signal) {
      for (let left = time - now(); left > 0 && !signal.aborted; left = time - now()) {
        try {
          await sleep(Math.max(1, Math.ceil(Math.min(left / speed, SLICE_MS))), undefined, { signal });
        } catch (error) {
          if ((error as Error).name === 'AbortError') return;
          throw error;
        }
      }
    },
  };
}

/**
 * Test-only switch, read in this one place: AUTOFOLIO_DAEMON_CLOCK=<ISO time>[*<speed>] runs the
 * daemon on a clock that starts at that time (and runs `speed` times fast), so that process
 * tests reach a trigger in seconds. Unset, the daemon runs on the wall clock.
 */
export function daemonClockFromEnv(env: NodeJS.ProcessEnv = process.env): DaemonClock | undefined {
  const spec = env.AUTOFOLIO_DAEMON_CLOCK;
  if (!spec) return undefined;
  const m = /^([^*]+)(?:\*(\d+(?:\.\d+)?))?$/.exec(spec.trim());
  const start = m?.[1] ? Date.parse(m[1]) : NaN;
  const speed = m?.[2] ? Number(m[2]) : 1;
  if (!Number.isFinite(start) || !(speed > 0)) throw new Error(`AUTOFOLIO_DAEMON_CLOCK="${spec}": expected an ISO time, optionally *speed, e.g. 2024-11-29T14:34:58Z*60`);
  return acceleratedClock(start, speed);
}

/**
 * Refuses a config whose clock is `data` for a scheduler (the daemon, cron lines, a service):
 * "now" is then the newest bar, which never moves, so no trigger would ever come.
 */
export function requireWallClock(config: { readonly clock: 'wall' | 'data'; readonly configFile: string }, what: string): void {
  if (config.clock !== 'data') return;
  throw new Error(`${config.configFile}: ${what} runs on the wall clock, but clock: data makes "now" the newest bar, which never moves, so no trigger would ever come: set clock: wall (with data or a broker that is current), or try \`autofolio demo\` for a simulated day`);
}
