import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { liveCycle, runNodeOk, startupSeconds } from './live-cycle.js';
import { calibrationLine, machineLine } from './machine.js';
import { formatTable } from './table.js';

// `npm run bench` (second part): a live cycle of 500 instruments against the project's stand-in
// IB gateway over a real socket, run as users run it (`autofolio run` processes), and the
// start-up time of common commands against Node's own. Figures and targets only: nothing here
// asserts a time, and it exits non-zero only when a run fails.

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLI = fileURLToPath(new URL('../bin/autofolio.js', import.meta.url));
copyFileSync(join(ROOT, 'package.json'), fileURLToPath(new URL('../package.json', import.meta.url)));
const COUNT = 500;
const STARTS = 10;
// The user cache (validated configs) of the bench's own, empty at the start, which every
// command below inherits: never the user's. Each config's entry is made by the config's first
// command, the run, as an hourly cron job's previous run makes it.
const USER_CACHE = mkdtempSync(join(tmpdir(), 'autofolio-bench-user-cache-'));
process.env.AUTOFOLIO_CACHE_DIR = USER_CACHE;

console.log(`autofolio bench: a live cycle of ${COUNT} instruments against the stand-in IB gateway (50 messages/s, 100 market data lines), autofolio at the rate its config sets`);
console.log(machineLine());
console.log(`${calibrationLine()}\n`);

const live = await liveCycle(CLI, COUNT);
const RATE = live.rate;
const rows = live.runs.map((r) => {
  const floor = r.needed / RATE;
  return [r.label, String(r.sent), `${r.contracts}/${r.quotes}/${r.orders}`, String(r.needed), `${(r.sent / r.needed).toFixed(2)}×`, r.seconds.toFixed(1), floor.toFixed(1), `${(r.seconds / floor).toFixed(2)}×`, `${(r.seconds / (r.sent / RATE)).toFixed(2)}×`, r.outcome];
});
const head = ['run', 'messages', 'contracts/quotes/orders', 'needed', 'sent ÷ needed', 'wall s', 'floor s', 'wall ÷ floor', 'wall ÷ (sent ÷ rate)', 'outcome'];
for (const line of formatTable(head, rows, [0, 2, 9])) console.log(line);
console.log(`floor = needed ÷ ${RATE}/s; targets: sent ≤ 1.2× needed, wall ≤ 1.2× sent ÷ rate plus the fill waits (the orders fill at once here, so none); wall includes Node's start-up and loading the CLI`);
console.log(`gateway: ${live.pacingViolations} pacing violations (error 100), ${live.linesRefused} snapshots refused over the lines (error 101), at most ${live.peakOpenLines} snapshots open at once`);
const failed = live.runs.filter((r) => r.problem !== undefined || r.outcome !== 'ok');
for (const r of failed) console.log(`FAILED ${r.label}: ${r.outcome} ${r.problem ?? ''}`);

// `status` where a user first meets it: a folder set up by `autofolio init` (the paper broker, the
// bundled data) with a run recorded. Also on the live account above, whose broker is IB's.
const paper = mkdtempSync(join(tmpdir(), 'autofolio-bench-status-'));
await runNodeOk([CLI, 'init', paper]);
await runNodeOk([CLI, 'run', '--config', join(paper, 'autofolio.yaml')]);
const node = await startupSeconds(['-e', '0'], STARTS);
const commands: [string, string[]][] = [
  ['autofolio --version', ['--version']],
  ['autofolio run --help', ['run', '--help']],
  ['autofolio status (after init and a run; config cached by the run, as for hourly cron)', ['status', '--config', join(paper, 'autofolio.yaml')]],
  ['autofolio status (the IB account above; config cached by its runs)', ['status', '--config', live.config]],
];
const starts: string[][] = [['node -e 0', node.toFixed(3), '1.00×']];
for (const [name, args] of commands) {
  const seconds = await startupSeconds([CLI, ...args], STARTS);
  starts.push([name, seconds.toFixed(3), `${(seconds / node).toFixed(2)}×`]);
}
// And as the first start after the config changed meets it: the cache off, the YAML parsed and validated.
process.env.AUTOFOLIO_CACHE_DIR = 'off';
const uncached = await startupSeconds([CLI, 'status', '--config', join(paper, 'autofolio.yaml')], STARTS);
process.env.AUTOFOLIO_CACHE_DIR = USER_CACHE;
starts.push(['autofolio status (after init and a run; config not cached: edited since)', uncached.toFixed(3), `${(uncached / node).toFixed(2)}×`]);
console.log('');
for (const line of formatTable([`start-up (median of ${STARTS})`, 'wall s', '× node -e 0'], starts, [0])) console.log(line);
console.log('target: status and run --help within 2× of node -e 0');
live.cleanup();
rmSync(paper, { recursive: true, force: true });
rmSync(USER_CACHE, { recursive: true, force: true });
if (failed.length > 0) process.exitCode = 1;
