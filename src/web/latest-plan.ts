import { existsSync } from 'node:fs';
import type { LatestPlan } from '../analytics/positions-against-targets.js';
import { orderFilePath, type AccountPaths } from '../cycle/account-paths.js';
import type { Journal } from '../cycle/journal.js';
import { readOrderFile } from '../store/order-file.js';

/** How far back to look for a run that made a plan (runs blocked before planning make none). */
const RUNS_SEARCHED = 50;

/**
 * The newest plan: the order file of the newest run that wrote one. The order file is the
 * journal's projection of the plan's lines (a plan is written at the run's start time), and the
 * one place its targets are kept.
 */
export async function latestPlan(journal: Pick<Journal, 'runs'>, paths: AccountPaths): Promise<(LatestPlan & { readonly dryRun: boolean }) | undefined> {
  for (const run of await journal.runs(RUNS_SEARCHED)) {
    if (run.purpose !== 'trade') continue;
    const file = orderFilePath(paths, run.id, run.startedAt);
    if (existsSync(file)) return { runId: run.id, at: run.startedAt, dryRun: run.dryRun, lines: readOrderFile(file) };
  }
  return undefined;
}
