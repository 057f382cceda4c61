import { createServer, type Server, type Socket } from 'node:net';
import { OUT, parseContractRequest, parseHistoricalRequest, parseMarketDataRequest, parsePlaceOrder, parseSecDefOptParamsRequest, type PlaceOrderFields } from './client-messages.js';
import { comboMarketable, fillCombo, instrumentByConId, optionInstrument } from './combo-orders.js';
import { defaultGatewayState, netLiquidation, type GatewayState } from './gateway-state.js';
import { cancel, fill, isTerminal, marketable, easternTime, symbolKey } from './order-matching.js';
import { msg, SERVER_VERSION, type StandInContract, type StandInOrder } from './server-messages.js';
import { frame, FrameReader, type Field } from './wire.js';

interface Connection {
  readonly id: number;
  readonly socket: Socket;
  clientId: number;
  marketDataType: number;
  /** Snapshot requests asked and not yet answered: each holds one market data line. */
  openLines: number;
  send(fields: Field[]): void;
}

/**
 * A stand-in for IB Gateway: a real TCP server speaking the TWS API wire format at server
 * version 176 (handshake, 4-byte length framing, message ids and field layouts as @stoqey/ib
 * decodes them), with scripted account state and fills. Tests script faults on it: a dropped
 * connection in the middle of sending, a half-open (frozen) connection, a client id in use.
 */
export class StandInGateway {
  readonly state: GatewayState;
  /** Every PLACE_ORDER received, parsed field by field (amendments included). */
  readonly placed: PlaceOrderFields[] = [];
  /** The PLACE_ORDERs that amended a working order, with its new terms. */
  readonly amended: { orderId: number; quantity: number; lmtPrice: number; orderRef: string }[] = [];
  /** Closes the client's connection when this many more PLACE_ORDERs have arrived (that one is not placed, unless placeBeforeDrop). */
  dropOnPlaceOrder: number | undefined;
  /**
   * With dropOnPlaceOrder: the dropped PLACE_ORDER is placed (and filled if marketable) before
   * the connection closes, so the order reached IB and only its reply was lost.
   */
  placeBeforeDrop = false;
  /** While frozen the gateway reads but never answers: a half-open connection. */
  frozen = false;
  /**
   * How long a CANCEL_ORDER takes before IB answers it (Cancelled status and error 202), ms;
   * Infinity never answers. Undefined answers at once.
   */
  cancelDelayMs: number | undefined;
  /**
   * A fill that wins the race against a cancel: after cancelDelayMs the order fills at the
   * touch instead of cancelling, and IB answers the cancel with its error 10148.
   */
  fillBeforeCancel = false;
  /** What happens to a marketable combination order: it fills whole, or it is left working. */
  comboFill: 'full' | 'never' = 'full';
  /** Called as each PLACE_ORDER arrives, before it is handled: tests look at the state then. */
  onPlaceOrder: ((fields: PlaceOrderFields) => void) | undefined;
  /** Called as every message arrives, before it is handled: tests make things happen between two requests. */
  beforeMessage: ((fields: readonly string[]) => void) | undefined;
  /**
   * IB's message rate: at most this many messages from a client in any window of
   * pacingWindowMs (50 a second at IB). Tests that must not wait shrink the window and give
   * the adapter's limiter the same window, so the ratio of the two rates is IB's.
   */
  maxMessagesPerWindow = 50;
  pacingWindowMs = 1000;
  /** Error 100 answers sent so far: every message that arrived over the rate. */
  pacingViolations = 0;
  /** The account's simultaneous market data lines (100 without booster packs); a snapshot over it earns error 101. */
  marketDataLines = 100;
  /** Error 101 answers sent so far. */
  linesRefused = 0;
  /** The most snapshot requests open at once on one connection. */
  peakOpenLines = 0;
  /** How long a snapshot takes to end (IB gathers ticks for a moment), ms; 0 answers at once. */
  snapshotDelayMs = 0;
  readonly #server: Server;
  readonly #connections = new Set<Connection>();
  #connectionCount = 0;

  constructor(state: GatewayState = defaultGatewayState()) {
    this.state = state;
    this.#server = createServer((socket) => this.#accept(socket));
  }

  /** Listens on `port` (default: a free one); after stop(), start(port) brings the gateway back on the same port. */
  async start(port = 0): Promise<number> {
    await new Promise<void>((resolve) => this.#server.listen(port, '127.0.0.1', resolve));
    const address = this.#server.address();
    if (!address || typeof address === 'string') throw new Error('the stand-in gateway has no port');
    return address.port;
  }

  async stop(): Promise<void> {
    for (const connection of this.#connections) connection.socket.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  /**
   * Fills a working order (all that is left, or `quantity`) as the market would, whether or
   * not its client is connected: a fill that lands after the run that sent the order ended.
   */
  fillOrder(orderId: number, quantity?: number): void {
    const order = this.state.orders.get(orderId);
    if (!order || isTerminal(order)) throw new Error(`the stand-in has no working order ${orderId}`);
    fill(this.state, order, quantity ?? order.quantity - order.filled, (f) => this.#toClient(order, f));
  }

  /**
   * IB Gateway's daily restart: every connection drops, and the executions of the day are no
   * longer reported (reqExecutions covers the current day only). With `newDay` the finished
   * orders go too, as after the restart that starts the next trading day; otherwise
   * reqCompletedOrders still lists them with their filled quantities and average prices.
   */
  restart(options: { newDay?: boolean } = {}): void {
    for (const connection of this.#connections) connection.socket.destroy();
    this.state.executions.length = 0;
    if (options.newDay) for (const [id, order] of this.state.orders) if (isTerminal(order) || order.tif === 'DAY') this.state.orders.delete(id);
  }

  /** How many messages of one kind (or of all kinds) the gateway received. */
  messageCount(messageId?: number): number {
    return this.arrivals(messageId).length;
  }

  /** Arrival times (performance.now()) of every message of one kind, or of all. */
  arrivals(messageId?: number): number[] {
    return this.state.received.filter((m) => messageId === undefined || m.fields[0] === String(messageId)).map((m) => m.time);
  }

  #accept(socket: Socket): void {
    const connection: Connection = {
      id: ++this.#connectionCount,
      socket,
      clientId: -1,
      marketDataType: 1,
      openLines: 0,
      send: (fields) => {
        if (!socket.destroyed) socket.write(frame(fields));
      },
    };
    this.#connections.add(connection);
    socket.setNoDelay(true);
    const reader = new FrameReader();
    const recent: number[] = [];
    socket.on('close', () => this.#connections.delete(connection));
    socket.on('error', () => socket.destroy());
    socket.on('data', (chunk) => {
      for (const item of reader.push(chunk)) {
        if (item.kind === 'handshake') {
          connection.send([SERVER_VERSION, '20240102 09:30:00 US/Eastern']);
          continue;
        }
        const time = performance.now();
        this.state.received.push({ time, connection: connection.id, fields: item.fields });
        // IB's own pacing: over 50 messages in a second earns error 100.
        recent.push(time);
        while (recent.length > 0 && recent[0]! <= time - this.pacingWindowMs) recent.shift();
        if (recent.length > this.maxMessagesPerWindow) {
          this.pacingViolations += 1;
          connection.send(msg.error(-1, 100, `Max rate of messages per second has been exceeded:max=${this.maxMessagesPerWindow} rec=${recent.length} (1)`));
        }
        if (this.frozen || socket.destroyed) continue;
        this.beforeMessage?.(item.fields);
        this.#handle(connection, item.fields);
      }
    });
  }

  #handle(c: Connection, fields: string[]): void {
    const s = this.state;
    const id = Number(fields[0]);
    switch (id) {
      case OUT.START_API: {
        const clientId = Number(fields[2]);
        // As at IB: an id is in use while another session holds it (a process that never closed
        // its session blocks the next run), or when the script says so.
        const heldByLive = [...this.#connections].some((other) => other !== c && other.clientId === clientId && !other.socket.destroyed);
        if (s.clientIdsInUse.has(clientId) || heldByLive) {
          c.send(msg.error(-1, 326, 'Unable to connect as the client id is already in use. Retry with a unique client id.'));
          c.socket.end();
          return;
        }
        c.clientId = clientId;
        c.send(msg.managedAccounts(s.accounts));
        c.send(msg.nextValidId(s.nextValidId));
        for (const [code, text] of [[2104, 'Market data farm connection is OK:usfarm'], [2106, 'HMDS data farm connection is OK:ushmds'], [2158, 'Sec-def data farm connection is OK:secdefnj']] as const) c.send(msg.error(-1, code, text));
        return;
      }
      case OUT.REQ_ACCOUNT_SUMMARY:
        return this.#accountSummary(c, Number(fields[2]));
      case OUT.REQ_ACCOUNT_DATA:
        // [6, 2, subscribe, account]: the subscription's first download, then its end; an unsubscribe needs no answer.
        if (fields[2] === '1') this.#accountUpdates(c, fields[3] ?? '');
        return;
      case OUT.REQ_POSITIONS:
        for (const [symbol, p] of s.positions) {
          const instrument = s.instruments.get(symbol);
          if (instrument && p.quantity !== 0) c.send(msg.position(s.accounts[0]!, instrument.contract, p.quantity, p.avgCost));
        }
        return c.send(msg.positionEnd());
      case OUT.REQ_CONTRACT_DATA: {
        const { reqId, contract } = parseContractRequest(fields);
        if (contract.secType === 'OPT') {
          const option = optionInstrument(s, contract.symbol, contract.currency, contract.lastTradeDateOrContractMonth, contract.right, Number(contract.strike));
          if (!option || contract.exchange !== 'SMART' || contract.multiplier !== '100') return c.send(msg.error(reqId, 200, 'No security definition has been found for the request'));
          c.send(msg.contractData(reqId, option.contract));
          return c.send(msg.contractDataEnd(reqId));
        }
        const found = [...s.instruments.values()].filter((i) => i.contract.symbol === contract.symbol && i.contract.secType === contract.secType && i.contract.currency === contract.currency);
        if (found.length === 0) return c.send(msg.error(reqId, 200, 'No security definition has been found for the request'));
        for (const i of found) c.send(msg.contractData(reqId, i.contract));
        return c.send(msg.contractDataEnd(reqId));
      }
      case OUT.REQ_MARKET_DATA_TYPE:
        c.marketDataType = Number(fields[2]);
        return;
      case OUT.REQ_MKT_DATA:
        return this.#snapshot(c, fields);
      case OUT.PLACE_ORDER:
        return this.#placeOrder(c, fields);
      case OUT.CANCEL_ORDER:
        return this.#cancelOrder(c, Number(fields[2]));
      case OUT.REQ_GLOBAL_CANCEL:
        for (const order of s.orders.values()) cancel(order, (f) => this.#toClient(order, f));
        return;
      case OUT.REQ_ALL_OPEN_ORDERS:
        for (const order of s.orders.values()) {
          if (isTerminal(order)) continue;
          c.send(msg.openOrder(order));
          c.send(msg.orderStatus(order));
        }
        return c.send(msg.openOrderEnd());
      case OUT.REQ_COMPLETED_ORDERS:
        for (const order of s.orders.values()) if (isTerminal(order)) c.send(msg.completedOrder(order));
        return c.send(msg.completedOrdersEnd());
      case OUT.REQ_EXECUTIONS: {
        const reqId = Number(fields[2]);
        const account = fields[4];
        for (const e of s.executions) {
          if (account && e.order.account !== account) continue;
          c.send(msg.execution(reqId, e));
          c.send(msg.commissionReport(e));
        }
        return c.send(msg.executionEnd(reqId));
      }
      case OUT.REQ_HISTORICAL_DATA: {
        const { reqId, conId } = parseHistoricalRequest(fields);
        const instrument = [...s.instruments.values()].find((i) => i.contract.conId === conId);
        if (!instrument) return c.send(msg.error(reqId, 200, 'No security definition has been found for the request'));
        const bars = instrument.bars.map(([date, close]) => ({ date, open: close, high: close, low: close, close, volume: 1000 }));
        return c.send(msg.historicalData(reqId, `${bars[0]?.date ?? ''}  00:00:00`, `${bars.at(-1)?.date ?? ''}  23:59:59`, bars));
      }
      case OUT.REQ_SEC_DEF_OPT_PARAMS: {
        const request = parseSecDefOptParamsRequest(fields);
        const underlying = s.instruments.get(request.symbol);
        const chain = s.optionChains.get(request.symbol);
        if (!underlying || underlying.contract.conId !== request.conId || request.secType !== 'STK' || request.futFopExchange !== '') {
          return c.send(msg.error(request.reqId, 200, 'No security definition has been found for the request'));
        }
        if (chain) {
          // IB answers a row per exchange; a single exchange's row lists fewer expiries.
          c.send(msg.securityDefinitionOptionParameter(request.reqId, 'CBOE', request.conId, request.symbol, chain.multiplier, chain.expirations.slice(0, 1), chain.strikes));
          c.send(msg.securityDefinitionOptionParameter(request.reqId, 'SMART', request.conId, request.symbol, chain.multiplier, chain.expirations, chain.strikes));
        }
        return c.send(msg.securityDefinitionOptionParameterEnd(request.reqId));
      }
      case OUT.REQ_CURRENT_TIME:
        return c.send(msg.currentTime(Math.floor(Date.now() / 1000)));
      case OUT.REQ_IDS:
        return c.send(msg.nextValidId(Math.max(s.nextValidId, ...[...s.orders.keys()].map((k) => k + 1))));
      default:
        // Cancels of subscriptions (account summary, positions, market data) need no answer.
        return;
    }
  }

  #cancelOrder(c: Connection, orderId: number): void {
    const order = this.state.orders.get(orderId);
    const answer = () => {
      if (order && this.fillBeforeCancel && !isTerminal(order)) fill(this.state, order, order.quantity - order.filled, (f) => this.#toClient(order, f));
      if (order && isTerminal(order) && order.status === 'Filled') return c.send(msg.error(orderId, 10148, `OrderId ${orderId} that needs to be cancelled cannot be cancelled, state: Filled.`));
      if (!cancel(order, (f) => this.#toClient(order!, f))) c.send(msg.error(orderId, 10147, `OrderId ${orderId} that needs to be cancelled is not found.`));
    };
    if (this.cancelDelayMs === undefined) return answer();
    if (Number.isFinite(this.cancelDelayMs)) setTimeout(answer, this.cancelDelayMs);
  }

  #accountSummary(c: Connection, reqId: number): void {
    const s = this.state;
    const [main, other] = s.accounts as [string, string | undefined];
    const nlv = netLiquidation(s);
    const cashInBase = Object.entries(s.cash).reduce((sum, [cur, amount]) => sum + amount * (s.toBase[cur] ?? 0), 0);
    c.send(msg.accountSummary(reqId, main, 'NetLiquidation', nlv.toFixed(2), s.baseCurrency));
    c.send(msg.accountSummary(reqId, main, 'TotalCashValue', cashInBase.toFixed(2), s.baseCurrency));
    for (const [currency, amount] of Object.entries(s.cash)) {
      c.send(msg.accountSummary(reqId, main, 'CashBalance', amount.toFixed(2), currency));
      c.send(msg.accountSummary(reqId, main, 'ExchangeRate', String(s.toBase[currency] ?? 0), currency));
    }
    c.send(msg.accountSummary(reqId, main, 'CashBalance', cashInBase.toFixed(2), 'BASE'));
    if (other) c.send(msg.accountSummary(reqId, other, 'NetLiquidation', '1000.00', s.baseCurrency));
    c.send(msg.accountSummaryEnd(reqId));
  }

  /**
   * The first download of reqAccountUpdates, as TWS sends it: the account's values (NLV, cash per
   * currency and in BASE, exchange rates), each position with IB's mark (the mid here), the
   * update time, then accountDownloadEnd.
   */
  #accountUpdates(c: Connection, account: string): void {
    const s = this.state;
    if (!s.accounts.includes(account)) return c.send(msg.error(-1, 321, `Error validating request:-'bh' : cause - Invalid account code ${account}`));
    if (account === s.accounts[0]) {
      const cashInBase = Object.entries(s.cash).reduce((sum, [cur, amount]) => sum + amount * (s.toBase[cur] ?? 0), 0);
      c.send(msg.accountValue('NetLiquidation', netLiquidation(s).toFixed(2), s.baseCurrency, account));
      c.send(msg.accountValue('TotalCashValue', cashInBase.toFixed(2), s.baseCurrency, account));
      for (const [currency, amount] of Object.entries(s.cash)) {
        c.send(msg.accountValue('CashBalance', amount.toFixed(2), currency, account));
        c.send(msg.accountValue('ExchangeRate', String(s.toBase[currency] ?? 0), currency, account));
      }
      c.send(msg.accountValue('CashBalance', cashInBase.toFixed(2), 'BASE', account));
      for (const [symbol, p] of s.positions) {
        const instrument = s.instruments.get(symbol);
        if (instrument && p.quantity !== 0) c.send(msg.portfolioValue(instrument.contract, p.quantity, (instrument.bid + instrument.ask) / 2, p.avgCost, account));
      }
    } else {
      c.send(msg.accountValue('NetLiquidation', '1000.00', s.baseCurrency, account));
    }
    c.send(msg.accountUpdateTime(easternTime(Date.now()).slice(9, 14)));
    c.send(msg.accountDownloadEnd(account));
  }

  #snapshot(c: Connection, fields: string[]): void {
    const { reqId } = parseMarketDataRequest(fields);
    if (c.openLines >= this.marketDataLines) {
      this.linesRefused += 1;
      return c.send(msg.error(reqId, 101, `Max number of tickers has been reached:max=${this.marketDataLines}`));
    }
    c.openLines += 1;
    this.peakOpenLines = Math.max(this.peakOpenLines, c.openLines);
    const answer = () => {
      c.openLines -= 1;
      this.#answerSnapshot(c, fields);
    };
    if (this.snapshotDelayMs > 0) setTimeout(answer, this.snapshotDelayMs);
    else answer();
  }

  #answerSnapshot(c: Connection, fields: string[]): void {
    const { reqId, conId } = parseMarketDataRequest(fields);
    const instrument = [...this.state.instruments.values()].find((i) => i.contract.conId === conId);
    if (!instrument) return c.send(msg.error(reqId, 200, 'No security definition has been found for the request'));
    const delayed = !instrument.liveData;
    if (delayed && c.marketDataType === 1) return c.send(msg.error(reqId, 354, 'Requested market data is not subscribed.Delayed market data is available.'));
    c.send(msg.marketDataType(reqId, delayed ? 3 : 1));
    if (delayed) c.send(msg.error(reqId, 10167, 'Requested market data is not subscribed. Displaying delayed market data.'));
    const [bid, ask, last, close, lastTime] = delayed ? [66, 67, 68, 75, 88] : [1, 2, 4, 9, 45];
    const shape = instrument.snapshot ?? 'book';
    if (shape === 'book') {
      c.send(msg.tickPrice(reqId, bid, instrument.bid, 100));
      c.send(msg.tickPrice(reqId, ask, instrument.ask, 100));
      c.send(msg.tickPrice(reqId, last, instrument.last, 1));
      if (instrument.greeks) {
        const underlying = this.state.instruments.get(instrument.contract.symbol);
        const spot = underlying ? (underlying.bid + underlying.ask) / 2 : -1;
        c.send(msg.tickOptionComputation(reqId, delayed ? 83 : 13, instrument.greeks.impliedVolatility, instrument.greeks.delta, instrument.last, spot));
      }
    } else if (shape === 'close-only') {
      // An empty book is sent as -1, as TWS does outside the session.
      c.send(msg.tickPrice(reqId, bid, -1, 0));
      c.send(msg.tickPrice(reqId, ask, -1, 0));
      c.send(msg.tickPrice(reqId, close, instrument.last, 0));
    } else {
      c.send(msg.tickPrice(reqId, last, instrument.last, 1));
      c.send(msg.tickString(reqId, lastTime, String(Math.floor(shape.lastTradeAt / 1000))));
    }
    c.send(msg.tickSnapshotEnd(reqId));
  }

  #placeOrder(c: Connection, fields: string[]): void {
    const s = this.state;
    const fieldsOf = parsePlaceOrder(fields);
    this.placed.push(fieldsOf);
    this.onPlaceOrder?.(fieldsOf);
    if (this.dropOnPlaceOrder !== undefined && --this.dropOnPlaceOrder <= 0) {
      this.dropOnPlaceOrder = undefined;
      c.socket.destroy();
      // The replies below go nowhere: the socket is gone (send skips a destroyed socket).
      if (!this.placeBeforeDrop) return;
    }
    const { orderId } = fieldsOf;
    const existing = s.orders.get(orderId);
    if (existing) return this.#modifyOrder(c, existing, fieldsOf);
    if (fieldsOf.contract.secType === 'BAG') return this.#placeCombo(c, fieldsOf);
    const instrument = [...s.instruments.values()].find((i) => i.contract.conId === fieldsOf.contract.conId);
    if (!instrument) return c.send(msg.error(orderId, 200, 'No security definition has been found for the request'));
    const lmtPrice = Number(fieldsOf.lmtPrice);
    const ticks = lmtPrice / instrument.contract.minTick;
    if (Math.abs(ticks - Math.round(ticks)) > 1e-6) return c.send(msg.error(orderId, 110, 'The price does not conform to the minimum price variation for this contract.'));
    if (fieldsOf.whatIf) return this.#whatIf(c, fieldsOf, instrument.contract, lmtPrice);
    const order: StandInOrder = {
      orderId, clientId: c.clientId, permId: s.nextPermId++, contract: instrument.contract, action: fieldsOf.action as 'BUY' | 'SELL', quantity: fieldsOf.totalQuantity,
      lmtPrice, tif: fieldsOf.tif, account: fieldsOf.account, orderRef: fieldsOf.orderRef, algoStrategy: fieldsOf.algoStrategy, algoParams: fieldsOf.algoParams,
      status: 'Submitted', filled: 0, avgFillPrice: 0, lastFillPrice: 0, completedTime: '',
    };
    s.orders.set(orderId, order);
    s.nextValidId = Math.max(s.nextValidId, orderId + 1);
    if (instrument.fill === 'reject') {
      order.status = 'Inactive';
      c.send(msg.error(orderId, 201, `Order rejected - reason:The stand-in rejects orders for ${instrument.contract.symbol}`));
      return c.send(msg.orderStatus(order));
    }
    c.send(msg.openOrder(order));
    c.send(msg.orderStatus(order));
    if (!marketable(s, order)) return;
    const send = (f: Field[]) => this.#toClient(order, f);
    if (instrument.fill === 'full') fill(s, order, order.quantity, send);
    else if (instrument.fill === 'partial') fill(s, order, Math.max(1, Math.floor(order.quantity / 2)), send);
    else if (instrument.fill === 'late') setTimeout(() => !isTerminal(order) && fill(s, order, order.quantity - order.filled, send), s.lateFillMs);
  }

  /**
   * A combination order, checked as IB checks one: every leg an option contract it knows, by
   * conId, with a ratio and a side; the net limit on the tick; no per-leg prices (IB refuses
   * them for a guaranteed SMART combination). Marketable against the legs' net quote, it fills
   * whole (comboFill), every leg at once.
   */
  #placeCombo(c: Connection, fieldsOf: PlaceOrderFields): void {
    const s = this.state;
    const { orderId } = fieldsOf;
    const legs = fieldsOf.comboLegs;
    const unknownLeg = legs.find((leg) => instrumentByConId(s, leg.conId)?.contract.secType !== 'OPT');
    if (legs.length === 0 || unknownLeg) return c.send(msg.error(orderId, 200, `No security definition has been found for the request (combo leg conId ${unknownLeg?.conId ?? 'none'})`));
    if (legs.some((leg) => !(leg.ratio >= 1) || (leg.action !== 'BUY' && leg.action !== 'SELL') || leg.exchange !== 'SMART')) return c.send(msg.error(orderId, 321, 'Error validating request:-\'bd\' : cause - Invalid combo leg'));
    if (fieldsOf.orderComboLegPrices.length > 0) return c.send(msg.error(orderId, 10099, 'Per-leg prices are not accepted for this combination order.'));
    const lmtPrice = Number(fieldsOf.lmtPrice);
    const ticks = lmtPrice / 0.01;
    if (fieldsOf.orderType !== 'LMT' || Math.abs(ticks - Math.round(ticks)) > 1e-6) return c.send(msg.error(orderId, 110, 'The price does not conform to the minimum price variation for this contract.'));
    const contract = { conId: 28812380, symbol: fieldsOf.contract.symbol, secType: 'BAG', exchange: 'SMART', primaryExch: '', currency: fieldsOf.contract.currency, localSymbol: '', tradingClass: '', minTick: 0.01, longName: `${fieldsOf.contract.symbol} combo` } as const;
    const order: StandInOrder = {
      orderId, clientId: c.clientId, permId: s.nextPermId++, contract, action: fieldsOf.action as 'BUY' | 'SELL', quantity: fieldsOf.totalQuantity,
      lmtPrice, tif: fieldsOf.tif, account: fieldsOf.account, orderRef: fieldsOf.orderRef, algoStrategy: fieldsOf.algoStrategy, algoParams: fieldsOf.algoParams,
      legs: legs.map((leg) => ({ conId: leg.conId, ratio: leg.ratio, action: leg.action as 'BUY' | 'SELL' })),
      status: 'Submitted', filled: 0, avgFillPrice: 0, lastFillPrice: 0, completedTime: '',
    };
    s.orders.set(orderId, order);
    s.nextValidId = Math.max(s.nextValidId, orderId + 1);
    c.send(msg.openOrder(order));
    c.send(msg.orderStatus(order));
    if (this.comboFill === 'full' && comboMarketable(s, order)) fillCombo(s, order, (f) => this.#toClient(order, f));
  }

  /**
   * IB's what-if order: priced, never placed. The answer is one OPEN_ORDER with the whatIf flag
   * and the order state's margin and commission fields, and no ORDER_STATUS, execution or open
   * order afterwards; the order id is used up as for any order.
   */
  #whatIf(c: Connection, fields: PlaceOrderFields, contract: StandInContract, lmtPrice: number): void {
    const s = this.state;
    s.nextValidId = Math.max(s.nextValidId, fields.orderId + 1);
    if (s.whatIfRefusal) return c.send(msg.error(fields.orderId, s.whatIfRefusal.code, s.whatIfRefusal.text));
    const value = fields.totalQuantity * lmtPrice;
    const order: StandInOrder = {
      orderId: fields.orderId, clientId: c.clientId, permId: 0, contract, action: fields.action as 'BUY' | 'SELL', quantity: fields.totalQuantity,
      lmtPrice, tif: fields.tif, account: fields.account, orderRef: fields.orderRef, algoStrategy: fields.algoStrategy, algoParams: fields.algoParams,
      status: 'PreSubmitted', filled: 0, avgFillPrice: 0, lastFillPrice: 0, completedTime: '',
    };
    const nlv = netLiquidation(s);
    c.send(msg.openOrder(order, { initMarginBefore: 0, maintMarginBefore: 0, equityWithLoan: nlv, initMarginChange: value * 0.25, maintMarginChange: value * 0.25, commission: Math.max(1, fields.totalQuantity * 0.005) }));
  }

  /**
   * A PLACE_ORDER under the id of an order IB already has is an amendment, as at IB: a working
   * order of the same client takes the new quantity and limit and keeps its id, permId, tag
   * and fills; one finished today is refused (104); an id of an order from an earlier day is
   * a used id (103).
   */
  #modifyOrder(c: Connection, order: StandInOrder, fieldsOf: PlaceOrderFields): void {
    const orderId = order.orderId;
    if (isTerminal(order)) {
      const today = easternTime(Date.now()).slice(0, 8);
      if (order.completedTime.slice(0, 8) !== today) return c.send(msg.error(orderId, 103, 'Duplicate order id'));
      return c.send(msg.error(orderId, 104, `Can't modify a filled order. OrderId ${orderId} state: ${order.status}.`));
    }
    if (order.clientId !== c.clientId) return c.send(msg.error(orderId, 103, 'Duplicate order id'));
    const lmtPrice = Number(fieldsOf.lmtPrice);
    const ticks = lmtPrice / order.contract.minTick;
    if (Math.abs(ticks - Math.round(ticks)) > 1e-6) return c.send(msg.error(orderId, 110, 'The price does not conform to the minimum price variation for this contract.'));
    if (!(fieldsOf.totalQuantity > order.filled)) return c.send(msg.error(orderId, 104, `Can't modify the order: the new total ${fieldsOf.totalQuantity} is not above the filled ${order.filled}.`));
    this.amended.push({ orderId, quantity: fieldsOf.totalQuantity, lmtPrice, orderRef: fieldsOf.orderRef });
    order.quantity = fieldsOf.totalQuantity;
    order.lmtPrice = lmtPrice;
    c.send(msg.openOrder(order));
    c.send(msg.orderStatus(order));
    if (!marketable(this.state, order)) return;
    const instrument = this.state.instruments.get(symbolKey(order))!;
    if (instrument.fill === 'full' || instrument.fill === 'partial') fill(this.state, order, order.quantity - order.filled, (f) => this.#toClient(order, f));
  }

  /** Order events go to the connection of the client that placed the order, if it is still there. */
  #toClient(order: StandInOrder, fields: Field[]): void {
    for (const connection of this.#connections) if (connection.clientId === order.clientId) connection.send(fields);
  }
}
