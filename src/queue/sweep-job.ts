import type { BacktestJob } from '../backtest/backtest-job.js';

/** The queue every backtest sweep's grid points go through. */
export const SWEEP_QUEUE = 'backtest-sweep';

/** A job: one grid point of a sweep, the backtest that `autofolio backtest --sweep` runs on a thread. */
export interface SweepPointJob {
  readonly sweepId: string;
  /** The point's place in the grid (0-based), the order `combinations` gives. */
  readonly point: number;
  readonly points: number;
  readonly backtest: BacktestJob;
}

/** Reads a job's data back, naming what is missing (a job written by another version of autofolio). */
export function parseSweepPointJob(data: unknown, jobId: string): SweepPointJob {
  const job = data as Partial<SweepPointJob> | null;
  const b = job?.backtest;
  if (!job || typeof job.sweepId !== 'string' || !Number.isInteger(job.point) || !Number.isInteger(job.points) || !b || typeof b.configFile !== 'string' || typeof b.rebalance !== 'string' || typeof b.params !== 'object' || b.params === null) {
    throw new Error(`job ${jobId} of ${SWEEP_QUEUE}: its data is not a sweep point (sweepId, point, points, backtest { configFile, rebalance, params }): ${JSON.stringify(data).slice(0, 200)}`);
  }
  return job as SweepPointJob;
}
