import type { Command } from 'commander';
import { openAccount } from '../app/open-account.js';
import { loadConfig } from '../config/load.js';
import { allRecordedFills } from '../cycle/journal.js';
import { newRunId } from '../cycle/run-id.js';
import { collectOwnFills } from '../cycle/steps/collect-own-fills.js';
import { settledRead } from '../cycle/steps/settled-read.js';
import { inferMissingFills } from '../cycle/steps/infer-fills.js';
import { instrumentTerms } from '../cycle/instruments.js';
import { inferredFillsNotice } from '../notify/inferred-fills-message.js';
import { fromMinor } from '../domain/money.js';
import { bookCorporateActions } from '../ledger/cycle-hooks.js';
import { balanceChecks } from '../ledger/ledger-balance.js';
import { mismatchAdvice } from '../ledger/reconcile.js';

/**
 * `autofolio reconcile`: the ledger against the broker, line by line, on demand. It first takes
 * in fills not yet recorded, as a run's recovery step does, so that it compares like with like.
 * Exit 1 when a difference is beyond tolerance.
 */
export function registerReconcileCommand(program: Command): void {
  program
    .command('reconcile')
    .description('Compare the ledger\'s cash and positions with the broker\'s (exit 1 on a difference beyond tolerance)')
    .option('--json', 'print one JSON object')
    .action(async (options: { json?: boolean }, command: Command) => {
      const config = loadConfig(command.optsWithGlobals<{ config: string }>().config);
      const account = await openAccount(config);
      const { broker, journal, clock } = account.deps;
      const ledger = account.deps.ledger!;
      const now = clock.now();
      const runId = newRunId(now);
      const lock = account.store.runLock();
      await lock.acquire(runId, 'reconcile');
      try {
        await broker.connect();
        try {
          await collectOwnFills(broker, journal, runId, now, ledger);
          const { value: brokerAccount } = await settledRead(() => broker.account(), () => collectOwnFills(broker, journal, runId, now, ledger));
          const tolerance = { cash: config.ledger.cashTolerance, quantity: config.ledger.quantityTolerance };
          await bookCorporateActions(ledger, account.deps.marketData, config, now);
          const inferred = await inferMissingFills({ broker, journal, ledger, runId, now, account: brokerAccount, terms: instrumentTerms(config), tolerance });
          if (inferred.length > 0) await account.deps.notifier.send(inferredFillsNotice({ accountId: config.account.id, runId, time: now, fills: inferred }));
          const result = await ledger.reconcile(brokerAccount, tolerance, now, async () => (await allRecordedFills(journal)).map((f) => f.execId));
          const state = await ledger.state();
          const balance = balanceChecks(state).map((c) => ({ currency: c.currency, assetsAtCost: fromMinor(c.assetsAtCost, c.currency), sources: fromMinor(c.sources, c.currency), balanced: c.assetsAtCost === c.sources }));
          if (options.json) {
            console.log(JSON.stringify({ ok: result.ok, opened: result.opened, inferredFills: inferred, lines: result.lines, differences: result.differences, balance }));
          } else {
            if (inferred.length > 0) console.log(`${inferred.length} fill(s) INFERRED from the broker's completed orders (their execution reports are gone; prices not from executions): ${inferred.map((f) => `${f.side} ${f.quantity} ${f.symbol}`).join(', ')}`);
            if (result.opened) console.log('the ledger opened now, from the broker\'s account');
            console.log(`${'what'.padEnd(10)} ${'key'.padEnd(10)} ${'ledger'.padStart(16)} ${'broker'.padStart(16)} ${'difference'.padStart(14)}  avg cost ledger / broker`);
            for (const l of result.lines) {
              const costs = l.kind === 'position' ? `  ${l.ledgerAvgCost?.toFixed(4) ?? '–'} / ${l.brokerAvgCost?.toFixed(4) ?? '–'}` : '';
              console.log(`${l.kind.padEnd(10)} ${l.key.padEnd(10)} ${String(l.ledger).padStart(16)} ${String(l.broker).padStart(16)} ${String(Number(l.difference.toPrecision(12))).padStart(14)}${l.withinTolerance ? '' : '  ← beyond tolerance'}${costs}`);
            }
            for (const b of balance) console.log(`books ${b.currency}: cash + positions at cost ${b.assetsAtCost} = contributions + conversions + realised P&L ${b.sources}${b.balanced ? '' : '  ← DOES NOT BALANCE'}`);
            console.log(result.ok ? 'ledger and broker agree' : `${result.differences.length} difference(s) beyond tolerance: the next run will send nothing until they are resolved. ${mismatchAdvice(result.differences)}`);
          }
          process.exitCode = result.ok && balance.every((b) => b.balanced) ? 0 : 1;
        } finally {
          await broker.disconnect();
        }
      } finally {
        await lock.release();
        await account.close();
      }
    });
}
