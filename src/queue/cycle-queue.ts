import type PgBoss from 'pg-boss';
import { CYCLE_QUEUE, cycleJobId, type CycleJob } from './cycle-job.js';
import type { QueueSql } from './account-registry.js';
import { openBoss } from './open-boss.js';

export interface CycleQueueOptions {
  /**
   * How long a worker holds a job before pg-boss takes it back and retries it: a worker that
   * died (kill -9, a machine lost) gives its runs back after this.
   */
  readonly leaseSeconds: number;
  /** How often a pg-boss instance looks for jobs whose lease ran out (maintenance). */
  readonly superviseSeconds: number;
  /** How often an idle worker asks for a job. */
  readonly pollSeconds?: number;
}

// A run that died is retried at once: the retry must come before the account's later triggers,
// which pg-boss orders by creation, and a run that fails by itself (not by dying) is not retried
// (the handler completes it with its outcome), so a delay would only add to the wait.
const RETRY_LIMIT = 5;

/**
 * The job queue of cycles on pg-boss. The queue's policy is `singleton` with the account as the
 * singleton key: pg-boss never has two jobs of one account active at once, on any number of
 * workers, so an account's runs follow one another in trigger order.
 */
export class CycleQueue {
  readonly #boss: PgBoss;
  readonly #options: CycleQueueOptions;

  private constructor(boss: PgBoss, options: CycleQueueOptions) {
    this.#boss = boss;
    this.#options = options;
  }

  static async start(url: string, options: CycleQueueOptions, onError: (error: Error) => void): Promise<CycleQueue> {
    const boss = await openBoss(url, { name: CYCLE_QUEUE, policy: 'singleton', retryLimit: RETRY_LIMIT, retryDelay: 0, expireInSeconds: options.leaseSeconds }, { superviseSeconds: options.superviseSeconds, maxConnections: 4 }, onError);
    return new CycleQueue(boss, options);
  }

  /** Enqueues a trigger's job on `db` (the registry's transaction); returns false when it was there already. */
  async enqueue(job: CycleJob, db: QueueSql): Promise<boolean> {
    const id = await this.#boss.send(CYCLE_QUEUE, job as unknown as object, {
      id: cycleJobId(job.accountId, job.trigger.time),
      singletonKey: job.accountId,
      expireInSeconds: this.#options.leaseSeconds,
      retryLimit: RETRY_LIMIT,
      retryDelay: 0,
      db,
    });
    return id !== null;
  }

  /**
   * Runs `handle` on jobs, `concurrency` at a time (one pg-boss work loop each). A handler that
   * throws fails the job, which pg-boss retries; one that outlives its lease is failed by pg-boss
   * too, while it goes on running: the worker's account lock keeps the retry from running beside it.
   */
  async work(concurrency: number, handle: (job: PgBoss.Job<unknown>) => Promise<unknown>): Promise<void> {
    for (let i = 0; i < concurrency; i++) {
      await this.#boss.work(CYCLE_QUEUE, { batchSize: 1, pollingIntervalSeconds: this.#options.pollSeconds ?? 2 }, async ([job]) => (job ? handle(job) : undefined));
    }
  }

  /**
   * Stops taking jobs and waits up to `graceSeconds` for the running ones; pg-boss fails the
   * jobs still running after that, and they are retried.
   */
  async stop(graceSeconds: number): Promise<void> {
    await this.#boss.stop({ graceful: true, wait: true, timeout: graceSeconds * 1000 });
  }
}
