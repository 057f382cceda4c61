import { flowAdjustedValues } from '../analytics/net-pnl.js';
import { pnlRatio } from '../analytics/net-pnl.js';
import { positionsAgainstTargets, type PositionTarget } from '../notify/positions-vs-targets.js';
import type { OpenAccount } from '../app/open-account.js';
import type { JournalEntry } from '../cycle/journal-entry.js';
import type { RunSummary } from '../cycle/journal.js';
import { readKillSwitch } from '../cycle/read-kill-switch.js';
import type { Fill } from '../domain/order.js';
import { journalFlows } from '../ledger/external-flows.js';
import { ratesAt } from '../ledger/rates-at.js';
import { runningDaemonPid } from '../schedule/daemon-lock.js';
import { resolveSchedule } from '../schedule/schedule.js';
import { nextTriggers } from '../schedule/triggers.js';
import type { SentNotice, SqliteOutbox } from '../store/sqlite-outbox.js';
import type { RecordedOrder, SqliteRunDetail } from '../store/sqlite-run-detail.js';

/** One account the dashboard shows, opened once when the server starts. */
export interface DashboardAccount {
  readonly id: string;
  readonly account: OpenAccount;
  readonly outbox: SqliteOutbox;
  readonly detail: SqliteRunDetail;
}

const RUNS_SHOWN = 15;
const NOTICES_SHOWN = 15;
const LAST_TIME = Date.parse('9999-12-31T23:59:59.999Z');

export interface RunWithSteps extends RunSummary {
  readonly steps: readonly JournalEntry[];
}

/**
 * Everything the page shows for one account, read from the journal and the outbox. Only figures
 * and names: the config (and any secret the environment gave it) never leaves the server.
 */
export interface AccountView {
  readonly account: { readonly id: string; readonly baseCurrency: string | undefined };
  readonly trading: { readonly halted: boolean; readonly reason?: string; readonly source?: string; readonly since?: number };
  readonly nextRun: { readonly time: number; readonly kind: string; readonly session: string; readonly digest?: string } | null;
  readonly daemon: { readonly running: boolean; readonly pid?: number };
  readonly figures: {
    readonly asOf: number;
    readonly runId: string;
    readonly nlv: number;
    readonly pnlDay: number;
    readonly pnlDayRatio: number | null;
    readonly pnlSinceStart: number;
    readonly pnlSinceStartRatio: number | null;
    readonly grossLeverage: number;
    readonly netLeverage: number;
  } | null;
  readonly cash: readonly { readonly currency: string; readonly amount: number; readonly inBase: number | null }[];
  /** Per currency: cash and positions in it, in the base currency, and as a fraction of NLV. */
  readonly fxExposure: readonly { readonly currency: string; readonly inBase: number; readonly weight: number }[];
  readonly positions: readonly PositionTarget[];
  readonly plan: { readonly runId: string; readonly at: number; readonly dryRun: boolean } | null;
  /** Epoch ms, NLV with later deposits and withdrawals added (no jump where money moved), and drawdown from the peak. */
  readonly equity: { readonly times: readonly number[]; readonly values: readonly number[]; readonly drawdown: readonly number[] };
  readonly runs: readonly RunWithSteps[];
  readonly notices: readonly SentNotice[];
}

const finite = (n: number): number | null => (Number.isFinite(n) ? n : null);

export async function accountView(dashboard: DashboardAccount): Promise<AccountView> {
  const { deps, paths } = dashboard.account;
  const { journal, config } = deps;
  const snapshot = await journal.latestSnapshot();
  const recorded = await journal.killSwitch();
  const reading = await readKillSwitch(deps);
  const now = deps.clock.now();
  const next = nextTriggers(resolveSchedule(config, now), now, 1)[0];
  const pid = runningDaemonPid(paths);
  const rates = await journal.rates();
  const base = snapshot?.baseCurrency;
  const toBase = (amount: number, currency: string, at: number): number | null => {
    if (currency === base) return amount;
    const rate = ratesAt(rates, at)[currency];
    return rate === undefined ? null : amount * rate;
  };
  // The same table as status and the digest: the journal's latest plan against the latest snapshot.
  const plan = await journal.latestPlan();
  const positions = positionsAgainstTargets(snapshot, plan);
  const cash = Object.entries(snapshot?.cash ?? {}).map(([currency, amount]) => ({ currency, amount, inBase: snapshot ? toBase(amount, currency, snapshot.time) : null }));
  const runs = await Promise.all((await journal.runs(RUNS_SHOWN)).map(async (run) => ({ ...run, steps: await journal.steps(run.id) })));
  return {
    account: { id: dashboard.id, baseCurrency: base },
    trading: { halted: reading.halted, ...(reading.reason ? { reason: reading.reason } : {}), ...(recorded.source ? { source: recorded.source } : {}), ...(recorded.since !== undefined ? { since: recorded.since } : {}) },
    nextRun: next ? { time: next.time, kind: next.kind, session: next.session, ...(next.digest ? { digest: next.digest } : {}) } : null,
    daemon: pid ? { running: true, pid } : { running: false },
    figures: snapshot
      ? {
          asOf: snapshot.time,
          runId: snapshot.runId,
          nlv: snapshot.nlv,
          pnlDay: snapshot.pnlDay,
          pnlDayRatio: finite(pnlRatio(snapshot.pnlDay, snapshot.nlv)),
          pnlSinceStart: snapshot.pnlSinceStart,
          pnlSinceStartRatio: finite(pnlRatio(snapshot.pnlSinceStart, snapshot.nlv)),
          grossLeverage: snapshot.grossLeverage,
          netLeverage: snapshot.netLeverage,
        }
      : null,
    cash,
    fxExposure: snapshot ? fxExposure(snapshot.nlv, cash, snapshot.positions) : [],
    positions,
    plan: plan ? { runId: plan.runId, at: plan.at, dryRun: plan.dryRun } : null,
    equity: base ? await equityCurve(dashboard, base) : { times: [], values: [], drawdown: [] },
    runs,
    notices: await dashboard.outbox.recent(NOTICES_SHOWN),
  };
}

function fxExposure(nlv: number, cash: AccountView['cash'], positions: readonly { currency: string; marketValue: number }[]): AccountView['fxExposure'] {
  const byCurrency = new Map<string, number>();
  for (const c of cash) if (c.inBase !== null) byCurrency.set(c.currency, (byCurrency.get(c.currency) ?? 0) + c.inBase);
  for (const p of positions) byCurrency.set(p.currency, (byCurrency.get(p.currency) ?? 0) + p.marketValue);
  return [...byCurrency].map(([currency, inBase]) => ({ currency, inBase, weight: nlv > 0 ? inBase / nlv : 0 })).sort((a, b) => Math.abs(b.inBase) - Math.abs(a.inBase));
}

async function equityCurve(dashboard: DashboardAccount, base: string): Promise<AccountView['equity']> {
  const { journal } = dashboard.account.deps;
  const snapshots = await journal.snapshotsBetween(0, LAST_TIME);
  const values = flowAdjustedValues(
    snapshots.map((s) => ({ time: s.time, value: s.nlv, ledgerSeq: s.ledgerSeq ?? 0 })),
    await journalFlows(journal, base),
  );
  let peak = Number.NEGATIVE_INFINITY;
  const drawdown = values.map((v) => {
    peak = Math.max(peak, v);
    return peak > 0 ? v / peak - 1 : 0;
  });
  return { times: snapshots.map((s) => s.time), values, drawdown };
}

/** A run with its steps, the orders it planned and sent, and the fills it recorded. */
export interface RunDetailView {
  readonly runId: string;
  readonly steps: readonly JournalEntry[];
  readonly orders: readonly RecordedOrder[];
  readonly fills: readonly Fill[];
}

export async function runDetail(dashboard: DashboardAccount, runId: string): Promise<RunDetailView | undefined> {
  const { journal } = dashboard.account.deps;
  if (!(await dashboard.detail.hasRun(runId))) return undefined;
  return { runId, steps: await journal.steps(runId), orders: await dashboard.detail.orders(runId), fills: await dashboard.detail.fills(runId) };
}

/**
 * What changes while a run is in progress or a person acts: the newest run, the runs in progress
 * and their steps so far, the kill switch (recorded and the HALT file) and the newest notice. The live feed sends the
 * whole view again only when this changes.
 */
export async function changeMark(dashboard: DashboardAccount): Promise<string> {
  const { deps } = dashboard.account;
  const [newest] = await deps.journal.runs(1);
  // A run on the data's clock may start earlier than the newest recorded one: runs in progress are followed by themselves.
  const running = await Promise.all((await deps.journal.runningRuns()).map(async (run) => [run.id, (await deps.journal.steps(run.id)).length]));
  const killSwitch = await readKillSwitch(deps);
  const [notice] = await dashboard.outbox.recent(1);
  return JSON.stringify([newest?.id, newest?.outcome, running, killSwitch, notice?.time, notice?.subject]);
}
