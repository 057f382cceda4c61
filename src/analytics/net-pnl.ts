import type { CashFlow, DatedValue } from './series.js';

/*
 * P&L, defined once for the cycle's snapshot, the daily loss breaker, the digest, `status` and
 * the report: the change in NLV net of external cash flows over the period, in the base currency.
 *
 * - External flows are deposits (+) and withdrawals (−), each at the FX rate of its own entry.
 *   Dividends, interest and fees are income and costs the portfolio earned or paid: they stay in
 *   the P&L and are never taken out as flows.
 * - A flow belongs to a period by the order in which it was recorded against the NLV readings
 *   (the ledger sequence each reading includes), never by comparing timestamps, which tie
 *   whenever a flow is added after a run on the data's clock.
 * - A return is the P&L over the capital the account had to work with: the NLV at the start plus
 *   the period's net flows, i.e. a flow counts at the start of the period it was recorded in.
 *   That is exact when the account's value has not moved between the last reading and the flow
 *   (a flow added after a run), and it makes the P&L today, the breaker and the chart agree.
 */

/** P&L over a period: NLV at its end minus NLV at its start minus the net flows recorded in it. */
export function netPnl(startNlv: number, nlv: number, netFlows: number): number {
  return nlv - startNlv - netFlows;
}

/**
 * P&L as a fraction of the capital it was made on, the start NLV plus the period's flows, which
 * is NLV minus the P&L: a day that took 100 to 110 is +10 %, not +9.09 %. NaN when that capital
 * is not positive.
 */
export function pnlRatio(pnl: number, nlv: number): number {
  const capital = nlv - pnl;
  return capital > 0 ? pnl / capital : Number.NaN;
}

/** The return of one period between two NLV readings, net of the flows recorded between them. */
export function periodReturn(startNlv: number, nlv: number, netFlows: number): number {
  return pnlRatio(netPnl(startNlv, nlv, netFlows), nlv);
}

/** An external flow in the base currency, with the ledger sequence of its entry. */
export interface SequencedFlow {
  readonly ledgerSeq: number;
  /** Deposits positive, withdrawals negative. */
  readonly amount: number;
}

/** A reading of NLV with the ledger sequence it includes (Snapshot.ledgerSeq). */
export interface Valuation {
  readonly time: number;
  readonly value: number;
  readonly ledgerSeq: number;
}

/** The net of the flows recorded after the ledger sequence `after`, up to and including `upTo`. */
export function netFlowsBetween(flows: readonly SequencedFlow[], after: number, upTo = Number.POSITIVE_INFINITY): number {
  let sum = 0;
  for (const f of flows) if (f.ledgerSeq > after && f.ledgerSeq <= upTo) sum += f.amount;
  return sum;
}

/**
 * Adds to each reading the flows recorded after it, up to the last reading: the curve the owner
 * would have seen had every flow been there from the start. It ends at the last NLV and has no
 * jump where money came in or went out.
 */
export function flowAdjustedValues(valuations: readonly Valuation[], flows: readonly SequencedFlow[]): number[] {
  const last = valuations[valuations.length - 1];
  if (!last) return [];
  return valuations.map((v) => v.value + netFlowsBetween(flows, v.ledgerSeq, last.ledgerSeq));
}

export interface DailyChain {
  /** The last reading of each date. */
  readonly equity: DatedValue[];
  /** One per date after the first: the day's readings chained, each sub-period net of its flows. */
  readonly returns: number[];
  /** The flows inside the period, dated by the first reading that includes them. */
  readonly cashFlows: CashFlow[];
}

/**
 * Daily time-weighted returns from every NLV reading, in the order recorded: each sub-period
 * between two readings is one periodReturn with the flows recorded between them, and a day's
 * return chains its sub-periods from the previous day's last reading. The period starts at the
 * first date's last reading, so flows up to it are part of the starting value, and flows
 * recorded after the last reading lie outside the period.
 */
export function chainedDailyReturns(valuations: readonly Valuation[], flows: readonly SequencedFlow[], dateOf: (time: number) => string): DailyChain {
  const equity: DatedValue[] = [];
  const returns: number[] = [];
  const cashFlows: CashFlow[] = [];
  const dates = valuations.map((v) => dateOf(v.time));
  let start = 0;
  while (start + 1 < valuations.length && dates[start + 1] === dates[0]) start++;
  if (valuations.length > 0) equity.push({ date: dates[0]!, value: valuations[start]!.value });
  for (let k = start + 1; k < valuations.length; k++) {
    const previous = valuations[k - 1]!;
    const current = valuations[k]!;
    const flow = netFlowsBetween(flows, previous.ledgerSeq, current.ledgerSeq);
    const growth = 1 + periodReturn(previous.value, current.value, flow);
    const date = dates[k]!;
    if (flow !== 0) cashFlows.push({ date, amount: flow });
    if (equity[equity.length - 1]!.date === date) {
      returns[returns.length - 1] = (1 + returns[returns.length - 1]!) * growth - 1;
      equity[equity.length - 1] = { date, value: current.value };
    } else {
      returns.push(growth - 1);
      equity.push({ date, value: current.value });
    }
  }
  return { equity, returns, cashFlows };
}
