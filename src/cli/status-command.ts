import type { Command } from 'commander';
import { openRecords } from '../app/open-records.js';
import { fromMinor } from '../domain/money.js';
import { pnlRatio } from '../analytics/net-pnl.js';
import { loadConfig } from '../config/load.js';
import { formatSignedMoney, formatSignedPercent } from '../notify/format.js';
import { readKillSwitch } from '../cycle/read-kill-switch.js';
import { isoTime } from '../domain/clock.js';
import { formatZoned } from '../notify/format.js';
import { twoDecimals } from '../notify/decimal-format.js';
import { planCaption, positionsAgainstTargets, positionTargetCells, positionTargetColumns } from '../notify/positions-vs-targets.js';
import { textTable } from '../notify/text-table.js';
import { exposureNow, fxExposureCells, fxExposureColumns } from '../notify/fx-exposure-table.js';
import { runningDaemonPid } from '../schedule/daemon-lock.js';
import { resolveSchedule } from '../schedule/schedule.js';
import { nextTriggers } from '../schedule/triggers.js';

const money = twoDecimals;

export function registerStatusCommand(program: Command): void {
  program
    .command('status')
    .description('Show the account as of the last run, the last run, and the kill switch')
    .option('--json', 'print one JSON object')
    .action(async (options: { json?: boolean }, command: Command) => {
      const config = loadConfig(command.optsWithGlobals<{ config: string }>().config);
      const account = await openRecords(config, { clockFromLastRows: true });
      try {
        const { journal } = account;
        const snapshot = await journal.latestSnapshot();
        const plan = await journal.latestPlan();
        const targets = positionsAgainstTargets(snapshot, plan);
        const zone = account.timeZone;
        const [lastRun] = await journal.runs(1);
        const killSwitch = await readKillSwitch(account);
        const now = account.clock.now();
        const next = nextTriggers(resolveSchedule(config, now), now, 1)[0];
        const daemonPid = runningDaemonPid(account.paths);
        // Dividends and interest the ledger booked since it opened, per currency (a withholding tax is among its fees).
        const income: Record<string, number> = Object.fromEntries([...(await journal.incomeByCurrency())].filter(([, minor]) => minor !== 0).map(([currency, minor]) => [currency, fromMinor(minor, currency)]));
        const status = {
          account: snapshot ? { id: snapshot.accountId, nlv: snapshot.nlv, baseCurrency: snapshot.baseCurrency, cash: snapshot.cash, grossLeverage: snapshot.grossLeverage, pnlDay: snapshot.pnlDay, pnlSinceStart: snapshot.pnlSinceStart, asOf: new Date(snapshot.time).toISOString() } : null,
          positions: (snapshot?.positions ?? []).map((p) => ({ symbol: p.symbol, quantity: p.quantity, avgCost: p.avgCost, marketValue: p.marketValue })),
          spreads: snapshot?.spreads ?? [],
          income,
          fx: exposureNow(snapshot, config.fxHedge.ratios),
          targets: plan ? { runId: plan.runId, plannedAt: isoTime(plan.at), dryRun: plan.dryRun, rows: targets } : null,
          lastRun: lastRun ? { id: lastRun.id, outcome: lastRun.outcome, dryRun: lastRun.dryRun, startedAt: new Date(lastRun.startedAt).toISOString(), orders: lastRun.ordersSent, fills: lastRun.fills, ...(lastRun.message ? { message: lastRun.message } : {}) } : null,
          halted: killSwitch.halted,
          ...(killSwitch.reason ? { haltReason: killSwitch.reason } : {}),
          nextTrigger: next ? { time: isoTime(next.time), kind: next.kind, session: next.session, ...(next.digest ? { digest: next.digest } : {}) } : null,
          daemon: daemonPid ? { running: true, pid: daemonPid } : { running: false },
          paths: { orders: account.paths.orders, trades: account.paths.trades, snapshots: account.paths.snapshots, database: account.store.location, outbox: account.paths.outbox },
        };
        if (options.json) {
          console.log(JSON.stringify(status));
          return;
        }
        // One console.log for the whole text: an account of hundreds of positions prints a line for
        // each, and a call per line cost more than working the lines out. (console, unlike a bare
        // stdout write, ignores a reader that has gone, as `status | head` leaves it.)
        const lines: string[] = [];
        const print = (line: string): void => void lines.push(line);
        print(`account ${config.account.id}  ${killSwitch.halted ? `HALTED (${killSwitch.reason})` : 'trading'}`);
        if (status.account) {
          print(`NLV ${money(status.account.nlv)} ${status.account.baseCurrency}  gross leverage ${status.account.grossLeverage.toFixed(2)}  as of ${formatZoned(snapshot!.time, zone)}`);
          // The snapshot's P&L is net of deposits and withdrawals, as in the digest and the report (analytics/net-pnl.ts).
          const pnl = (amount: number): string => `${formatSignedMoney(amount)} (${formatSignedPercent(pnlRatio(amount, status.account!.nlv))})`;
          print(`P&L today ${pnl(status.account.pnlDay)}  since start ${pnl(status.account.pnlSinceStart)}  (net of deposits and withdrawals)`);
          print(`cash ${Object.entries(status.account.cash).map(([c, v]) => `${c} ${money(v)}`).join('  ')}`);
          if (Object.keys(income).length > 0) print(`income since the ledger opened (dividends, interest) ${Object.entries(income).map(([c, v]) => `${c} ${money(v)}`).join('  ')}`);
          for (const p of status.positions) print(`  ${p.symbol.padEnd(8)} ${String(p.quantity).padStart(10)} @ ${p.avgCost.toFixed(4).padStart(12)}  ${money(p.marketValue).padStart(16)}`);
          for (const spread of status.spreads) {
            print(`  spread ${spread.name}: ${spread.quantity} held, cost ${money(spread.cost)}, value ${money(spread.value)} ${status.account.baseCurrency}`);
            for (const leg of spread.legs) print(`    ${leg.symbol} ${leg.quantity} × ${leg.multiplier} @ ${leg.avgCost.toFixed(2)}  ${money(leg.marketValue)}`);
          }
          if (status.fx.length > 0) print(`FX exposure, hedge and target (${status.account.baseCurrency}):\n${textTable(fxExposureColumns(status.account.baseCurrency), status.fx.map(fxExposureCells))}`);
          print(`positions against targets: ${planCaption(plan, zone)}`);
          if (targets.length > 0) print(textTable(positionTargetColumns(status.account.baseCurrency), targets.map(positionTargetCells)));
        } else {
          print('no run has been recorded yet: `autofolio run` makes the first');
        }
        const upcoming = next ? `${next.kind} at ${formatZoned(next.time, zone)} (session ${next.session}${next.digest ? `, ${next.digest} digest` : ''})` : 'none within a year';
        print(`next trigger ${upcoming}; daemon ${daemonPid ? `running (process ${daemonPid})` : 'not running'}`);
        if (lastRun) print(`last run ${lastRun.id} ${lastRun.outcome}${lastRun.dryRun ? ' (dry run: nothing sent)' : ''} at ${formatZoned(lastRun.startedAt, zone)}: ${lastRun.ordersSent} orders, ${lastRun.fills} fills`);
        for (const [name, path] of Object.entries(status.paths)) print(`${name.padEnd(10)} ${path}`);
        console.log(lines.join('\n'));
      } finally {
        await account.close();
      }
    });
}
