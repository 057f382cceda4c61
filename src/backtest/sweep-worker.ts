import { parentPort } from 'node:worker_threads';
import { runJobRow, type BacktestJob } from './backtest-job.js';

// A sweep worker: runs one job per message and answers with its row. It holds no state between
// jobs except what Node caches (modules, and the columnar files in the OS page cache).
if (!parentPort) throw new Error('sweep-worker.js runs as a worker thread of `autofolio backtest --sweep`');
const port = parentPort;
port.on('message', (job: BacktestJob) => {
  void runJobRow(job).then((row) => port.postMessage(row));
});
