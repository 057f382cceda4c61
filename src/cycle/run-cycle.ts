import type { AccountSnapshot } from '../domain/account.js';
import type { Quote } from '../domain/bar.js';
import type { FxRates } from '../domain/money.js';
import type { Instrument } from '../domain/instrument.js';
import type { BrokerOrder, Fill, OrderIntent } from '../domain/order.js';
import type { Snapshot } from '../domain/snapshot.js';
import { bookCorporateActions, reconcileStep, recordSentQuotes } from '../ledger/cycle-hooks.js';
import { flowsSince } from '../ledger/external-flows.js';
import { instrumentsBySymbol } from '../planning/instrument-index.js';
import { planOrders } from '../planning/plan-orders.js';
import { planHedge } from './steps/plan-hedge.js';
import { planRows, type PlanRow } from '../planning/plan-rows.js';
import { closedMarketHolds } from '../risk/closed-market-holds.js';
import { evaluateRisk } from '../risk/evaluate-risk.js';
import { spreadPremiumReasons } from '../risk/checks/spread-premium.js';
import { spreadMarketOpenReasons } from '../risk/checks/spread-market-open.js';
import { spreadExposureReasons } from '../options/spread-exposure.js';
import { planSpreadOrders } from '../options/spread-orders.js';
import { holdsOptions, snapshotSpreads } from '../options/snapshot-spreads.js';
import { instrumentsWithOptions } from '../options/option-map.js';
import { heldOptionInstruments, withOptionQuotes } from '../options/option-quotes-read.js';
import type { CycleDeps, CycleOptions } from './cycle-deps.js';
import { instrumentTerms, tradableAndFxPairs, tradableInstruments, tradableSymbols, instrumentCurrencies, quotedInstruments } from './instruments.js';
import { isProcessAlive } from './process-identity.js';
import { allRecordedFills, markInterruptedRuns, type RunOutcome } from './journal.js';
import { CYCLE_STEPS } from './cycle-steps.js';
import { StepBlocked, StepRunner } from './step-runner.js';
import { buildSnapshot } from './steps/build-snapshot.js';
import { readValuation } from './steps/read-valuation.js';
import { amendOpenOrders, type AmendedOrders } from './steps/amend-open-orders.js';
import { ownOpenOrders } from './steps/cancel-open-orders.js';
import { checkedBarsOf } from './steps/checked-history.js';
import { collectOwnFills } from './steps/collect-own-fills.js';
import { alertLateFailures, notifyOwner } from './steps/notify-owner.js';
import { HaltedMidRunError, SendOrdersError, sendOrders } from './steps/send-orders.js';
import { killSwitchReader, readKillSwitch } from './read-kill-switch.js';
import { settledRead } from './steps/settled-read.js';
import { inferMissingFills } from './steps/infer-fills.js';
import { inferredFillsNotice } from '../notify/inferred-fills-message.js';
import { tradingDate } from './trading-date.js';
import { quotesBySymbol } from './quotes-by-symbol.js';

export interface CycleResult {
  readonly runId: string;
  readonly time: number;
  readonly outcome: Exclude<RunOutcome, 'running' | 'interrupted'>;
  /** 0 done, 2 blocked by a safety check (nothing sent), 1 error. */
  readonly exitCode: 0 | 1 | 2;
  /** Planned and checked only: nothing was sent. */
  readonly dryRun: boolean;
  readonly ordersPlanned: number;
  /** Every instrument of the plan, traded or not; absent when no plan was made. */
  readonly plan?: readonly PlanRow[];
  /** Trades left for a later run because their market is closed (risk.closedMarket: hold-orders). */
  readonly ordersHeld: readonly PlanRow[];
  readonly ordersSent: number;
  /** Orders whose request may have reached the broker but whose reply was lost. */
  readonly ordersOutcomeUnknown: readonly OrderIntent[];
  readonly fills: number;
  readonly snapshot?: Snapshot;
  readonly problems: readonly string[];
  readonly orderFile?: string;
}

interface MarketView {
  readonly account: AccountSnapshot;
  /** Own working orders, read with the account: their fills so far are in its positions. */
  readonly working: readonly BrokerOrder[];
  readonly fx: FxRates;
  readonly quotes: ReadonlyMap<string, Quote>;
}

/**
 * One rebalancing cycle (the README's "One cycle", steps 1–13). The caller holds the single-run lock.
 * Fail closed: an error flag in any step before sending means no order is sent.
 */
export async function runCycle(deps: CycleDeps, options: CycleOptions, runId: string): Promise<CycleResult> {
  const { config, files, clock, broker, journal } = deps;
  const now = clock.now();
  const tradable = tradableInstruments(config);
  // The config's instruments and, once planned, this run's option combinations (by spread name):
  // the config's shared index, copied only by a run that has combinations to add to it.
  let instruments: ReadonlyMap<string, Instrument> = instrumentsBySymbol(config.instruments);
  const trading = options.purpose === 'trade';
  // The caller holds the run lock, so no other run of this account is running: a run recorded
  // as running under this very process id was an earlier process that got the same id (a
  // container restarted after a kill) or an earlier cycle of this daemon that could not record
  // its end (a full disk). With a lock shared by machines, every run still recorded as running
  // is dead: its process id may be alive here as some other process, which proves nothing.
  const interrupted = await markInterruptedRuns(journal, (pid) => !deps.lockSpansMachines && pid !== process.pid && isProcessAlive(pid));
  await journal.record({ runStarted: { id: runId, purpose: options.purpose, dryRun: options.dryRun, startedAt: now, pid: process.pid } });
  const steps = new StepRunner(journal, runId, clock, deps.log);
  const fills: Fill[] = [];
  let sent: BrokerOrder[] = [];
  let unknown: OrderIntent[] = [];
  let orderFile: string | undefined;

  // Whatever happens below, the broker session is closed before the run returns or throws:
  // an open session keeps the process alive and holds the broker's client id, so the next
  // run would be refused (IB error 326) and the run lock never released.
  let disconnected = false;
  try {
    steps.meet(trading ? 'trade-run' : 'end-of-day-run');
    steps.meet('built-in-strategy', deps.strategy !== undefined);
    steps.meet('ledger', deps.ledger !== undefined);
    steps.meet('not-dry-run', !options.dryRun);

    await steps.step('connect', () => broker.connect());
    steps.meet('connected', steps.errorFlags.length === 0);
    fills.push(...((await steps.step('recover', () => collectOwnFills(broker, journal, runId, now, deps.ledger))) ?? []));
    await steps.step('generate-forecast', async () => {
      const strategy = deps.strategy!;
      const barsOf = checkedBarsOf(deps, instruments, strategy.historyDays, now);
      const forecast = await strategy.forecast({ now, instruments: tradable, barsOf });
      await files.writeForecast(forecast);
    });

    // Whether the account read holds options, asked once of its hundreds of positions: adding
    // the options' quotes leaves the account as it was read.
    let viewHoldsOptions = false;
    const view = await steps.step('read-account', async () => {
      const settled = await settledRead(() => readMarketView(deps, now), () => collectOwnFills(broker, journal, runId, now, deps.ledger));
      fills.push(...settled.fills);
      viewHoldsOptions = holdsOptions(settled.value.account.positions);
      // Options held are quoted too, so that the risk gate values them like any position.
      return viewHoldsOptions ? withOptionQuotes(broker, settled.value, config.instruments) : settled.value;
    });
    steps.meet('account', view !== undefined);
    // Own books against the broker's: a difference beyond tolerance is an error flag, so nothing is sent.
    const ledger = deps.ledger;
    const tolerance = { cash: config.ledger.cashTolerance, quantity: config.ledger.quantityTolerance };
    await steps.step('reconcile', async () => {
      await bookCorporateActions(ledger!, deps.marketData, config, now);
      const inferred = await inferMissingFills({ broker, journal, ledger: ledger!, runId, now, account: view!.account, terms: instrumentTerms(config), tolerance });
      if (inferred.length > 0) {
        fills.push(...inferred);
        await deps.notifier.send(inferredFillsNotice({ accountId: config.account.id, runId, time: now, fills: inferred }));
      }
      return reconcileStep(ledger!, view!, tolerance, now, () => allRecordedFills(journal));
    });

    const forecast = await steps.step('read-forecast', () =>
      files.readForecast({
        knownSymbols: tradableSymbols(config),
        allowShort: config.risk.allowShort,
        maxGrossLeverage: config.risk.maxGrossLeverage,
        now,
        maxAgeMs: config.forecast.maxAgeMinutes * 60_000,
        optionUnderlyings: config.options ? tradable.filter((i) => i.secType === 'STK').map((i) => i.symbol) : [],
      }),
    );
    steps.meet('forecast', forecast !== undefined);
    const plan = await steps.step('plan-orders', async () => {
      // Trades on a closed market are held back here, before buys are fitted to the cash, so the
      // plan the risk gate judges is the one that is sent (a buy never spends a held sell's proceeds).
      const held = closedMarketHolds(tradable, deps.isMarketOpen, now, config.risk);
      const stocks = planOrders({ runId, forecast: forecast!, account: view!.account, instruments: tradable, quotes: view!.quotes, fx: view!.fx, params: config.planning, held });
      const spreads = await planSpreadOrders({ runId, broker, forecast: forecast!, account: view!.account, instruments, quotes: view!.quotes, spreadLegs: () => journal.spreadLegs(), now, options: config.options });
      if (spreads.combos.size > 0) {
        const withCombos = new Map(instruments);
        for (const [symbol, combo] of spreads.combos) withCombos.set(symbol, combo);
        instruments = withCombos;
      }
      // The FX trades that fund or hedge the stock orders come after them, in the same plan.
      const hedged = planHedge(stocks, { config, account: view!.account, quotes: view!.quotes, fx: view!.fx, isMarketOpen: deps.isMarketOpen, now });
      const made = { ...hedged, orders: joined(hedged.orders, spreads.orders), lines: joined(hedged.lines, spreads.lines), notes: joined(hedged.notes, spreads.notes), spreads };
      const rows = planRows(made.lines, { nlv: view!.account.netLiquidation, leverage: forecast!.leverage, instruments, fx: view!.fx });
      await journal.record({ plan: { runId, at: now, orders: made.orders, lines: made.lines, rows } });
      orderFile = files.orderFileOf(runId, now);
      return { ...made, rows };
    });
    const gateOpen = await steps.step('risk-gate', async () => {
      const killSwitch = await readKillSwitch(deps);
      const day = view ? await journal.day(tradingDate(deps, now)) : undefined;
      const flows = day ? await flowsSince(journal, config.account.baseCurrency, day.startLedgerSeq) : undefined;
      const spreads = plan?.spreads;
      const verdict = evaluateRisk({
        orders: plan ? (plan.spreads.combos.size > 0 ? plan.orders.filter((o) => !plan.spreads.combos.has(o.symbol)) : plan.orders) : [],
        account: view?.account ?? emptyAccount(config),
        // Option legs held are valued at their premium × multiplier in leverage and weights; the
        // combination orders are judged by the spread checks below.
        instruments: view && viewHoldsOptions ? [...tradableAndFxPairs(config), ...heldOptionInstruments(view.account.positions, config.instruments)] : tradableAndFxPairs(config),
        quotes: view?.quotes ?? new Map(),
        fx: view?.fx,
        now,
        limits: config.risk,
        isMarketOpen: deps.isMarketOpen,
        killSwitch,
        ...(day ? { startOfDayNlv: day.startNlv, startOfDayFlows: flows!.today } : {}),
        errorFlags: steps.errorFlags,
      });
      const spreadReasons = spreads && spreads.lines.length > 0 && view
        ? [
            ...spreadPremiumReasons({ orders: spreads.orders, lines: spreads.lines, combos: spreads.combos, nlv: view.account.netLiquidation, fx: view.fx, baseCurrency: config.account.baseCurrency, limits: config.options! }),
            ...spreadMarketOpenReasons(spreads.orders, spreads.combos, (combo, time) => deps.isMarketOpen(instruments.get(combo.underlying) ?? combo, time), now),
            ...spreadExposureReasons(spreads, view, now, config.account.baseCurrency, config.options!),
          ]
        : [];
      const reasons = [...verdict.reasons, ...spreadReasons];
      if (reasons.length > 0) throw new StepBlocked(reasons.map((r) => r.message).join('; '));
      return true;
    });
    steps.meet('gate-open', gateOpen === true);
    const working = await steps.step('amend-open-orders', async () => {
      const made: AmendedOrders = await amendOpenOrders(broker, journal, clock, {
        runId,
        wanted: gateOpen === true && plan ? plan.orders : [],
        workingAtRead: view?.working ?? [],
        instruments,
        quotes: view?.quotes ?? new Map(),
        cancelWaitMs: config.execution.cancelWaitSeconds * 1000,
        collectFills: () => collectOwnFills(broker, journal, runId, now, deps.ledger),
      });
      fills.push(...made.fills);
      return made;
    });
    steps.meet('no-working-orders', working !== undefined);
    steps.meet('orders', (working?.toSend.length ?? 0) + (working?.amended.length ?? 0) > 0);
    sent =
      (await steps.step('send-orders', async () => {
        const orders = working!.toSend;
        const planned = view?.quotes ?? new Map<string, Quote>();
        const arrival = ledger ? await recordSentQuotes(journal, orders, planned, clock.now()) : planned;
        const reprice = config.execution.reprice;
        const fx = view?.fx;
        try {
          return (
            await sendOrders(broker, journal, clock, orders, instruments, {
              sellWaitMs: config.execution.sellWaitSeconds * 1000,
              killSwitch: killSwitchReader(deps),
              runId,
              arrival,
              amended: working!.amended,
              reprice,
              priceBandBps: config.risk.priceBandBps,
              // The plan counted on the sells' proceeds only when it fitted the buys to the cash.
              ...(config.planning.fitBuysToCash && fx ? { toBase: (amount: number, currency: string) => fx.toBase(amount, currency) } : {}),
            })
          ).sent;
        } catch (error) {
          if (error instanceof SendOrdersError || error instanceof HaltedMidRunError) ({ sent, unknown } = error.result);
          throw error;
        }
      })) ?? sent;

    await steps.step('collect-fills', async () => {
      // One list of its final length, filled in place: the run sends hundreds of orders.
      const amended = working?.amended ?? [];
      const worked = new Array<string>(sent.length + amended.length);
      for (let i = 0; i < sent.length; i++) worked[i] = sent[i]!.brokerId;
      for (let i = 0; i < amended.length; i++) worked[sent.length + i] = amended[i]!.order.brokerId;
      if (worked.length > 0) {
        const states = await broker.awaitOrders(worked, config.execution.fillWaitSeconds * 1000);
        if (states.length > 0) await journal.record({ orderStates: orderStatesOf(states) });
      }
      fills.push(...(await collectOwnFills(broker, journal, runId, now, deps.ledger)));
    });
    const snapshot = await steps.step('snapshot', async () => {
      const read = await readValuation(deps, now, view?.fx);
      // Asked once: adding the options' quotes leaves the account as it was read.
      const withOptions = holdsOptions(read.account.positions);
      const after = withOptions ? await withOptionQuotes(broker, read, config.instruments) : read;
      const date = tradingDate(deps, now);
      const day = await journal.day(date);
      const flows = await flowsSince(journal, config.account.baseCurrency, day?.startLedgerSeq);
      // Held option legs are looked up by their own symbols: one table serves the values and the spreads.
      const table = withOptions ? instrumentsWithOptions([...instruments.values()]) : instruments;
      const made = buildSnapshot({
        runId,
        time: now,
        account: after.account,
        instruments: table,
        quotes: after.quotes,
        fx: after.fx,
        hedgeRatios: config.fxHedge.ratios,
        startOfDayNlv: day?.startNlv ?? after.account.netLiquidation,
        accountStartNlv: (await journal.accountStartNlv()) ?? after.account.netLiquidation,
        flows,
        trades: fills,
      });
      const withSpreads = withOptions ? { ...made, spreads: snapshotSpreads(await journal.spreadLegs(), made.positions, (s) => table.get(s)?.multiplier ?? 1) } : made;
      await journal.record({ snapshot: withSpreads });
      return withSpreads;
    });

    const flagsBeforeNotify = steps.errorFlags.length;
    const held = plan ? heldRows(plan.rows) : [];
    await steps.step('notify', () => notifyOwner(deps, { runId, now, dryRun: options.dryRun, digest: options.digest, steps, snapshot, plan, sent, unknown, interrupted }));
    await steps.step('end-of-day', async () => (await journal.record({ endOfDay: { date: tradingDate(deps, now), at: clock.now() } })).endOfDay);
    await steps.step('disconnect', async () => {
      await broker.disconnect();
      disconnected = true;
    });

    let outcome: CycleResult['outcome'] = steps.errorFlags.length > 0 ? 'error' : steps.blocks.length > 0 ? 'blocked' : 'ok';
    const problems = [...steps.errorFlags, ...steps.blocks];
    try {
      await journal.record({ runFinished: { id: runId, outcome, endedAt: clock.now(), ordersSent: sent.length, fills: fills.length, ...(problems.length ? { message: problems.join('; ') } : {}) } });
    } catch (error) {
      // The run stays "running" in the runs table; the next run marks it interrupted.
      outcome = 'error';
      problems.push(`the journal could not record the end of the run: ${error instanceof Error ? error.message : String(error)}`);
    }
    // What failed from the notify step on (its own journal entry included) was not in its alert.
    const late = [...steps.errorFlags.slice(flagsBeforeNotify), ...problems.slice(steps.errorFlags.length + steps.blocks.length)];
    try {
      await alertLateFailures(deps, { runId, now, steps, plan, sent }, late[0] === undefined ? undefined : splitFlag(late[0]));
    } catch (error) {
      problems.push(`the alert of the failures after the notify step could not be sent: ${error instanceof Error ? error.message : String(error)}`);
    }

    return {
      runId,
      time: now,
      outcome,
      exitCode: outcome === 'error' ? 1 : outcome === 'blocked' ? 2 : 0,
      dryRun: options.dryRun,
      ordersPlanned: plan?.orders.length ?? 0,
      ...(plan ? { plan: plan.rows } : {}),
      ordersHeld: held,
      ordersSent: sent.length,
      ordersOutcomeUnknown: unknown,
      fills: fills.length,
      ...(snapshot ? { snapshot } : {}),
      ...(orderFile ? { orderFile } : {}),
      problems,
    };

  } finally {
    if (!disconnected) await broker.disconnect().catch(() => undefined);
  }
}

/** The first list, then the second; the first itself when the second is empty (most runs plan no option spread), not a copy. */
function joined<T>(first: readonly T[], second: readonly T[]): readonly T[] {
  return second.length === 0 ? first : [...first, ...second];
}

/** The journal's order states, one per order: a plain loop rather than a callback per order, in code run once per run. */
function orderStatesOf(states: readonly BrokerOrder[]): { order: BrokerOrder }[] {
  const made = new Array<{ order: BrokerOrder }>(states.length);
  for (let i = 0; i < states.length; i++) made[i] = { order: states[i]! };
  return made;
}

/** The rows whose trade was held back: one loop rather than a callback per row, in code run once per run. */
function heldRows(rows: readonly PlanRow[]): PlanRow[] {
  const held: PlanRow[] = [];
  for (let i = 0; i < rows.length; i++) if (rows[i]!.reason?.startsWith('held: ')) held.push(rows[i]!);
  return held;
}

/** An error flag reads "<step>: <reason>"; the run's own last record has no step. */
function splitFlag(flag: string): { step: string; reason: string } {
  const colon = flag.indexOf(': ');
  const step = flag.slice(0, colon);
  return colon > 0 && CYCLE_STEPS.some((s) => s.name === step) ? { step, reason: flag.slice(colon + 2) } : { step: 'end of run', reason: flag };
}

/** Step 4 of the cycle (README): the account, FX rates and quotes; also opens the trading day's record. */
async function readMarketView(deps: CycleDeps, now: number): Promise<MarketView> {
  const { broker, config, journal } = deps;
  const account = await broker.account();
  if (account.baseCurrency !== config.account.baseCurrency) {
    throw new Error(`the broker reports base currency ${account.baseCurrency} but the config says account.baseCurrency: ${config.account.baseCurrency}`);
  }
  const fx = await broker.fxRates(account.baseCurrency, instrumentCurrencies(config));
  const quoted = quotedInstruments(config, account);
  const quotes = await broker.quotes(quoted);
  const working = await ownOpenOrders(broker);
  // Both are kept once: the first reading of the day and of the account.
  await journal.record({ dayStarted: { date: tradingDate(deps, now), startNlv: account.netLiquidation, at: now }, accountStartNlv: account.netLiquidation });
  return { account, working, fx, quotes: quotesBySymbol(quotes, quoted) };
}

function emptyAccount(config: CycleDeps['config']): AccountSnapshot {
  return { accountId: config.account.id, baseCurrency: config.account.baseCurrency, netLiquidation: 0, cash: {}, positions: [] };
}
