import { FieldCursor } from './wire.js';

/** Client → server message ids used by the stand-in. */
export const OUT = {
  REQ_MKT_DATA: 1,
  CANCEL_MKT_DATA: 2,
  PLACE_ORDER: 3,
  CANCEL_ORDER: 4,
  REQ_ACCOUNT_DATA: 6,
  REQ_EXECUTIONS: 7,
  REQ_IDS: 8,
  REQ_CONTRACT_DATA: 9,
  REQ_ALL_OPEN_ORDERS: 16,
  REQ_HISTORICAL_DATA: 20,
  REQ_CURRENT_TIME: 49,
  REQ_GLOBAL_CANCEL: 58,
  REQ_MARKET_DATA_TYPE: 59,
  REQ_POSITIONS: 61,
  REQ_ACCOUNT_SUMMARY: 62,
  CANCEL_ACCOUNT_SUMMARY: 63,
  CANCEL_POSITIONS: 64,
  START_API: 71,
  REQ_SEC_DEF_OPT_PARAMS: 78,
  REQ_COMPLETED_ORDERS: 99,
} as const;

export interface ContractFields {
  conId?: number;
  symbol: string;
  secType: string;
  lastTradeDateOrContractMonth: string;
  strike: string;
  right: string;
  multiplier: string;
  exchange: string;
  primaryExch: string;
  currency: string;
}

/** A leg of a BAG order as it travels: every field the encoder writes for it. */
export interface ComboLegFields {
  readonly conId: number;
  readonly ratio: number;
  readonly action: string;
  readonly exchange: string;
  readonly openClose: string;
  readonly shortSaleSlot: string;
  readonly designatedLocation: string;
  readonly exemptCode: string;
}

/** Every field of a PLACE_ORDER at server version 176 for an LMT order, combination legs included, by name. */
export interface PlaceOrderFields {
  readonly orderId: number;
  readonly contract: ContractFields;
  readonly action: string;
  readonly totalQuantity: number;
  readonly orderType: string;
  readonly lmtPrice: string;
  readonly auxPrice: string;
  readonly tif: string;
  readonly account: string;
  readonly orderRef: string;
  readonly transmit: boolean;
  readonly outsideRth: boolean;
  readonly algoStrategy: string;
  readonly algoParams: readonly { tag: string; value: string }[];
  readonly whatIf: boolean;
  /** A BAG's legs; empty for any other contract. */
  readonly comboLegs: readonly ComboLegFields[];
  /** Per-leg limit prices of a BAG (orderComboLegs): autofolio sends none. */
  readonly orderComboLegPrices: readonly string[];
  readonly smartComboRoutingParams: readonly { tag: string; value: string }[];
}

/**
 * Reads a PLACE_ORDER field by field in the order @stoqey/ib's encoder writes it at server
 * version 176 and fails when the message is longer or shorter than that layout, so a test can
 * pin the exact fields autofolio sends.
 */
export function parsePlaceOrder(fields: readonly string[]): PlaceOrderFields {
  const c = new FieldCursor(fields, 1);
  const orderId = Number(c.str());
  const contract = { conId: c.num(), symbol: c.str(), secType: c.str(), lastTradeDateOrContractMonth: c.str(), strike: c.str(), right: c.str(), multiplier: c.str() } as ContractFields;
  contract.exchange = c.str();
  contract.primaryExch = c.str();
  contract.currency = c.str();
  skip(c, 4); // localSymbol, tradingClass, secIdType, secId
  const action = c.str();
  const totalQuantity = Number(c.str());
  const orderType = c.str();
  const lmtPrice = c.str();
  const auxPrice = c.str();
  const tif = c.str();
  c.str(); // ocaGroup
  const account = c.str();
  skip(c, 2); // openClose, origin
  const orderRef = c.str();
  const transmit = c.bool();
  skip(c, 5); // parentId, blockOrder, sweepToFill, displaySize, triggerMethod
  const outsideRth = c.bool();
  skip(c, 1); // hidden
  const comboLegs: ComboLegFields[] = [];
  const orderComboLegPrices: string[] = [];
  const smartComboRoutingParams: { tag: string; value: string }[] = [];
  if (contract.secType === 'BAG') {
    const legs = Number(c.str());
    for (let i = 0; i < legs; i++) {
      comboLegs.push({ conId: Number(c.str()), ratio: Number(c.str()), action: c.str(), exchange: c.str(), openClose: c.str(), shortSaleSlot: c.str(), designatedLocation: c.str(), exemptCode: c.str() });
    }
    const prices = Number(c.str());
    for (let i = 0; i < prices; i++) orderComboLegPrices.push(c.str());
    const params = Number(c.str());
    for (let i = 0; i < params; i++) smartComboRoutingParams.push({ tag: c.str(), value: c.str() });
  }
  skip(c, 1 + 1 + 1 + 1 + 4 + 1); // sharesAllocation, discretionaryAmt, goodAfterTime, goodTillDate, FA (4), modelCode
  skip(c, 2 + 1 + 15 + 1); // short sale slot and location, exemptCode, ocaType … stockRangeUpper, overridePercentageConstraints
  skip(c, 2); // volatility, volatilityType
  const deltaNeutralOrderType = c.str();
  c.str(); // deltaNeutralAuxPrice
  if (deltaNeutralOrderType) skip(c, 8);
  skip(c, 2 + 2); // continuousUpdate, referencePriceType, trailStopPrice, trailingPercent
  skip(c, 2);
  if (c.str() !== '') skip(c, 7); // scalePriceIncrement and its parameters
  skip(c, 3); // scaleTable, activeStartTime, activeStopTime
  if (c.str() !== '') c.str(); // hedgeType, hedgeParam
  skip(c, 1 + 2 + 1); // optOutSmartRouting, clearing account and intent, notHeld
  if (c.bool()) skip(c, 3); // delta-neutral contract
  const algoStrategy = c.str();
  const algoParams: { tag: string; value: string }[] = [];
  if (algoStrategy) {
    const count = Number(c.str());
    for (let i = 0; i < count; i++) algoParams.push({ tag: c.str(), value: c.str() });
  }
  c.str(); // algoId
  const whatIf = c.bool();
  skip(c, 1 + 1 + 2); // orderMiscOptions, solicited, randomizeSize, randomizePrice
  if (Number(c.str() || 0) > 0) throw new Error('the stand-in does not take order conditions');
  skip(c, 7); // adjusted order parameters
  skip(c, 1 + 2 + 1 + 2 + 2 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1); // extOperator … manualOrderTime
  if (contract.exchange === 'IBKRATS') c.str();
  if (c.remaining !== 0) throw new Error(`PLACE_ORDER has ${c.remaining} fields more than the layout at server version 176`);
  return { orderId, contract, action, totalQuantity, orderType, lmtPrice, auxPrice, tif, account, orderRef, transmit, outsideRth, algoStrategy, algoParams, whatIf, comboLegs, orderComboLegPrices, smartComboRoutingParams };
}

function skip(c: FieldCursor, n: number): void {
  for (let i = 0; i < n; i++) c.str();
}

/** The contract of REQ_CONTRACT_DATA [9, 8, reqId, conId, symbol, secType, …]. */
export function parseContractRequest(fields: readonly string[]): { reqId: number; contract: ContractFields } {
  const c = new FieldCursor(fields, 2);
  const reqId = Number(c.str());
  const contract = { conId: c.num(), symbol: c.str(), secType: c.str(), lastTradeDateOrContractMonth: c.str(), strike: c.str(), right: c.str(), multiplier: c.str() } as ContractFields;
  contract.exchange = c.str();
  contract.primaryExch = c.str();
  contract.currency = c.str();
  return { reqId, contract };
}

/** REQ_MKT_DATA [1, 11, reqId, conId, symbol, …, genericTicks, snapshot, regulatory, options]. */
export function parseMarketDataRequest(fields: readonly string[]): { reqId: number; conId: number | undefined; symbol: string; snapshot: boolean } {
  return { reqId: Number(fields[2]), conId: fields[3] ? Number(fields[3]) : undefined, symbol: fields[4] ?? '', snapshot: fields[fields.length - 3] === '1' };
}

/** REQ_HISTORICAL_DATA [20, reqId, conId, symbol, …]. */
export function parseHistoricalRequest(fields: readonly string[]): { reqId: number; conId: number | undefined; symbol: string } {
  return { reqId: Number(fields[1]), conId: fields[2] ? Number(fields[2]) : undefined, symbol: fields[3] ?? '' };
}

/** REQ_SEC_DEF_OPT_PARAMS [78, reqId, underlyingSymbol, futFopExchange, underlyingSecType, underlyingConId]. */
export function parseSecDefOptParamsRequest(fields: readonly string[]): { reqId: number; symbol: string; futFopExchange: string; secType: string; conId: number } {
  return { reqId: Number(fields[1]), symbol: fields[2] ?? '', futFopExchange: fields[3] ?? '', secType: fields[4] ?? '', conId: Number(fields[5]) };
}
