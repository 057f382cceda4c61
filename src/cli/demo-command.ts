import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { openAccount } from '../app/open-account.js';
import { runOnce } from '../app/run-once.js';
import { parseDate } from '../calendar/civil-date.js';
import { getCalendar } from '../calendar/get-calendar.js';
import type { Session } from '../calendar/session.js';
import { zonedToUtc } from '../calendar/zoned-time.js';
import { loadConfig } from '../config/load.js';
import { CsvMarketData } from '../data/csv/csv-market-data.js';
import { SimulatedClock } from '../domain/clock.js';
import { formatProblems, formatRunLine } from './format-run.js';
import { initAccountFolder } from './init-command.js';

const HOUR = 3600_000;
const MINUTE = 60_000;

/**
 * The hourly triggers of one session, the default schedule: every hour from 5 minutes after
 * the open while at least 10 minutes remain, then the after-close run at 05:00 New York.
 */
export function demoTriggers(session: Session, timeZone: string): { time: number; purpose: 'trade' | 'end-of-day' }[] {
  const triggers: { time: number; purpose: 'trade' | 'end-of-day' }[] = [];
  for (let t = session.open + 5 * MINUTE; t <= session.close - 10 * MINUTE; t += HOUR) triggers.push({ time: t, purpose: 'trade' });
  triggers.push({ time: zonedToUtc(parseDate(session.date) + 1, 5 * 60, timeZone), purpose: 'end-of-day' });
  return triggers;
}

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('Simulate a full trading day of hourly cycles on the paper broker over the sample data')
    .option('--dir <dir>', 'folder for the artefacts (default: a new temporary folder)')
    .action(async (options: { dir?: string }) => {
      const dir = options.dir ? resolve(options.dir) : mkdtempSync(join(tmpdir(), 'autofolio-demo-'));
      const config = loadConfig(await initAccountFolder(dir));
      const calendar = getCalendar('XNYS');
      const newest = await new CsvMarketData({ dir: config.dataPath, symbols: config.instruments.map((i) => i.symbol) }).latestBarTime();
      if (newest === undefined) throw new Error('the sample data has no bars');
      const session = calendar.sessionAt(newest) ?? calendar.previousSession(new Date(newest).toISOString().slice(0, 10));
      const triggers = demoTriggers(session, calendar.timeZone);
      const clock = new SimulatedClock(triggers[0]!.time);
      const account = await openAccount(config, { clock });
      console.log(`autofolio demo: account ${config.account.id}, paper broker, synthetic sample data, session ${session.date} (New York)`);
      console.log(`artefacts in ${dir}\n`);
      let sent = 0;
      let fills = 0;
      let worst = 0;
      let last;
      try {
        for (const trigger of triggers) {
          clock.set(trigger.time);
          const result = await runOnce(account, { purpose: trigger.purpose, dryRun: false });
          console.log(`${formatRunLine(result)}${trigger.purpose === 'end-of-day' ? '  (end of day)' : ''}`);
          for (const line of formatProblems(result)) console.log(line);
          sent += result.ordersSent;
          fills += result.fills;
          worst = Math.max(worst, result.exitCode);
          last = result.snapshot ?? last;
        }
      } finally {
        await account.close();
      }
      console.log(`\n${triggers.length} runs, ${sent} orders sent, ${fills} fills.`);
      if (last) {
        const money = (n: number): string => n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
        console.log(`NLV ${money(last.nlv)} ${last.baseCurrency}, P&L today ${money(last.pnlDay)}, since start ${money(last.pnlSinceStart)}, gross leverage ${last.grossLeverage.toFixed(2)}, ${last.positions.length} positions.`);
      }
      console.log(`\nartefacts (${dir}):`);
      for (const line of listArtefacts(dir)) console.log(`  ${line}`);
      console.log(`\nlook around: autofolio status --config ${join(dir, 'autofolio.yaml')}`);
      process.exitCode = worst === 0 ? 0 : worst;
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
