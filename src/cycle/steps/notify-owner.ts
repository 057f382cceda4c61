import { lastKnownPriceValue } from '../../data/bar-series.js';
import type { BrokerOrder, OrderIntent } from '../../domain/order.js';
import type { Snapshot } from '../../domain/snapshot.js';
import { journalFlows } from '../../ledger/external-flows.js';
import { alertNotice } from '../../notify/alert-message.js';
import { composeDigest } from '../../notify/compose-digest.js';
import { interruptedNotice } from '../../notify/interrupted-notice.js';
import type { Plan } from '../../planning/plan-orders.js';
import { DIGESTS, type CycleDeps, type DigestLabel } from '../cycle-deps.js';
import { readKillSwitch } from '../read-kill-switch.js';
import type { StepRunner } from '../step-runner.js';
import { tradingDate } from '../trading-date.js';

export interface NotifyInput {
  readonly runId: string;
  readonly now: number;
  /** A dry run sends no digest and leaves the day's digests to the real runs; its alerts say it was a dry run. */
  readonly dryRun: boolean;
  /** The digest the schedule says is due with this run, if any. */
  readonly digest: DigestLabel | undefined;
  readonly steps: StepRunner;
  readonly snapshot: Snapshot | undefined;
  readonly plan: Plan | undefined;
  readonly sent: readonly BrokerOrder[];
  /** Orders whose request may have reached the broker but whose reply was lost. */
  readonly unknown: readonly OrderIntent[];
  /** Runs this run found left 'running' by a dead process and marked interrupted. */
  readonly interrupted: readonly string[];
}

/**
 * Steps 10 and 11 of the cycle (README): an alert at once on any error or block (a block by the kill
 * switch alone is what its owner asked for, so it is not alerted), and the digest the schedule
 * says is due (session start, middle or end), once per trading day.
 */
export async function notifyOwner(deps: CycleDeps, input: NotifyInput): Promise<void> {
  try {
    await alertAndDigest(deps, input);
  } finally {
    // Whatever an earlier outage left in the outbox goes out now, even when this run has nothing to say.
    await deps.notifier.flush?.();
  }
}

/**
 * The steps after `notify` (end of day, disconnect) and the run's last record can still fail,
 * e.g. on a disk that filled meanwhile. The notify step could not tell of those, so they are
 * alerted here, once, at the end of the run.
 */
export async function alertLateFailures(deps: CycleDeps, input: Pick<NotifyInput, 'runId' | 'now' | 'steps' | 'plan' | 'sent'>, late: { step: string; reason: string } | undefined): Promise<void> {
  if (!late) return;
  const sentTags = new Set(input.sent.map((o) => o.tag));
  await deps.notifier.send(
    alertNotice({
      accountId: deps.config.account.id,
      step: late.step,
      reason: late.reason,
      runId: input.runId,
      time: input.now,
      journal: [...input.steps.entries],
      ordersSent: input.sent,
      ordersNotSent: (input.plan?.orders ?? []).filter((o) => !sentTags.has(o.tag)),
      hint: hintFor('error', late.step),
    }),
  );
}

async function alertAndDigest(deps: CycleDeps, input: NotifyInput): Promise<void> {
  const { steps } = input;
  if (input.interrupted.length > 0) {
    const interrupted = await Promise.all(input.interrupted.map(async (id) => ({ id, journal: (await deps.journal.steps(id)).filter((e) => e.step !== 'interrupted') })));
    await deps.notifier.send(interruptedNotice({ accountId: deps.config.account.id, runId: input.runId, time: input.now, timeZone: deps.timeZone, interrupted }));
  }
  const failure = steps.firstFailure;
  const killSwitch = await readKillSwitch(deps);
  // A halt that stopped a run after it had sent orders is alerted all the same: the owner
  // needs to know what went out before the halt and that its working orders were cancelled.
  const onlyHalted = steps.errorFlags.length === 0 && input.sent.length === 0 && input.unknown.length === 0 && killSwitch.halted && steps.blocks.every((b) => b.includes(killSwitch.reason ?? '\u0000'));
  if (failure && !onlyHalted) {
    const sentTags = new Set([...input.sent, ...input.unknown].map((o) => o.tag));
    await deps.notifier.send(
      alertNotice({
        accountId: deps.config.account.id,
        step: failure.step,
        reason: failure.error ?? failure.outcome,
        runId: input.runId,
        time: input.now,
        timeZone: deps.timeZone,
        dryRun: input.dryRun,
        journal: [...steps.entries],
        ordersSent: input.sent,
        ordersOutcomeUnknown: input.unknown,
        ordersNotSent: (input.plan?.orders ?? []).filter((o) => !sentTags.has(o.tag)),
        hint: hintFor(failure.outcome, failure.step),
      }),
    );
  } else if (!failure) {
    // A clean run ends every folded alert, so the next failure is news again.
    await deps.notifier.allClear?.(input.now);
  }
  // A dry run's digest would use up the day's digest: the real run after it would then send none.
  if (!input.snapshot || input.dryRun) return;
  const label = await dueDigest(deps, input);
  if (!label) return;
  await sendDigest(deps, { snapshot: input.snapshot, label, now: input.now });
  const date = tradingDate(deps, input.now);
  await deps.journal.record({ digestsSent: { date, labels: DIGESTS.slice(0, DIGESTS.indexOf(label) + 1) } });
}

/**
 * Sends the digest of the given snapshot, or of the latest recorded one: the run at session
 * start, middle and end, `autofolio notify digest`, and the scheduler all call this. Returns
 * false when there is no snapshot yet.
 */
export async function sendDigest(deps: CycleDeps, options: { label: string; now: number; snapshot?: Snapshot }): Promise<boolean> {
  const notify = deps.config.notify;
  const snapshot = options.snapshot ?? (await deps.journal.latestSnapshot());
  // Without a notify section (a backtest) there is nobody to send a digest to.
  if (!snapshot || !notify) return false;
  const killSwitch = await readKillSwitch(deps);
  // The day's trades are those since the session opened; without a session, since midnight UTC.
  const dayStart = deps.sessionAt(options.now)?.open ?? Date.parse(`${new Date(options.now).toISOString().slice(0, 10)}T00:00:00Z`);
  const benchmark = deps.config.analytics.benchmark;
  const notice = await composeDigest(deps.journal, {
    snapshot,
    plan: await deps.journal.latestPlan(),
    timeZone: deps.timeZone,
    label: options.label,
    killSwitch,
    dayStart,
    now: options.now,
    chartDays: notify.chartDays,
    dailyLossLimitPct: deps.config.risk.dailyLossLimitPct,
    dayOf: (time) => tradingDate(deps, time),
    flows: await journalFlows(deps.journal, deps.config.account.baseCurrency),
    multipliers: new Map(deps.config.instruments.map((i) => [i.symbol, i.multiplier])),
    ...(benchmark ? { benchmark: { name: benchmark, priceAt: async (time: number) => lastKnownPriceValue(await deps.marketData.bars(benchmark, time), time) } } : {}),
  });
  await deps.notifier.send(notice);
  return true;
}

/** The digest the schedule asked for, unless it (or a later one) already went out today. */
async function dueDigest(deps: CycleDeps, input: NotifyInput): Promise<DigestLabel | undefined> {
  if (!input.digest) return undefined;
  const day = await deps.journal.day(tradingDate(deps, input.now));
  return day?.digests.includes(input.digest) ? undefined : input.digest;
}

function hintFor(outcome: string, step: string): string {
  if (outcome === 'blocked' && step === 'send-orders') return 'The kill switch was set while this run was sending: the orders listed as sent went out before the halt, those still working were cancelled, and nothing more was sent. Check their fills with `autofolio status`; `autofolio resume` lets the next run trade again.';
  if (outcome === 'blocked') return 'A safety check refused the plan and nothing was sent. Read the reasons above; if they are expected, nothing needs doing, otherwise fix the cause (or `autofolio halt` to stop trading) before the next run.';
  if (step === 'connect') return 'The broker could not be reached: check that the gateway is up and logged in; the next run retries by itself.';
  if (step === 'read-forecast' || step === 'generate-forecast') return 'The forecast could not be made or read: fix the strategy or the forecast file named above; no order was sent.';
  return 'Read the step that failed in the journal below, fix its cause, and run `autofolio status` to see the account; the next run starts from the broker\'s state and sends nothing twice.';
}
