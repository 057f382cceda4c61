import type { AccountSnapshot } from '../../domain/account.js';
import { midPrice, type Quote } from '../../domain/bar.js';
import type { Instrument } from '../../domain/instrument.js';
import { roundMoney, type FxRates } from '../../domain/money.js';
import type { Fill } from '../../domain/order.js';
import type { Snapshot, SnapshotPosition } from '../../domain/snapshot.js';
import { netPnl } from '../../analytics/net-pnl.js';
import { fxExposure, type FxExposureRow } from '../../domain/fx-exposure.js';
import type { FlowsSince } from '../../ledger/external-flows.js';
import { byCodeUnits } from '../../domain/code-unit-order.js';

export interface SnapshotInput {
  readonly runId: string;
  readonly time: number;
  readonly account: AccountSnapshot;
  readonly instruments: ReadonlyMap<string, Instrument>;
  readonly quotes: ReadonlyMap<string, Quote>;
  readonly fx: FxRates;
  /** fxHedge.ratios of the config: the targets of the exposure table. */
  readonly hedgeRatios?: Readonly<Record<string, number>>;
  readonly startOfDayNlv: number;
  readonly accountStartNlv: number;
  /** Deposits and withdrawals since each start, taken out of the P&L; none when absent. */
  readonly flows?: FlowsSince;
  readonly trades: readonly Fill[];
}

/** Step 9 of the cycle (README): positions valued at the broker's mark or the mid quote, leverage and P&L net of cash flows (analytics/net-pnl.ts), in the base currency. */
export function buildSnapshot(input: SnapshotInput): Snapshot {
  const { account, fx } = input;
  const nlv = account.netLiquidation;
  // One pass over the positions, no intermediate arrays: a backtest snapshots hundreds at every run.
  const positions: SnapshotPosition[] = [];
  let foreignPosition = false;
  // Indexed loops: this runs once per run, too seldom to be optimised, where for…of makes an iterator result per position.
  for (let i = 0; i < account.positions.length; i++) {
    const p = account.positions[i]!;
    if (p.quantity === 0) continue;
    const instrument = input.instruments.get(p.symbol);
    // The broker's own mark first; a position autofolio does not trade has no quote here: value it at cost rather than drop it.
    const quote = input.quotes.get(p.symbol);
    const price = p.marketPrice ?? (quote ? midPrice(quote) : p.avgCost);
    const currency = instrument?.currency ?? account.baseCurrency;
    const multiplier = instrument?.multiplier ?? 1;
    const marketValue = roundMoney(fx.toBase(p.quantity * price * multiplier, currency), account.baseCurrency);
    positions.push(new Position(p.symbol, p.quantity, p.avgCost, price, currency, marketValue, nlv > 0 ? marketValue / nlv : 0));
    if (currency !== account.baseCurrency) foreignPosition = true;
  }
  // A broker lists positions in the order they were opened, which stays in symbol order from
  // run to run: one pass proves it, where the sort would call its comparator from native code
  // for every pair. Sorting is stable, so a list in order is what it would return.
  if (!inSymbolOrder(positions)) positions.sort((a, b) => byCodeUnits(a.symbol, b.symbol));
  // Summed in symbol order, as the snapshot lists them: the same rounding whatever the broker's order.
  let gross = 0;
  let net = 0;
  for (let i = 0; i < positions.length; i++) {
    const p = positions[i]!;
    gross += Math.abs(p.marketValue);
    net += p.marketValue;
  }
  const ratios = input.hedgeRatios ?? {};
  const foreign = foreignPosition || Object.entries(account.cash).some(([c, amount]) => c !== account.baseCurrency && amount !== 0) || Object.keys(ratios).length > 0;
  const exposure = foreign ? fxExposure(fx, positions.map((p) => ({ currency: p.currency, value: p.marketValue })), account.cash, ratios).map(roundRow(account.baseCurrency)) : undefined;
  return {
    runId: input.runId,
    time: input.time,
    accountId: account.accountId,
    baseCurrency: account.baseCurrency,
    nlv,
    cash: account.cash,
    positions,
    grossLeverage: nlv > 0 ? gross / nlv : 0,
    netLeverage: nlv > 0 ? net / nlv : 0,
    pnlDay: roundMoney(netPnl(input.startOfDayNlv, nlv, input.flows?.today ?? 0), account.baseCurrency),
    pnlSinceStart: roundMoney(netPnl(input.accountStartNlv, nlv, input.flows?.sinceStart ?? 0), account.baseCurrency),
    ...(exposure ? { fx: exposure } : {}),
    trades: input.trades,
  };
}

// A class rather than an object literal: V8 tracks where a literal's objects are made and,
// seeing the positions kept (the journal keeps each snapshot), switched that site to old-space
// allocation mid-run, throwing away buildSnapshot's code. Objects made by a constructor carry
// no such site. The fields are those of SnapshotPosition, in its order, as JSON writes them.
class Position implements SnapshotPosition {
  constructor(
    readonly symbol: string,
    readonly quantity: number,
    readonly avgCost: number,
    readonly price: number,
    readonly currency: string,
    readonly marketValue: number,
    readonly weight: number,
  ) {}
}

function inSymbolOrder(positions: readonly SnapshotPosition[]): boolean {
  for (let i = 1; i < positions.length; i++) if (byCodeUnits(positions[i - 1]!.symbol, positions[i]!.symbol) > 0) return false;
  return true;
}

function roundRow(base: string): (row: FxExposureRow) => FxExposureRow {
  return (row) => ({ ...row, assets: roundMoney(row.assets, base), cash: roundMoney(row.cash, base), exposure: roundMoney(row.exposure, base), target: roundMoney(row.target, base) });
}
