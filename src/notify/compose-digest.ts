import { flowAdjustedValues, pnlRatio, type SequencedFlow } from '../analytics/net-pnl.js';
import type { RecordedPlan } from '../cycle/journal.js';
import type { Fill } from '../domain/order.js';
import type { Snapshot } from '../domain/snapshot.js';
import { digestNotice, type DigestInput } from './digest-message.js';
import { equityChartSvg } from './equity-chart-svg.js';
import { formatMoney, formatSignedMoney, formatSignedPercent, formatZoned } from './format.js';
import type { Notice } from './notifier.js';
import { accountOrderSlippages, type OrderSlippageSource } from '../ledger/account-order-slippage.js';
import { svgToPng } from './svg-to-png.js';

/** What a digest reads besides the snapshot; the run records provide it. */
export interface DigestSources extends OrderSlippageSource {
  snapshotsBetween(from: number, to: number): Promise<Snapshot[]>;
  fillsBetween(from: number, to: number): Promise<Fill[]>;
  referencePrices(tags: readonly string[]): Promise<(number | undefined)[]>;
}

export interface ComposeDigestInput {
  readonly snapshot: Snapshot;
  readonly label: DigestInput['label'];
  /** The latest plan: its targets and trades are shown against the positions. */
  readonly plan?: RecordedPlan | undefined;
  /** The exchange's time zone, in which times are shown; UTC without one. */
  readonly timeZone?: string;
  readonly killSwitch: { readonly halted: boolean; readonly reason?: string };
  /** Epoch ms: the day's trades are the fills from here to `now`. */
  readonly dayStart: number;
  readonly now: number;
  /** How many days of snapshots the equity curve shows. */
  readonly chartDays: number;
  /** The daily loss breaker's limit (risk.dailyLossLimitPct), shown with today's P&L. */
  readonly dailyLossLimitPct?: number;
  /** The trading date of a time, for the chart's day marks. */
  readonly dayOf?: (time: number) => string;
  /**
   * Deposits (+) and withdrawals (−) in the base currency with their ledger sequence: the curve
   * adds to each snapshot the flows recorded after it, so that money moved shows no jump.
   */
  readonly flows?: readonly SequencedFlow[];
  /**
   * The benchmark of `analytics.benchmark`: its name and its last known price at a time, so that
   * the equity curve's change is shown beside the benchmark's over the same span.
   */
  readonly benchmark?: { readonly name: string; readonly priceAt: (time: number) => Promise<number | undefined> };
  /** Contract multipliers by symbol (1 when absent), to weigh orders by value. */
  readonly multipliers?: ReadonlyMap<string, number>;
  /** SVG → PNG; replaceable in tests. */
  readonly render?: (svg: string) => Promise<Buffer>;
}

const DAY_MS = 24 * 3_600_000;

/**
 * The digest as sent at session start, middle and end or on request: the snapshot, the
 * day's trades with slippage against their reference prices, the orders they filled with
 * their slippage against decision and arrival prices, the breakers, and the equity
 * curve as an inline PNG. A chart that cannot be drawn leaves the digest without it, never
 * without the digest.
 */
export async function composeDigest(sources: DigestSources, input: ComposeDigestInput): Promise<Notice> {
  const { snapshot } = input;
  const fills = await sources.fillsBetween(input.dayStart, input.now + 1);
  const references = await sources.referencePrices(fills.map((f) => f.tag));
  const dayTrades = fills.map((fill, i) => {
    const referencePrice = references[i];
    return referencePrice === undefined ? { fill } : { fill, referencePrice };
  });
  const terms = input.multipliers && new Map([...input.multipliers].map(([symbol, multiplier]) => [symbol, { multiplier }]));
  const orders = await accountOrderSlippages(sources, fills.map((f) => f.tag), { baseCurrency: snapshot.baseCurrency, ...(terms ? { terms } : {}) });

  const history = await sources.snapshotsBetween(input.now - input.chartDays * DAY_MS, input.now + 1);
  // The journal's copy carries the ledger sequence it was recorded at; one not recorded yet includes every flow so far.
  const shown = [...history.filter((s) => s.runId !== snapshot.runId), history.find((s) => s.runId === snapshot.runId) ?? snapshot];
  const readings = shown.map((s) => ({ time: s.time, value: s.nlv, ledgerSeq: s.ledgerSeq ?? Number.POSITIVE_INFINITY })).sort((a, b) => a.time - b.time || a.ledgerSeq - b.ledgerSeq);
  const flows = input.flows ?? [];
  const adjusted = flowAdjustedValues(readings, flows);
  const points = readings.map((r, i) => ({ time: r.time, nlv: adjusted[i]! }));
  let chartPng: Buffer | undefined;
  let chartSummary: string;
  if (points.length >= 2) {
    const first = points[0]!;
    const last = points[points.length - 1]!;
    const change = first.nlv > 0 ? ` (${formatSignedPercent((last.nlv - first.nlv) / first.nlv)})` : '';
    const moved = first.nlv - readings[0]!.value;
    const note = moved !== 0 ? `; earlier values include the net ${formatSignedMoney(moved)} ${snapshot.baseCurrency} deposited or withdrawn since, so that moving money shows no jump` : '';
    const benchmark = input.benchmark ? await benchmarkChange(input.benchmark, first.time, last.time) : '';
    chartSummary = `${formatMoney(first.nlv)} → ${formatMoney(last.nlv)} ${snapshot.baseCurrency}${change} over ${points.length} snapshots since ${formatZoned(first.time, input.timeZone)}${benchmark}${note}`;
    try {
      const svg = equityChartSvg(points, { currency: snapshot.baseCurrency, ...(moved !== 0 ? { adjustedForFlows: true } : {}), ...(input.dayOf ? { dayOf: input.dayOf } : {}) });
      chartPng = await (input.render ?? svgToPng)(svg);
    } catch (error) {
      chartSummary += ` (no chart: ${error instanceof Error ? error.message : String(error)})`;
    }
  } else {
    chartSummary = 'the chart starts with the second snapshot';
  }

  return digestNotice({
    snapshot,
    label: input.label,
    ...(input.plan ? { plan: input.plan } : {}),
    ...(input.timeZone ? { timeZone: input.timeZone } : {}),
    halted: input.killSwitch.halted,
    ...(input.killSwitch.reason ? { haltReason: input.killSwitch.reason } : {}),
    ...(chartPng ? { chartPng } : {}),
    chartSummary,
    dayTrades,
    orders,
    breakers: input.dailyLossLimitPct !== undefined ? [{ name: 'Daily loss limit', state: dailyLossState(snapshot, input.dailyLossLimitPct) }] : [],
  });
}

/** The daily loss breaker as the risk gate sees it: today's P&L, net of flows, against the capital the day started with. */
function dailyLossState(snapshot: Snapshot, limitPct: number): string {
  const today = pnlRatio(snapshot.pnlDay, snapshot.nlv);
  const limit = formatSignedPercent(-limitPct / 100);
  if (Number.isFinite(today) && today * 100 < -limitPct) return `TRIPPED: ${formatSignedPercent(today)} today, past the ${limit} limit: no new orders until the next trading day`;
  return `OK: ${formatSignedPercent(today)} today, trading stops at ${limit}`;
}

/** "; SPY +1.20% over the same time", or why there is no comparison. */
async function benchmarkChange(benchmark: NonNullable<ComposeDigestInput['benchmark']>, from: number, to: number): Promise<string> {
  try {
    const [start, end] = await Promise.all([benchmark.priceAt(from), benchmark.priceAt(to)]);
    if (start === undefined || end === undefined || !(start > 0)) return `; ${benchmark.name}: no price for the whole span`;
    return `; ${benchmark.name} ${formatSignedPercent(end / start - 1)} over the same time`;
  } catch (error) {
    return `; ${benchmark.name}: ${error instanceof Error ? error.message : String(error)}`;
  }
}
