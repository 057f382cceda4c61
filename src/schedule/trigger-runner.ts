import { alertFailure } from '../app/alert-failure.js';
import { openAccount } from '../app/open-account.js';
import { refreshBeforeRun } from '../app/refresh-before-run.js';
import { runOnce } from '../app/run-once.js';
import type { LoadedConfig } from '../config/load.js';
import type { CycleResult } from '../cycle/run-cycle.js';
import { RunLockedError } from '../cycle/run-lock.js';
import type { Clock } from '../domain/clock.js';
import type { DaemonDeps, FireReport } from './daemon.js';
import { pingHeartbeat } from './heartbeat.js';
import type { Trigger } from './triggers.js';

export interface TriggerRunnerOptions {
  readonly config: LoadedConfig;
  readonly clock: Clock;
  readonly log: (line: string) => void;
  /** The dead-man's switch URL; undefined: no ping. */
  readonly heartbeat?: URL;
  /** A delivery pass over the outbox after each run (outbox-delivery.ts): what the run queued and could not send. */
  readonly deliverOutbox?: () => Promise<void>;
  /** Called with each cycle's result, for callers that print it (the demo). */
  readonly onResult?: (trigger: Trigger, result: CycleResult) => void;
}

/**
 * What firing a trigger does: open the account on the scheduler's clock, run one cycle under
 * the single-run lock, then ping the heartbeat and deliver the outbox. The account is opened per
 * trigger so that each run reads fresh data files and a long-lived process holds no connection
 * between runs.
 */
export function triggerRunner(options: TriggerRunnerOptions): DaemonDeps['fire'] {
  const { config, clock, log } = options;
  return async (trigger, digest) => {
    let report: FireReport;
    let account;
    try {
      // A failed refresh alerts and the run goes on: its stale-history check decides.
      const refreshed = await refreshBeforeRun(config, clock.now());
      if (refreshed) log(refreshed);
      account = await openAccount(config, { clock });
    } catch (error) {
      // Market data, the database or the broker settings: the cycle never started, so it could
      // not alert; the scheduler does, and carries on to the next trigger.
      log(await alertFailure(config, `${trigger.kind} run (opening the account)`, error));
      throw error;
    }
    try {
      // The run logs its own lock wait, with its run id, to the account's log.
      const result = await runOnce(account, { purpose: trigger.kind, dryRun: false, ...(digest ? { digest } : {}) }, () => undefined);
      options.onResult?.(trigger, result);
      report = { runId: result.runId, outcome: result.outcome, ...(result.problems.length ? { message: result.problems.join('; ') } : {}) };
    } catch (error) {
      // A run started by hand holds the lock: it does this trigger's work, so skip, not fail.
      if (!(error instanceof RunLockedError)) {
        log(await alertFailure(config, `${trigger.kind} run`, error));
        throw error;
      }
      report = { outcome: 'skipped', message: error.message };
    } finally {
      await account.close();
    }
    if (options.heartbeat && report.outcome !== 'skipped') {
      // A blocked run is a healthy scheduler whose safety checks said no; the run alerts on that itself.
      await pingHeartbeat(options.heartbeat, report.outcome !== 'error', `${config.account.id} ${trigger.kind} run ${report.runId ?? ''}: ${report.outcome}`, { log });
    }
    if (options.deliverOutbox) {
      try {
        await options.deliverOutbox();
      } catch (error) {
        log(`delivering the outbox failed: ${error instanceof Error ? error.message : String(error)}; the messages stay in the outbox`);
      }
    }
    return report;
  };
}
