import type { Field } from './wire.js';

/** The server version the stand-in speaks. Field layouts below follow @stoqey/ib's decoder at it. */
export const SERVER_VERSION = 176;

export interface StandInContract {
  readonly conId: number;
  readonly symbol: string;
  readonly secType: 'STK' | 'CASH' | 'OPT' | 'BAG';
  /** Options: YYYYMMDD, strike, C or P, multiplier. */
  readonly lastTradeDateOrContractMonth?: string;
  readonly strike?: number;
  readonly right?: 'C' | 'P';
  readonly multiplier?: number;
  readonly exchange: string;
  readonly primaryExch: string;
  readonly currency: string;
  readonly localSymbol: string;
  readonly tradingClass: string;
  readonly minTick: number;
  readonly longName: string;
}

/** An order as the stand-in keeps it, and sends it in OPEN_ORDER and COMPLETED_ORDER. */
/** The margin and commission a what-if order would bring, as IB reports them in its order state. */
export interface WhatIfState {
  readonly initMarginBefore: number;
  readonly maintMarginBefore: number;
  readonly equityWithLoan: number;
  readonly initMarginChange: number;
  readonly maintMarginChange: number;
  readonly commission: number;
}

export interface StandInOrder {
  readonly orderId: number;
  readonly clientId: number;
  readonly permId: number;
  readonly contract: StandInContract;
  readonly action: 'BUY' | 'SELL';
  quantity: number;
  lmtPrice: number;
  readonly tif: string;
  readonly account: string;
  readonly orderRef: string;
  readonly algoStrategy: string;
  readonly algoParams: readonly { tag: string; value: string }[];
  /** A BAG order's legs, as it was placed. */
  readonly legs?: readonly { readonly conId: number; readonly ratio: number; readonly action: 'BUY' | 'SELL' }[];
  status: string;
  filled: number;
  avgFillPrice: number;
  lastFillPrice: number;
  completedTime: string;
}

export interface StandInExecution {
  readonly execId: string;
  readonly order: StandInOrder;
  /** The contract executed, when not the order's own: a leg of a combination. */
  readonly contract?: StandInContract;
  readonly time: string;
  readonly side: 'BOT' | 'SLD';
  readonly shares: number;
  readonly price: number;
  readonly cumQty: number;
  readonly avgPrice: number;
  readonly commission: number;
  readonly currency: string;
}

const contractHead = (c: StandInContract): Field[] => [c.conId, c.symbol, c.secType, c.lastTradeDateOrContractMonth ?? '', c.strike ?? 0, c.right ?? '', c.multiplier ?? '', c.exchange, c.currency, c.localSymbol, c.tradingClass];

export const msg = {
  managedAccounts: (accounts: readonly string[]): Field[] => [15, 1, accounts.join(',')],
  nextValidId: (id: number): Field[] => [9, 1, id],
  error: (id: number, code: number, text: string): Field[] => [4, 2, id, code, text, ''],
  currentTime: (seconds: number): Field[] => [49, 1, seconds],
  accountSummary: (reqId: number, account: string, tag: string, value: string, currency: string): Field[] => [63, 1, reqId, account, tag, value, currency],
  accountSummaryEnd: (reqId: number): Field[] => [64, 1, reqId],
  position: (account: string, c: StandInContract, quantity: number, avgCost: number): Field[] => [61, 3, account, ...contractHead(c), quantity, avgCost],
  positionEnd: (): Field[] => [62, 1],
  accountValue: (key: string, value: string, currency: string, account: string): Field[] => [6, 2, key, value, currency, account],
  /** PORTFOLIO_VALUE at version 8: the contract (no exchange), position, mark, value, average cost, P&L, account. */
  portfolioValue: (c: StandInContract, position: number, marketPrice: number, averageCost: number, account: string): Field[] => [
    7, 8, c.conId, c.symbol, c.secType, c.lastTradeDateOrContractMonth ?? '', c.strike ?? 0, c.right ?? '', c.multiplier ?? 1, c.primaryExch, c.currency, c.localSymbol, c.tradingClass,
    position, marketPrice, Math.round(position * marketPrice * (c.multiplier ?? 1) * 100) / 100, averageCost, Math.round((position * marketPrice * (c.multiplier ?? 1) - position * averageCost) * 100) / 100, 0, account,
  ],
  accountUpdateTime: (time: string): Field[] => [8, 1, time],
  accountDownloadEnd: (account: string): Field[] => [54, 1, account],
  contractData: (reqId: number, c: StandInContract): Field[] => [
    10, reqId, c.symbol, c.secType, c.lastTradeDateOrContractMonth ?? '', c.strike ?? 0, c.right ?? '', c.exchange, c.currency, c.localSymbol, c.secType === 'CASH' ? c.localSymbol : c.symbol, c.tradingClass, c.conId, c.minTick,
    c.multiplier ?? '', 'ACTIVETIM,ADJUST,ALERT,ALGO,LMT,MKT', `SMART,${c.primaryExch}`, 1, 0, c.longName, c.primaryExch,
    '', 'Funds', 'Equity Funds', 'Index Funds', 'US/Eastern', '20240102:0930-20240102:1600', '20240102:0930-20240102:1600',
    '', '', 0, 1, '', '', '26,26', '', c.secType === 'STK' ? 'ETF' : '', 1, 1, 1,
  ],
  contractDataEnd: (reqId: number): Field[] => [52, 1, reqId],
  marketDataType: (reqId: number, type: number): Field[] => [58, 1, reqId, type],
  tickPrice: (reqId: number, tickType: number, price: number, size: number): Field[] => [1, 6, reqId, tickType, price, size, 0],
  tickSnapshotEnd: (reqId: number): Field[] => [57, 1, reqId],
  /**
   * TICK_OPTION_COMPUTATION at server versions ≥ 156 (no version field): tick attribute 0
   * (return-based volatility), implied volatility, delta, option price, PV of dividends, gamma,
   * vega, theta, underlying price; -2 (greeks) and -1 (prices) mean "not computed".
   */
  tickOptionComputation: (reqId: number, tickType: number, impliedVolatility: number, delta: number, optionPrice: number, underlyingPrice: number): Field[] => [21, reqId, tickType, 0, impliedVolatility, delta, optionPrice, 0, -2, -2, -2, underlyingPrice],
  tickString: (reqId: number, tickType: number, value: string): Field[] => [46, 6, reqId, tickType, value],
  orderStatus: (o: StandInOrder): Field[] => [3, o.orderId, o.status, o.filled, o.quantity - o.filled, o.avgFillPrice, o.permId, 0, o.lastFillPrice, o.clientId, '', ''],
  /**
   * OPEN_ORDER; with `whatIf`, the answer to a what-if order: the whatIf flag set and the order
   * state's margin and commission fields filled, as IB answers one it has priced but not placed.
   */
  openOrder: (o: StandInOrder, whatIf?: WhatIfState): Field[] => [
    5, o.orderId, ...contractHead(o.contract),
    o.action, o.quantity, 'LMT', o.lmtPrice, '', o.tif, '', o.account, '', 0, o.orderRef, o.clientId, o.permId,
    0, 0, 0, '', '', // outsideRth, hidden, discretionaryAmt, goodAfterTime, sharesAllocation
    '', '', '', '', // faGroup, faMethod, faPercentage, faProfile (before server version 177)
    '', '', '', '', '', // modelCode, goodTillDate, rule80A, percentOffset, settlingFirm
    0, '', -1, 0, // shortSaleSlot, designatedLocation, exemptCode, auctionStrategy
    '', '', '', '', '', '', // startingPrice, stockRefPrice, delta, stockRangeLower, stockRangeUpper, displaySize
    0, 0, 0, '', 0, 0, 0, '', // blockOrder, sweepToFill, allOrNone, minQty, ocaType, eTradeOnly, firmQuoteOnly, nbboPriceCap
    0, 0, // parentId, triggerMethod
    '', 0, '', '', 0, 0, // volatility, volatilityType, deltaNeutralOrderType, deltaNeutralAuxPrice, continuousUpdate, referencePriceType
    '', '', '', '', // trailStopPrice, trailingPercent, basisPoints, basisPointsType
    '', 0, 0, 0, // comboLegsDescription, comboLegs, orderComboLegs, smartComboRoutingParams
    '', '', '', '', // scaleInitLevelSize, scaleSubsLevelSize, scalePriceIncrement, hedgeType
    0, '', '', 0, 0, // optOutSmartRouting, clearingAccount, clearingIntent, notHeld, deltaNeutralContract
    ...algo(o),
    0, // solicited
    ...(whatIf
      ? [1, 'PreSubmitted', whatIf.initMarginBefore, whatIf.maintMarginBefore, whatIf.equityWithLoan, whatIf.initMarginChange, whatIf.maintMarginChange, 0, whatIf.initMarginBefore + whatIf.initMarginChange, whatIf.maintMarginBefore + whatIf.maintMarginChange, whatIf.equityWithLoan, whatIf.commission, whatIf.commission, whatIf.commission, o.contract.currency, '']
      : [0, o.status, '', '', '', '', '', '', '', '', '', '', '', '', '', '']), // whatIf, status, margins before/change/after, commission, min, max, commission currency, warning
    0, 0, // randomizeSize, randomizePrice
    0, // conditions
    '', '', '', '', '', '', '', 0, // adjusted order params
    '', '', '', // soft dollar tier
    '', 0, 0, 0, 0, 0, '', 0, // cashQty, dontUseAutoPriceForHedge, isOmsContainer, discretionaryUpToLimitPrice, usePriceMgmtAlgo, duration, postToAts, autoCancelParent
    '', '', '', '', '', // minTradeQty, minCompeteSize, competeAgainstBestOffset, midOffsetAtWhole, midOffsetAtHalf
  ],
  openOrderEnd: (): Field[] => [53, 1],
  completedOrder: (o: StandInOrder): Field[] => [
    101, ...contractHead(o.contract),
    o.action, o.quantity, 'LMT', o.lmtPrice, '', o.tif, '', o.account, '', 0, o.orderRef, o.permId,
    0, 0, 0, '', // outsideRth, hidden, discretionaryAmt, goodAfterTime
    '', '', '', // faGroup, faMethod, faPercentage
    '', '', '', '', '', // modelCode, goodTillDate, rule80A, percentOffset, settlingFirm
    0, '', -1, // shortSaleSlot, designatedLocation, exemptCode
    '', '', '', '', '', '', // startingPrice, stockRefPrice, delta, stockRangeLower, stockRangeUpper, displaySize
    0, 0, '', 0, 0, // sweepToFill, allOrNone, minQty, ocaType, triggerMethod
    '', 0, '', '', 0, 0, // volatility params
    '', '', // trailStopPrice, trailingPercent
    '', 0, 0, 0, // combo legs
    '', '', '', '', // scale params, hedgeType
    '', '', 0, 0, // clearingAccount, clearingIntent, notHeld, deltaNeutralContract
    ...algo(o),
    0, o.status, 0, 0, // solicited, status, randomizeSize, randomizePrice
    0, '', '', // conditions, trailStopPrice, lmtPriceOffset
    '', 0, 0, // cashQty, dontUseAutoPriceForHedge, isOmsContainer
    '', o.filled, 0, 0, '', 0, 0, 0, o.completedTime, o.status, // autoCancelDate … completedStatus
    '', '', '', '', '', // peg best / peg mid
  ],
  completedOrdersEnd: (): Field[] => [102],
  securityDefinitionOptionParameter: (reqId: number, exchange: string, underlyingConId: number, tradingClass: string, multiplier: number, expirations: readonly string[], strikes: readonly number[]): Field[] => [
    75, reqId, exchange, underlyingConId, tradingClass, multiplier, expirations.length, ...expirations, strikes.length, ...strikes,
  ],
  securityDefinitionOptionParameterEnd: (reqId: number): Field[] => [76, reqId],
  execution: (reqId: number, e: StandInExecution): Field[] => [
    11, reqId, e.order.orderId, ...contractHead(e.contract ?? e.order.contract),
    e.execId, e.time, e.order.account, e.order.contract.primaryExch, e.side, e.shares, e.price, e.order.permId, e.order.clientId, 0, e.cumQty, e.avgPrice, e.order.orderRef,
    '', '', '', 2, // evRule, evMultiplier, modelCode, lastLiquidity
  ],
  executionEnd: (reqId: number): Field[] => [55, 1, reqId],
  commissionReport: (e: StandInExecution): Field[] => [59, 1, e.execId, e.commission, e.currency, '', '', ''],
  historicalData: (reqId: number, start: string, end: string, bars: readonly { date: string; open: number; high: number; low: number; close: number; volume: number }[]): Field[] => [
    17, reqId, start, end, bars.length,
    ...bars.flatMap((b) => [b.date, b.open, b.high, b.low, b.close, b.volume, b.close, 100]),
  ],
};

function algo(o: StandInOrder): Field[] {
  if (!o.algoStrategy) return [''];
  return [o.algoStrategy, o.algoParams.length, ...o.algoParams.flatMap((p) => [p.tag, p.value])];
}
