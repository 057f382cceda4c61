import type { RunOptions } from './run-command.js';
import { openAccount } from '../app/open-account.js';
import { runOnce } from '../app/run-once.js';
import { alertFailure } from '../app/alert-failure.js';
import { refreshBeforeRun } from '../app/refresh-before-run.js';
import { loadConfig, type LoadedConfig } from '../config/load.js';
import { RunLockedError } from '../cycle/run-lock.js';
import { resolveSchedule } from '../schedule/schedule.js';
import { digestDueAt } from '../schedule/triggers.js';
import { formatHeld, formatOutcomeUnknown, formatPlanTable, formatProblems, formatRunLine } from './format-run.js';

/** `autofolio run`: one cycle now, its result printed; the exit code says how it ended. */
export async function runCommand(options: RunOptions, configFile: string): Promise<void> {
  const config = loadConfig(configFile);
  // From here on the config names who to alert: a failure before the cycle (which alerts by
  // itself) is alerted too, unless it is another run holding the lock.
  // New bars first (dataSources.refresh), so that the account opens on them; a failed refresh
  // has alerted, and the run's stale-history check decides whether the old data will do.
  const refreshed = await refreshBeforeRun(config);
  if (refreshed) console.error(`autofolio: ${refreshed}`);
  const account = await alertingFailures(config, 'opening the account', () => openAccount(config));
  try {
    // The schedule's digest rule decides which digest a run by hand sends, as for the daemon's runs.
    const now = account.deps.clock.now();
    const digest = digestDueAt(resolveSchedule(config, now), now);
    const result = await alertingFailures(config, 'the run', () => runOnce(account, { purpose: options.endOfDay ? 'end-of-day' : 'trade', dryRun: options.dryRun ?? false, ...(digest ? { digest } : {}) }));
    if (options.json) {
      console.log(JSON.stringify({ runId: result.runId, time: new Date(result.time).toISOString(), dryRun: result.dryRun, outcome: result.outcome, ordersPlanned: result.ordersPlanned, ordersSent: result.ordersSent, ordersOutcomeUnknown: result.ordersOutcomeUnknown.map((o) => o.tag), fills: result.fills, nlv: result.snapshot?.nlv, grossLeverage: result.snapshot?.grossLeverage, orderFile: result.orderFile, problems: result.problems, ordersHeld: result.ordersHeld.map((row) => ({ symbol: row.symbol, reason: row.reason })), ...(result.dryRun && result.plan ? { plan: result.plan } : {}) }));
    } else {
      console.log(formatRunLine(result, account.deps.timeZone));
      // A dry run exists to show its plan: print it whole.
      if (result.dryRun) {
        console.log('  dry run: the plan below was made and checked, but no order was sent and no digest; the next real run sends the day\'s digest');
        for (const line of formatPlanTable(result, config.account.baseCurrency)) console.log(line);
      }
      for (const line of formatHeld(result)) console.log(line);
      for (const line of formatProblems(result)) console.log(line);
      for (const line of formatOutcomeUnknown(result)) console.log(line);
      if (result.orderFile) console.log(`  order file ${result.orderFile}`);
    }
    process.exitCode = result.exitCode;
  } finally {
    await account.close();
  }}

async function alertingFailures<T>(config: LoadedConfig, what: string, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    if (!(error instanceof RunLockedError)) console.error(`autofolio: ${await alertFailure(config, what, error)}`);
    throw error;
  }
}
