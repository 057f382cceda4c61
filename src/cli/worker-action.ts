import { isoTime } from '../domain/clock.js';
import { processLogger } from '../log/process-logger.js';
import { tryLockAccount } from '../queue/account-lock.js';
import { AccountRegistry } from '../queue/account-registry.js';
import { parseCycleJob } from '../queue/cycle-job.js';
import { CycleQueue } from '../queue/cycle-queue.js';
import { queueUrlFromEnv } from '../queue/queue-url.js';
import { runCycleJob } from '../queue/run-cycle-job.js';
import { parseSweepPointJob } from '../queue/sweep-job.js';
import { SweepQueue } from '../queue/sweep-queue.js';
import { SweepResults } from '../queue/sweep-results.js';
import { runSweepPool } from '../backtest/sweep-pool.js';
import { positiveInteger, SUPERVISE_SECONDS } from './scheduler-action.js';
import type { WorkerOptions } from './worker-command.js';

// A cycle waits on fills and re-prices until its deadlines: SIGTERM gives the running ones this
// long before pg-boss hands their jobs back to the queue (the retry is safe, by the run's tags).
const STOP_GRACE_SECONDS = 900;
// The queue's default; each job carries the scheduler's --lease-seconds.
const DEFAULT_LEASE_SECONDS = 1800;

export async function runWorker(options: WorkerOptions): Promise<void> {
  const concurrency = positiveInteger(options.concurrency, '--concurrency');
  const sweepConcurrency = positiveInteger(options.sweepConcurrency, '--sweep-concurrency');
  const url = queueUrlFromEnv(options.queueUrlEnv);
  const logger = processLogger();
  const log = (line: string, fields: Record<string, unknown> = {}): void => logger.info(line, { step: 'worker', ...fields });
  const registry = await AccountRegistry.open(url);
  let queue: CycleQueue | undefined;
  let sweeps: SweepQueue | undefined;
  let results: SweepResults | undefined;
  try {
    queue = await CycleQueue.start(url, { leaseSeconds: DEFAULT_LEASE_SECONDS, superviseSeconds: SUPERVISE_SECONDS, pollSeconds: 1 }, (error) => logger.warn(`job queue: ${error.message}`, { step: 'worker' }));
    results = await SweepResults.open(url);
    const store = results;
    sweeps = await SweepQueue.start(url, { superviseSeconds: SUPERVISE_SECONDS, pollSeconds: 1 }, (error) => logger.warn(`sweep queue: ${error.message}`, { step: 'worker' }));
    log(`autofolio worker ${process.pid}: ${concurrency} cycle${concurrency === 1 ? '' : 's'} and ${sweepConcurrency} backtest sweep point${sweepConcurrency === 1 ? '' : 's'} at a time`);
    await queue.work(concurrency, async (raw) => {
      const job = parseCycleJob(raw.data, raw.id);
      const what = `job ${raw.id} ${job.accountId} ${job.trigger.kind} ${isoTime(job.trigger.time)}`;
      const started = Date.now();
      try {
        const report = await runCycleJob(job, { registry, lockAccount: (id) => tryLockAccount(url, id, (error) => logger.warn(`${id}: the connection that holds the account's lock was lost (${error.message}); the running cycle goes on`, { step: 'worker', account: id })), log: (line) => log(line, { account: job.accountId }) });
        log(`${what}: ${report.outcome}${report.runId ? ` ${report.runId}` : ''}${report.message ? `: ${report.message}` : ''} (${Date.now() - started} ms)`, { account: job.accountId, job: raw.id, outcome: report.outcome });
        return report;
      } catch (error) {
        log(`${what}: failed, the queue retries it: ${error instanceof Error ? error.message : String(error)} (${Date.now() - started} ms)`, { account: job.accountId, job: raw.id, outcome: 'failed' });
        throw error;
      }
    });
    await sweeps.work(sweepConcurrency, async (raw) => {
      const job = parseSweepPointJob(raw.data, raw.id);
      const what = `sweep ${job.sweepId} point ${job.point + 1}/${job.points} (${Object.entries(job.backtest.params).map(([k, v]) => `${k}=${v}`).join(' ')})`;
      const started = Date.now();
      log(`${what}: started`, { job: raw.id });
      // On a thread of its own, the one `autofolio backtest --sweep` runs points on: the
      // backtest keeps a core busy, and this process's event loop serves the cycles meanwhile.
      const [row] = await runSweepPool([job.backtest], undefined, 1);
      await store.store(job.sweepId, job.point, row!);
      log(`${what}: ${row!.error ? `error: ${row!.error}` : 'done'} (${Date.now() - started} ms)`, { job: raw.id });
    });
    const signal = await new Promise<NodeJS.Signals>((resolve) => {
      process.once('SIGTERM', resolve);
      process.once('SIGINT', resolve);
    });
    log(`${signal}: waiting up to ${STOP_GRACE_SECONDS} s for the running cycles and sweep points, then stopping`);
  } finally {
    await Promise.all([queue?.stop(STOP_GRACE_SECONDS), sweeps?.stop(STOP_GRACE_SECONDS)]);
    await results?.close();
    await registry.close();
  }
  log('stopped');
}
