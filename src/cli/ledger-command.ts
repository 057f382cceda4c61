import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { openAccount, type OpenAccount } from '../app/open-account.js';
import { loadConfig } from '../config/load.js';
import { allRecordedFills } from '../cycle/journal.js';
import { newRunId } from '../cycle/run-id.js';
import { collectOwnFills } from '../cycle/steps/collect-own-fills.js';
import { settledRead } from '../cycle/steps/settled-read.js';
import { inferMissingFills } from '../cycle/steps/infer-fills.js';
import { instrumentTerms } from '../cycle/instruments.js';
import { inferredFillsNotice } from '../notify/inferred-fills-message.js';
import { bookCorporateActions } from '../ledger/cycle-hooks.js';
import { adoptDifferences, type AdoptionPlan } from '../ledger/adopt-differences.js';
import { describeDifferences, type ReconcileLine, type Reconciliation } from '../ledger/reconcile.js';

/**
 * `autofolio ledger adopt`: a trade made at the broker by hand (or any position difference the
 * ledger cannot explain) blocks every run until the ledger holds it. This shows the broker's
 * differences against the ledger and, once the owner confirms, books each position difference
 * as an external trade (tag `external`, execution id `external:…`, in the journal, the ledger
 * and the trades CSV), so that the account can trade again.
 */
export function registerLedgerCommand(program: Command): void {
  const ledger = program.command('ledger').description('The account\'s own books');
  ledger
    .command('adopt')
    .description('Book the broker\'s position differences (manual trades) as external trades, after confirmation')
    .option('--yes', 'book without asking (for scripts)')
    .action(async (options: { yes?: boolean }, command: Command) => {
      const config = loadConfig(command.optsWithGlobals<{ config: string }>().config);
      const account = await openAccount(config);
      const now = account.deps.clock.now();
      const runId = newRunId(now);
      const lock = account.store.runLock();
      await lock.acquire(runId);
      try {
        await account.deps.broker.connect();
        try {
          process.exitCode = await adopt(account, runId, now, options.yes === true);
        } finally {
          await account.deps.broker.disconnect();
        }
      } finally {
        await lock.release();
        await account.close();
      }
    });
}

async function adopt(account: OpenAccount, runId: string, now: number, yes: boolean): Promise<number> {
  const before = await compare(account, runId, now);
  if (before.ok) {
    console.log('ledger and broker agree: nothing to adopt');
    return 0;
  }
  console.log('the broker differs from the ledger:');
  for (const line of describeDifferences(before.differences)) console.log(`  ${line}`);
  const plan = await planAdoption(account, before, runId, now);
  if (plan.trades.length === 0) {
    console.log('no position differs: a cash difference alone is a cash movement (deposit, withdrawal, dividend, interest, fee); record it with `autofolio cashflow add`');
    return 1;
  }
  console.log('to book as external trades:');
  for (const { fill, pricedBy } of plan.trades) {
    console.log(`  ${fill.side} ${fill.quantity} ${fill.symbol} at ${Number(fill.price.toFixed(6))} ${fill.currency} (${pricedBy === 'cash' ? 'price from the cash it moved, commission included' : 'at the market price: no matching cash move'})`);
  }
  for (const left of plan.cashLeft) console.log(`  cash ${left.currency} ${left.difference} stays a difference: a cash movement for \`autofolio cashflow add\``);
  if (!yes && !(await confirmed(`Book ${plan.trades.length} external trade(s) in the ledger? [y/N] `))) {
    console.log('nothing booked');
    return 1;
  }
  await account.deps.journal.record({ fills: { runId, fills: plan.trades.map((t) => t.fill) }, ledger: plan.trades.map((t) => t.entry) });
  console.log(`booked ${plan.trades.length} external trade(s)`);
  const after = await compare(account, runId, now);
  console.log(after.ok ? 'ledger and broker agree: the next run trades again' : `still different: ${describeDifferences(after.differences).join('; ')}`);
  return after.ok ? 0 : 1;
}

/** The ledger against an account read that no new fill of autofolio's own followed. */
async function compare(account: OpenAccount, runId: string, now: number): Promise<Reconciliation> {
  const { broker, journal, config } = account.deps;
  const ledger = account.deps.ledger!;
  const { value: brokerAccount } = await settledRead(() => broker.account(), () => collectOwnFills(broker, journal, runId, now, ledger));
  const tolerance = { cash: config.ledger.cashTolerance, quantity: config.ledger.quantityTolerance };
  await bookCorporateActions(ledger, account.deps.marketData, config, now);
  // Fills of autofolio's own orders whose reports are gone are its own, not external trades.
  const inferred = await inferMissingFills({ broker, journal, ledger, runId, now, account: brokerAccount, terms: instrumentTerms(config), tolerance });
  if (inferred.length > 0) {
    console.log(`${inferred.length} fill(s) of autofolio's own orders INFERRED from the broker's completed orders: ${inferred.map((f) => `${f.side} ${f.quantity} ${f.symbol}`).join(', ')}`);
    await account.deps.notifier.send(inferredFillsNotice({ accountId: config.account.id, runId, time: now, fills: inferred }));
  }
  return ledger.reconcile(brokerAccount, tolerance, now, async () => (await allRecordedFills(journal)).map((f) => f.execId));
}

async function planAdoption(account: OpenAccount, result: Reconciliation, runId: string, now: number): Promise<AdoptionPlan> {
  const { config, broker } = account.deps;
  const instruments = new Map(config.instruments.map((i) => [i.symbol, i]));
  const quoted = result.differences.flatMap((l) => (l.kind === 'position' ? (instruments.get(l.key) ?? []) : []));
  const mids = new Map<string, number>();
  try {
    for (const q of await broker.quotes(quoted)) mids.set(q.symbol, (q.bid + q.ask) / 2);
  } catch {
    // Without quotes the broker's (or the ledger's) average cost values the trades.
  }
  const referencePrice = (line: ReconcileLine) => mids.get(line.key) ?? line.brokerAvgCost ?? line.ledgerAvgCost;
  const terms = (symbol: string) => {
    const instrument = instruments.get(symbol);
    return instrument ? { currency: instrument.currency, multiplier: instrument.multiplier } : { currency: config.account.baseCurrency, multiplier: 1 };
  };
  return adoptDifferences({ lines: result.lines, terms, referencePrice, runId, time: now });
}

async function confirmed(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    // A closed input (no terminal, nothing piped) answers no.
    const answer = await Promise.race([rl.question(question), new Promise<string>((resolve) => rl.once('close', () => resolve('')))]);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}
