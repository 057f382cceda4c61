import type { StandInContract, StandInExecution, StandInOrder } from './server-messages.js';

/** What happens to an order for an instrument once it is marketable. */
export type FillScript = 'full' | 'partial' | 'reject' | 'late' | 'never';

export interface StandInInstrument {
  readonly contract: StandInContract;
  bid: number;
  ask: number;
  last: number;
  /** Without it the account gets delayed data (tick types 66/67/68) or, asked for live only, error 354. */
  liveData: boolean;
  fill: FillScript;
  /**
   * What a snapshot holds: the book (bid, ask, last; the default), a close price only (as after
   * hours without a subscription), or a last price with the time of that trade (tick 45).
   */
  snapshot?: 'book' | 'close-only' | { readonly lastTradeAt: number };
  /** An option's model greeks, sent in its snapshots as TWS does (tickOptionComputation, tick 13; 83 delayed); none: IB computed none. */
  greeks?: { readonly impliedVolatility: number; readonly delta: number };
  /** Daily bars for reqHistoricalData: [yyyymmdd, close]. */
  readonly bars: readonly [string, number][];
}

/**
 * Everything the stand-in gateway knows, kept across client connections so that a test can
 * crash a client and reconnect: the account, instruments, orders, executions and the log of
 * every message received with its arrival time.
 */
export interface GatewayState {
  readonly accounts: readonly string[];
  readonly baseCurrency: string;
  readonly cash: Record<string, number>;
  /** Value of one unit of a currency in the base currency. */
  readonly toBase: Record<string, number>;
  readonly positions: Map<string, { quantity: number; avgCost: number }>;
  readonly instruments: Map<string, StandInInstrument>;
  readonly orders: Map<number, StandInOrder>;
  readonly executions: StandInExecution[];
  nextValidId: number;
  nextPermId: number;
  nextExecId: number;
  /** Ids another program already holds (error 326 on START_API). */
  readonly clientIdsInUse: Set<number>;
  /** Delay of a 'late' fill, ms. */
  lateFillMs: number;
  /** Set: what-if orders are refused with this error (a gateway that answers but cannot trade). */
  whatIfRefusal: { code: number; text: string } | undefined;
  readonly received: { time: number; connection: number; fields: string[] }[];
  /** What reqSecDefOptParams lists per underlying symbol (its SMART row); none: no options. */
  readonly optionChains: Map<string, { readonly expirations: readonly string[]; readonly strikes: readonly number[]; readonly multiplier: number }>;
  /** The stand-in's option quotes: bid and ask of a contract. */
  optionQuote: (right: 'C' | 'P', strike: number, spot: number) => { bid: number; ask: number };
  /** The model greeks of the stand-in's options; undefined (the default): its snapshots carry none, as without option data. */
  optionGreeks?: (right: 'C' | 'P', strike: number, spot: number) => { impliedVolatility: number; delta: number };
  nextConId: number;
}

/** The key of an option among the stand-in's instruments and positions, as IB's local symbol reads. */
export function optionKey(symbol: string, expiry: string, right: string, strike: number): string {
  return `${symbol} ${expiry} ${right} ${strike}`;
}

/** An option contract as IB describes it (secType OPT, multiplier 100, tick 0.01). */
export function optionContract(conId: number, symbol: string, currency: string, expiry: string, right: 'C' | 'P', strike: number): StandInContract {
  const key = optionKey(symbol, expiry, right, strike);
  return { conId, symbol, secType: 'OPT', exchange: 'SMART', primaryExch: '', currency, localSymbol: key, tradingClass: symbol, minTick: 0.01, longName: key, lastTradeDateOrContractMonth: expiry, strike, right, multiplier: 100 };
}

export function contract(conId: number, symbol: string, currency: string, primaryExch: string, minTick = 0.01, secType: 'STK' | 'CASH' = 'STK'): StandInContract {
  const cash = secType === 'CASH';
  return {
    conId,
    symbol: cash ? symbol.slice(0, 3) : symbol,
    secType,
    exchange: cash ? 'IDEALPRO' : 'SMART',
    primaryExch: cash ? 'IDEALPRO' : primaryExch,
    currency,
    localSymbol: cash ? `${symbol.slice(0, 3)}.${symbol.slice(3)}` : symbol,
    tradingClass: cash ? `${symbol.slice(0, 3)}.${symbol.slice(3)}` : symbol,
    minTick,
    longName: `${symbol} (stand-in)`,
  };
}

function flatBars(price: number): [string, number][] {
  return Array.from({ length: 30 }, (_, i) => [`202312${String(i + 1).padStart(2, '0')}`, price + (i % 5) * 0.1]);
}

/** An account DU111111 in USD with cash in USD and CAD, SPY and XIU, and the USD.CAD pair. */
export function defaultGatewayState(): GatewayState {
  const instruments = new Map<string, StandInInstrument>([
    ['SPY', { contract: contract(756733, 'SPY', 'USD', 'ARCA'), bid: 99.98, ask: 100.02, last: 100, liveData: true, fill: 'full', bars: flatBars(100) }],
    ['XIU', { contract: contract(9876543, 'XIU', 'CAD', 'TSE'), bid: 29.99, ask: 30.01, last: 30, liveData: false, fill: 'full', bars: flatBars(30) }],
    ['USDCAD', { contract: contract(15016062, 'USDCAD', 'CAD', 'IDEALPRO', 0.00005, 'CASH'), bid: 1.3499, ask: 1.3501, last: 1.35, liveData: true, fill: 'full', bars: flatBars(1.35) }],
  ]);
  return {
    accounts: ['DU111111', 'DU222222'],
    baseCurrency: 'USD',
    cash: { USD: 80_000, CAD: 27_000 },
    toBase: { USD: 1, CAD: 1 / 1.35 },
    positions: new Map([['SPY', { quantity: 10, avgCost: 95 }]]),
    instruments,
    orders: new Map(),
    executions: [],
    nextValidId: 1,
    nextPermId: 900_000_001,
    nextExecId: 1,
    clientIdsInUse: new Set(),
    lateFillMs: 300,
    whatIfRefusal: undefined,
    received: [],
    optionChains: new Map(),
    // Intrinsic value plus 2.00 of time value, 0.10 wide.
    optionQuote: (right, strike, spot) => {
      const mid = Math.max(0, right === 'C' ? spot - strike : strike - spot) + 2;
      return { bid: Math.round((mid - 0.05) * 100) / 100, ask: Math.round((mid + 0.05) * 100) / 100 };
    },
    nextConId: 500_000_001,
  };
}

/** NLV in the base currency: cash plus positions at the mid price (a CASH position is in the cash already). */
export function netLiquidation(state: GatewayState): number {
  let nlv = 0;
  for (const [currency, amount] of Object.entries(state.cash)) nlv += amount * (state.toBase[currency] ?? 0);
  for (const [symbol, position] of state.positions) {
    const instrument = state.instruments.get(symbol);
    if (!instrument || instrument.contract.secType === 'CASH') continue;
    nlv += position.quantity * ((instrument.bid + instrument.ask) / 2) * (instrument.contract.multiplier ?? 1) * (state.toBase[instrument.contract.currency] ?? 0);
  }
  return Math.round(nlv * 100) / 100;
}

/**
 * The stale next order id fault: the client id already used ids 1 … `used` (orders filled on an
 * earlier day, which IB no longer lists with their ids), yet IB Gateway's nextValidId says 1,
 * as after a restart that rolled it back, with the database that kept the counter lost. Every
 * id up to `used` is refused with error 103 "Duplicate order id"; reqIds answers `used` + 1.
 */
export function withStaleNextValidId(state: GatewayState, used: number): void {
  const spy = state.instruments.get('SPY')!.contract;
  for (let orderId = 1; orderId <= used; orderId++) {
    state.orders.set(orderId, {
      orderId, clientId: 7, permId: 800_000_000 + orderId, contract: spy, action: 'BUY', quantity: 1, lmtPrice: 100, tif: 'DAY', account: state.accounts[0]!, orderRef: `r-20231229T1500Z-old${orderId}:SPY`,
      algoStrategy: '', algoParams: [], status: 'Filled', filled: 1, avgFillPrice: 100, lastFillPrice: 100, completedTime: '20231229 10:00:00 US/Eastern',
    });
  }
  state.nextValidId = 1;
}
