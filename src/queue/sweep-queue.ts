import { randomUUID } from 'node:crypto';
import type PgBoss from 'pg-boss';
import type { BacktestJob } from '../backtest/backtest-job.js';
import { openBoss } from './open-boss.js';
import { SWEEP_QUEUE, type SweepPointJob } from './sweep-job.js';

export interface SweepQueueOptions {
  /** How often a pg-boss instance looks for jobs whose lease ran out (maintenance). */
  readonly superviseSeconds: number;
  /** How often an idle worker asks for a job. */
  readonly pollSeconds?: number;
}

// A point whose worker died is run again at once; a point that keeps killing its worker (say it
// runs out of memory) fails after this many tries rather than going round for ever.
const RETRY_LIMIT = 3;
const DEFAULT_LEASE_SECONDS = 3600;

/** A grid point that failed for good: its last try's error, as pg-boss kept it. */
export interface FailedPoint {
  readonly point: number;
  readonly tries: number;
  readonly error: string;
}

/**
 * The job queue of backtest sweeps on pg-boss: one job per grid point, any worker takes any
 * point (the `standard` policy), a point whose worker died is retried after its lease.
 */
export class SweepQueue {
  readonly #boss: PgBoss;
  readonly #options: SweepQueueOptions;

  private constructor(boss: PgBoss, options: SweepQueueOptions) {
    this.#boss = boss;
    this.#options = options;
  }

  static async start(url: string, options: SweepQueueOptions, onError: (error: Error) => void): Promise<SweepQueue> {
    const boss = await openBoss(url, { name: SWEEP_QUEUE, policy: 'standard', retryLimit: RETRY_LIMIT, retryDelay: 0, expireInSeconds: DEFAULT_LEASE_SECONDS }, { superviseSeconds: options.superviseSeconds, maxConnections: 2 }, onError);
    return new SweepQueue(boss, options);
  }

  /** Enqueues one job per point, in grid order, each with a lease of `leaseSeconds`; returns the jobs' ids. */
  async enqueue(sweepId: string, backtests: readonly BacktestJob[], leaseSeconds: number): Promise<string[]> {
    const jobs = backtests.map((backtest, point): PgBoss.JobInsert => {
      const data: SweepPointJob = { sweepId, point, points: backtests.length, backtest };
      // A lower point first: pg-boss takes higher priorities first, then the oldest.
      return { id: randomUUID(), name: SWEEP_QUEUE, data, priority: backtests.length - point, retryLimit: RETRY_LIMIT, retryDelay: 0, expireInSeconds: leaseSeconds };
    });
    await this.#boss.insert(jobs);
    return jobs.map((job) => job.id!);
  }

  /** Points of the sweep that pg-boss gave up on: their worker died (or the handler threw) on every try. */
  async failedPoints(sweepId: string): Promise<FailedPoint[]> {
    // pg-boss has no call that finds jobs by their data; its job table is read here, in the one
    // module that knows pg-boss. A failed job stays in pgboss.job until maintenance archives it.
    const { rows } = await this.#boss.getDb().executeSql(
      `select (data->>'point')::int as point, retry_count as tries, output from pgboss.job where name = $1 and state = 'failed' and data->>'sweepId' = $2
       union all
       select (data->>'point')::int, retry_count, output from pgboss.archive where name = $1 and state = 'failed' and data->>'sweepId' = $2
       order by 1`,
      [SWEEP_QUEUE, sweepId],
    );
    return (rows as { point: number; tries: number; output: unknown }[]).map((r) => ({ point: r.point, tries: r.tries + 1, error: failureText(r.output) }));
  }

  /** Takes the sweep's jobs off the queue, those not started and those running (the command that waits for them was stopped). */
  async cancel(jobIds: readonly string[]): Promise<void> {
    if (jobIds.length > 0) await this.#boss.cancel(SWEEP_QUEUE, [...jobIds]);
  }

  /** Runs `handle` on points, `concurrency` at a time; a handler that throws fails the job, which pg-boss retries. */
  async work(concurrency: number, handle: (job: PgBoss.Job<unknown>) => Promise<unknown>): Promise<void> {
    for (let i = 0; i < concurrency; i++) {
      await this.#boss.work(SWEEP_QUEUE, { batchSize: 1, pollingIntervalSeconds: this.#options.pollSeconds ?? 2 }, async ([job]) => (job ? handle(job) : undefined));
    }
  }

  async stop(graceSeconds: number): Promise<void> {
    await this.#boss.stop({ graceful: true, wait: true, timeout: graceSeconds * 1000 });
  }
}

/**
 * The reason pg-boss kept with a failed job: a thrown error's message, `{ value: { message } }`
 * when maintenance failed it for running past its lease, `{ value: text }` when its worker stopped.
 */
function failureText(output: unknown): string {
  const o = output as { message?: unknown; value?: unknown } | null;
  const value = o?.value as { message?: unknown } | string | undefined;
  const message = typeof o?.message === 'string' ? o.message : typeof value === 'string' ? value : typeof value?.message === 'string' ? value.message : undefined;
  if (message === undefined) return output ? JSON.stringify(output).slice(0, 300) : 'no reason kept';
  if (/failed by timeout/.test(message)) return 'its worker died or ran past the lease (--lease-seconds)';
  return message;
}
