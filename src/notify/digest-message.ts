import { pnlRatio } from '../analytics/net-pnl.js';
import type { Snapshot, SnapshotPosition } from '../domain/snapshot.js';
import {
  formatLeverage,
  formatMoney,
  formatPercent,
  formatPrice,
  formatQuantity,
  formatSignedMoney,
  formatSignedPercent,
  formatZoned,
  oneLine,
} from './format.js';
import type { RecordedPlan } from '../cycle/journal.js';
import { planCaption, positionsAgainstTargets, positionTargetCells, positionTargetColumns } from './positions-vs-targets.js';
import { fxExposureCells, fxExposureColumns } from './fx-exposure-table.js';
import { escapeHtml, htmlDocument, htmlHeading, htmlKeyValues, htmlParagraph, htmlTable } from './html.js';
import type { Notice } from './notifier.js';
import { type Column, textKeyValues, textTable } from './text-table.js';
import { type TradeWithReference, tradesSection } from './digest-trades.js';
import type { OrderSlippage } from '../analytics/order-slippage.js';
import { ordersSection } from './digest-orders.js';
import { spreadTable } from './spread-rows.js';
import { byCodeUnits } from '../domain/code-unit-order.js';

export interface DigestInput {
  readonly snapshot: Snapshot;
  /** When in the session this digest is sent; the scheduler uses the three named ones. */
  readonly label: 'session start' | 'session middle' | 'session end' | (string & {});
  /** The latest plan, whose targets and trades are shown against the positions. */
  readonly plan?: RecordedPlan;
  /** The exchange's time zone, in which times are shown; UTC without one. */
  readonly timeZone?: string;
  /** The kill switch state: true while trading is halted. */
  readonly halted: boolean;
  readonly haltReason?: string;
  /** An equity-curve PNG, shown inline in the HTML part. */
  readonly chartPng?: Buffer;
  /** One line about the curve for the plain-text part, which cannot show the image. */
  readonly chartSummary?: string;
  /** The day's trades with their reference prices; without them the run's fills are listed. */
  readonly dayTrades?: readonly TradeWithReference[];
  /** The orders that filled today, each measured whole against its decision and arrival prices; no table without them. */
  readonly orders?: readonly OrderSlippage[];
  /** Circuit breakers besides the kill switch, each with a one-line state. */
  readonly breakers?: readonly { readonly name: string; readonly state: string }[];
}

/** The Content-ID of the equity-curve image inside a digest. */
export const DIGEST_CHART_CID = 'equity-curve@autofolio';

/** Builds the digest sent at session start, middle and end (step 11 of the README's "One cycle"). */
export function digestNotice(input: DigestInput): Notice {
  const { snapshot, halted } = input;
  const ccy = snapshot.baseCurrency;
  const account = oneLine(snapshot.accountId);
  const label = oneLine(input.label);
  // The snapshot's P&L is already net of deposits and withdrawals; its ratio is on the capital it was made on (net-pnl.ts).
  const dayRatio = pnlRatio(snapshot.pnlDay, snapshot.nlv);
  const startRatio = pnlRatio(snapshot.pnlSinceStart, snapshot.nlv);
  const subject =
    `[autofolio] ${account} ${label}: NLV ${formatMoney(snapshot.nlv)} ${ccy} (${formatSignedPercent(dayRatio)})` +
    (halted ? ' HALTED' : '');

  const heading = `Account ${account}, ${label}, ${formatZoned(snapshot.time, input.timeZone)}, run ${snapshot.runId}`;
  const killSwitch = halted
    ? `ON: trading is halted${input.haltReason ? ` (${oneLine(input.haltReason)})` : ''}. No order is sent until it is cleared.`
    : 'OFF: trading normally.';
  const summary: [string, string][] = [
    ['Net liquidation value', `${formatMoney(snapshot.nlv)} ${ccy}`],
    ['P&L today', `${formatSignedMoney(snapshot.pnlDay)} ${ccy} (${formatSignedPercent(dayRatio)})`],
    ['P&L since start', `${formatSignedMoney(snapshot.pnlSinceStart)} ${ccy} (${formatSignedPercent(startRatio)})`],
    ['Gross leverage', formatLeverage(snapshot.grossLeverage)],
    ['Net leverage', formatLeverage(snapshot.netLeverage)],
    ['Kill switch', killSwitch],
    ...(input.breakers ?? []).map((b): [string, string] => [b.name, b.state]),
    ...(input.chartSummary ? [['Equity curve', input.chartSummary] as [string, string]] : []),
  ];

  const cashColumns: readonly Column[] = [{ header: 'Currency' }, { header: 'Cash', align: 'right' }];
  const cashRows = Object.entries(snapshot.cash)
    .sort(([a], [b]) => (a === ccy ? -1 : b === ccy ? 1 : byCodeUnits(a, b)))
    .map(([currency, amount]) => [currency, formatMoney(amount)]);

  const positionColumns: readonly Column[] = [
    { header: 'Symbol' },
    { header: 'Quantity', align: 'right' },
    { header: 'Avg cost', align: 'right' },
    { header: 'Price', align: 'right' },
    { header: 'Ccy' },
    { header: `Market value (${ccy})`, align: 'right' },
    { header: 'Weight', align: 'right' },
  ];
  const positionRows = [...snapshot.positions].sort(byWeightDescending).map(positionRow);

  // The hedge's picture as the run saw it: cash held or owed per currency is the hedge.
  const fxRows = (snapshot.fx ?? []).map(fxExposureCells);
  const fxTitle = 'FX exposure, hedge (cash) and target';
  const targetColumns = positionTargetColumns(ccy);
  const targetRows = positionsAgainstTargets(snapshot, input.plan).map(positionTargetCells);
  const targetsCaption = planCaption(input.plan, input.timeZone);
  const spreads = snapshot.spreads && snapshot.spreads.length > 0 ? spreadTable(snapshot.spreads, ccy) : undefined;
  const trades = tradesSection(snapshot.trades, input.dayTrades, input.timeZone);
  const slippage = trades.slippageTotal ? `Slippage against the reference prices: ${trades.slippageTotal} (positive = paid).` : '';
  const orders = input.orders && input.orders.length > 0 ? ordersSection(input.orders, input.timeZone) : undefined;

  const text = [
    heading,
    '',
    ...(halted ? ['TRADING IS HALTED BY THE KILL SWITCH.', ''] : []),
    textKeyValues(summary),
    '',
    'Cash',
    cashRows.length > 0 ? textTable(cashColumns, cashRows) : '  None.',
    '',
    ...(fxRows.length > 0 ? [fxTitle, textTable(fxExposureColumns(ccy), fxRows), ''] : []),
    'Positions against targets',
    `  ${targetsCaption}`,
    ...(targetRows.length > 0 ? [textTable(targetColumns, targetRows)] : []),
    '',
    `Positions (${positionRows.length})`,
    positionRows.length > 0 ? textTable(positionColumns, positionRows) : '  None: the account holds cash only.',
    '',
    ...(spreads ? [`Option spreads (${spreads.rows.length}; their legs are among the positions)`, textTable(spreads.columns, spreads.rows), ''] : []),
    trades.title,
    trades.rows.length > 0 ? textTable(trades.columns, trades.rows) : '  None.',
    ...(slippage ? [`  ${slippage}`] : []),
    '',
    ...(orders ? [orders.title, textTable(orders.columns, orders.rows), `  ${orders.total}`, ''] : []),
  ].join('\n');

  const chart = input.chartPng
    ? `${htmlHeading('Equity curve')}\n<img src="cid:${escapeHtml(DIGEST_CHART_CID)}" alt="Equity curve" width="640" style="width:640px;max-width:100%;height:auto;display:block">`
    : '';
  const html = htmlDocument(
    subject,
    [
      htmlParagraph(heading),
      halted ? htmlParagraph('Trading is halted by the kill switch.', 'warning') : '',
      htmlKeyValues(summary),
      chart,
      htmlHeading('Cash'),
      cashRows.length > 0 ? htmlTable(cashColumns, cashRows) : htmlParagraph('None.'),
      fxRows.length > 0 ? `${htmlHeading(fxTitle)}\n${htmlTable(fxExposureColumns(ccy), fxRows)}` : '',
      htmlHeading('Positions against targets'),
      htmlParagraph(targetsCaption),
      targetRows.length > 0 ? htmlTable(targetColumns, targetRows) : '',
      htmlHeading(`Positions (${positionRows.length})`),
      positionRows.length > 0 ? htmlTable(positionColumns, positionRows) : htmlParagraph('None: the account holds cash only.'),
      spreads ? htmlHeading(`Option spreads (${spreads.rows.length})`) : '',
      spreads ? htmlTable(spreads.columns, spreads.rows) : '',
      htmlHeading(trades.title),
      trades.rows.length > 0 ? htmlTable(trades.columns, trades.rows) : htmlParagraph('None.'),
      slippage ? htmlParagraph(slippage) : '',
      orders ? htmlHeading(orders.title) : '',
      orders ? htmlTable(orders.columns, orders.rows) : '',
      orders ? htmlParagraph(orders.total) : '',
    ]
      .filter((part) => part !== '')
      .join('\n'),
  );

  const images = input.chartPng ? [{ cid: DIGEST_CHART_CID, filename: 'equity-curve.png', content: input.chartPng }] : [];
  return { kind: 'digest', subject, text, html, ...(images.length > 0 ? { images } : {}) };
}

function byWeightDescending(a: SnapshotPosition, b: SnapshotPosition): number {
  return Math.abs(b.weight) - Math.abs(a.weight) || byCodeUnits(a.symbol, b.symbol);
}

function positionRow(p: SnapshotPosition): string[] {
  return [
    p.symbol,
    formatQuantity(p.quantity),
    formatPrice(p.avgCost),
    formatPrice(p.price),
    p.currency,
    formatMoney(p.marketValue),
    formatPercent(p.weight),
  ];
}
