import type { Instrument } from '../domain/instrument.js';
import type { OrderIntent } from '../domain/order.js';
import { fitBuysToCash } from './buying-power.js';
import { instrumentPlaces, instrumentsBySymbol } from './instrument-index.js';
import { PlanningError, type Plan, type PlanInput, type PlanLine } from './plan-types.js';
import { sizeLine } from './size-line.js';

function validateAccount(input: PlanInput): void {
  const nlv = input.account.netLiquidation;
  if (!(nlv > 0) || !Number.isFinite(nlv)) throw new PlanningError(`cannot size orders with a net liquidation value of ${nlv}`);
  const { leverage } = input.forecast;
  if (!(leverage >= 0) || !Number.isFinite(leverage)) throw new PlanningError(`forecast leverage must be a finite number ≥ 0, got ${leverage}`);
}

/** Throws for the first weight, in the forecast's order, that is not finite or names no tradable instrument. */
function validateWeights(input: PlanInput, instruments: ReadonlyMap<string, Instrument>): void {
  // forEach, not for…of: no pair per weight.
  input.forecast.weights.forEach((weight, symbol) => {
    if (!Number.isFinite(weight)) throw new PlanningError(`forecast weight for ${symbol} is not a finite number: ${weight}`, symbol);
    // A weight for an instrument the planner may not trade is a mistake upstream, not
    // something to skip quietly: the rest of the portfolio was sized around it.
    if (!instruments.has(symbol)) throw new PlanningError(`forecast has a weight for ${symbol}, which is not a tradable instrument`, symbol);
  });
}

function toOrder(line: PlanLine): OrderIntent {
  if (line.action === 'NONE') throw new Error('a NONE line is not an order');
  return { tag: line.tag, symbol: line.symbol, side: line.action, quantity: line.quantity, limitPrice: line.limitPrice, referencePrice: line.referencePrice };
}

/** A trade that must wait becomes NONE, its reason saying what was held back and why. */
function holdBack(line: PlanLine, reason: string | undefined): PlanLine {
  if (reason === undefined || line.action === 'NONE') return line;
  return { ...line, action: 'NONE', quantity: 0, limitPrice: 0, reason: `held: ${line.action} ${line.quantity} @ ${line.limitPrice} not sent, ${reason}` };
}

/**
 * Plans one rebalance (step 6 of the README's "One cycle"): for every instrument the forecast names or the
 * account holds, buy, sell or do nothing, with a quantity in whole lots and a limit price
 * on the tick. Pure: the caller writes the order file and sends nothing before the risk gate.
 *
 * @throws PlanningError when a needed quote is missing or the input cannot be sized safely.
 */
export function planOrders(input: PlanInput): Plan {
  const instruments = instrumentsBySymbol(input.instruments);
  validateAccount(input);
  const notes: string[] = [];

  // Kept by the instrument's place rather than in a map made for the run; undefined where nothing is held.
  const { placeOf, instruments: atPlace, bySymbol } = instrumentPlaces(input.instruments);
  // When as many instruments have a weight as the forecast has weights (its symbols are
  // distinct), every weight names an instrument, and when each is finite too there is nothing
  // to reject: one plain loop, where a callback per weight ran in code too seldom called to be
  // optimised. Otherwise the forecast's weights are walked in their own order, so that the
  // first bad one is the one named.
  // Each weight is kept at its instrument's place, so the lines below look it up by place rather than by symbol again.
  const { weights } = input.forecast;
  const weightAt = new Array<number | undefined>(atPlace.length);
  let weighed = 0;
  let finite = true;
  for (let place = 0; place < atPlace.length; place++) {
    const weight = weights.get(atPlace[place]!.symbol);
    if (weight === undefined) continue;
    weightAt[place] = weight;
    weighed += 1;
    if (!Number.isFinite(weight)) finite = false;
  }
  if (weighed !== weights.size || !finite) validateWeights(input, instruments);

  const held = new Array<number | undefined>(atPlace.length);
  // Indexed loops here and below: planOrders runs once per run, too seldom to be optimised,
  // where for…of makes an iterator result per element.
  const { positions } = input.account;
  for (let i = 0; i < positions.length; i++) {
    const position = positions[i]!;
    const place = placeOf.get(position.symbol);
    if (place === undefined) {
      notes.push(`position ${position.quantity} ${position.symbol} left alone: not a tradable instrument in the config`);
      continue;
    }
    held[place] = (held[place] ?? 0) + position.quantity;
  }

  // A line for every symbol the forecast weighs or the account holds, in symbol order. Both are
  // tradable instruments (the weights' check and the loop above see to it), so the instruments in symbol
  // order, sorted once per list, give that order without sorting at every run.
  // Most runs hold nothing back: no look-up per line then.
  const holds = input.held !== undefined && input.held.size > 0 ? input.held : undefined;
  const ctx = { runId: input.runId, nlv: input.account.netLiquidation, leverage: input.forecast.leverage, fx: input.fx, params: input.params };
  const sized: PlanLine[] = [];
  for (let i = 0; i < bySymbol.length; i++) {
    const place = bySymbol[i]!;
    const instrument = atPlace[place]!;
    const { symbol } = instrument;
    const weight = weightAt[place];
    const current = held[place];
    if (weight === undefined && current === undefined) continue;
    sized.push(holdBack(sizeLine(instrument, weight ?? 0, current ?? 0, input.quotes.get(symbol), ctx), holds?.get(symbol)));
  }

  const fitted = input.params.fitBuysToCash
    ? fitBuysToCash({ account: input.account, lines: sized, instruments, fx: input.fx, leverage: input.forecast.leverage, cashBufferPct: input.params.cashBufferPct }, input.params.minOrderValue)
    : { lines: sized };
  if (fitted.note) notes.push(fitted.note);

  // Sells first, then buys, each in symbol order: the lines are in symbol order already, so a
  // pass for the sells and one for the buys sort them (a backtest plans hundreds of lines at
  // every rebalance), into one list rather than two joined.
  const { lines } = fitted;
  const orders: OrderIntent[] = [];
  for (let i = 0; i < lines.length; i++) if (lines[i]!.action === 'SELL') orders.push(toOrder(lines[i]!));
  for (let i = 0; i < lines.length; i++) if (lines[i]!.action === 'BUY') orders.push(toOrder(lines[i]!));
  return { runId: input.runId, lines: fitted.lines, orders, notes };
}

export { PlanningError, type Plan, type PlanInput, type PlanLine } from './plan-types.js';
