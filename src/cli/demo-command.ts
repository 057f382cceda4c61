import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { getCalendar } from '../calendar/get-calendar.js';
import { loadConfig } from '../config/load.js';
import type { CycleResult } from '../cycle/run-cycle.js';
import { configCsvMarketData } from '../data/csv/config-market-data.js';
import { twoDecimals } from '../notify/decimal-format.js';
import { Daemon } from '../schedule/daemon.js';
import { MemoryFiredStore } from '../schedule/fired-store.js';
import { resolveSchedule, scheduleExchange } from '../schedule/schedule.js';
import { SimulatedDaemonClock } from '../schedule/simulated-daemon-clock.js';
import { triggerRunner } from '../schedule/trigger-runner.js';
import { sessionTriggers } from '../schedule/triggers.js';
import { formatHeld, formatOutcomeUnknown, formatProblems, formatRunLine } from './format-run.js';
import { initAccountFolder } from './init-command.js';

const money = twoDecimals;

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('Simulate a full trading day of scheduled cycles on the paper broker over the sample data')
    .option('--dir <dir>', 'folder for the artefacts (default: a new temporary folder)')
    .action(async (options: { dir?: string }) => {
      const dir = options.dir ? resolve(options.dir) : mkdtempSync(join(tmpdir(), 'autofolio-demo-'));
      const config = loadConfig(await initAccountFolder(dir));
      const calendar = getCalendar(scheduleExchange(config));
      const newest = await configCsvMarketData(config).latestBarTime();
      if (newest === undefined) throw new Error('the sample data has no bars');
      const session = calendar.sessionAt(newest) ?? calendar.previousSession(new Date(newest).toISOString().slice(0, 10));
      // The daemon itself, on a clock that jumps from trigger to trigger: the demo fires what
      // `autofolio daemon` would fire that day (hourly runs, digests, the end-of-day job).
      const schedule = resolveSchedule(config, session.open);
      const triggers = sessionTriggers(schedule, session);
      const last = triggers.at(-1);
      if (!last) throw new Error(`the schedule has no trigger in the session of ${session.date}`);
      const stop = { daemon: undefined as Daemon | undefined };
      const clock = new SimulatedDaemonClock(session.open, last.time, () => stop.daemon?.stop('end of the simulated day'));
      console.log(`autofolio demo: account ${config.account.id}, paper broker, synthetic sample data, session ${session.date} (${calendar.timeZone})`);
      console.log(`artefacts in ${dir}\n`);
      const results: CycleResult[] = [];
      const daemon = new Daemon({
        schedule,
        clock,
        store: new MemoryFiredStore(),
        log: () => {},
        fire: triggerRunner({
          config,
          clock,
          log: (line) => console.log(line),
          onResult: (trigger, result) => {
            console.log(`${formatRunLine(result, calendar.timeZone)}${trigger.kind === 'end-of-day' ? '  (end of day)' : ''}`);
            for (const line of [...formatHeld(result), ...formatProblems(result), ...formatOutcomeUnknown(result)]) console.log(line);
            results.push(result);
          },
        }),
      });
      stop.daemon = daemon;
      await daemon.run();
      const sent = results.reduce((n, r) => n + r.ordersSent, 0);
      const fills = results.reduce((n, r) => n + r.fills, 0);
      const worst = results.reduce((n, r) => Math.max(n, r.exitCode), 0);
      const lastSnapshot = results.map((r) => r.snapshot).filter((s) => s !== undefined).at(-1);
      console.log(`\n${results.length} runs, ${sent} orders sent, ${fills} fills.`);
      if (lastSnapshot) {
        console.log(`NLV ${money(lastSnapshot.nlv)} ${lastSnapshot.baseCurrency}, P&L today ${money(lastSnapshot.pnlDay)}, since start ${money(lastSnapshot.pnlSinceStart)}, gross leverage ${lastSnapshot.grossLeverage.toFixed(2)}, ${lastSnapshot.positions.length} positions.`);
      }
      console.log(`\nartefacts (${dir}):`);
      for (const line of listArtefacts(dir)) console.log(`  ${line}`);
      console.log(`\nlook around: autofolio status --config ${join(dir, 'autofolio.yaml')}`);
      process.exitCode = results.length === triggers.length ? worst : 1;
    });
}

function listArtefacts(dir: string): string[] {
  const state = join(dir, 'state');
  const describe = (name: string, path: string): string => {
    const full = join(state, path);
    try {
      const s = statSync(full);
      if (!s.isDirectory()) return `${name.padEnd(10)} ${relative(dir, full)} (${s.size} bytes)`;
      const count = countFiles(full);
      return `${name.padEnd(10)} ${relative(dir, full)}/ (${count} files)`;
    } catch {
      return `${name.padEnd(10)} (none)`;
    }
  };
  return [describe('orders', 'orders'), describe('trades', 'trades.csv'), describe('snapshots', 'snapshots'), describe('database', 'autofolio.sqlite'), describe('outbox', 'outbox'), describe('forecast', 'forecast.csv')];
}

function countFiles(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((n, entry) => n + (entry.isDirectory() ? countFiles(join(dir, entry.name)) : 1), 0);
}
