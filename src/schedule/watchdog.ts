import { isoTime } from '../domain/clock.js';
import type { Notice } from '../notify/notifier.js';
import type { RunSummary } from '../cycle/journal.js';
import type { Schedule } from './schedule.js';
import { latestTrigger, type Trigger } from './triggers.js';

// A run started by hand just before a trigger does that trigger's work (the trigger then finds
// the lock held and skips), so a success this much before the trigger still counts.
const EARLY_MS = 5 * 60_000;

export interface Liveness {
  readonly healthy: boolean;
  /** The latest trigger that should have run by now (older than the grace period). */
  readonly expected?: Trigger;
  readonly lastSuccess?: RunSummary;
  readonly message: string;
}

/**
 * A run counts as successful when it completed: ok, or blocked by a safety check (the scheduler
 * and broker were alive; the run alerted about the block itself). Dry runs do not count.
 */
export function lastSuccessfulRun(runs: readonly RunSummary[]): RunSummary | undefined {
  return runs.filter((r) => !r.dryRun && (r.outcome === 'ok' || r.outcome === 'blocked')).sort((a, b) => b.startedAt - a.startedAt)[0];
}

/**
 * The dead-man's switch: healthy when some run succeeded at or after the latest trigger that
 * is older than the grace period. A dead daemon, a dead machine or a gateway that never came
 * back (every run fails to connect) all end with no success after a trigger.
 */
export function checkLiveness(schedule: Schedule, now: number, graceMs: number, runs: readonly RunSummary[]): Liveness {
  const expected = latestTrigger(schedule, now - graceMs);
  const lastSuccess = lastSuccessfulRun(runs);
  const last = lastSuccess ? `the last successful run started ${isoTime(lastSuccess.startedAt)} (${lastSuccess.id})` : 'no run has succeeded yet';
  if (!expected) return { healthy: true, ...(lastSuccess ? { lastSuccess } : {}), message: `no trigger was due in the last days; ${last}` };
  const healthy = lastSuccess !== undefined && lastSuccess.startedAt >= expected.time - EARLY_MS;
  const what = `the ${expected.kind} trigger of ${isoTime(expected.time)} (session ${expected.session})`;
  return {
    healthy,
    expected,
    ...(lastSuccess ? { lastSuccess } : {}),
    message: healthy ? `ok: ${what} has run; ${last}` : `no successful run since ${what}; ${last}`,
  };
}

/** The alert the watchdog sends when the schedule has gone quiet. */
export function watchdogNotice(accountId: string, liveness: Liveness, latestRun: RunSummary | undefined): Notice {
  const expected = liveness.expected;
  const subject = `[autofolio] ERROR ${accountId} watchdog: no successful run since ${expected ? isoTime(expected.time) : '?'}`;
  const lines = [
    `The watchdog of account ${accountId} found ${liveness.message}.`,
    '',
    latestRun ? `The latest run of any kind: ${latestRun.id}, ${latestRun.outcome}, started ${isoTime(latestRun.startedAt)}${latestRun.message ? `: ${latestRun.message}` : ''}.` : 'No run is recorded at all.',
    '',
    'What to check:',
    '- is the daemon running? `autofolio status` shows it and the next trigger; start it with `autofolio daemon` (or see `autofolio cron`).',
    '- is the machine up, and its clock right?',
    '- do runs fail to connect? Then the broker gateway is down or logged out: restart it and log in.',
    '',
    'The watchdog sends this once per missed trigger; it stays quiet once a run succeeds.',
  ];
  return { kind: 'alert', subject, text: lines.join('\n') };
}
