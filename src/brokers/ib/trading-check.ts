import { EventName, type Contract, type Order, type OrderState } from '@stoqey/ib';
import { BrokerError } from '../broker.js';
import type { Instrument } from '../../domain/instrument.js';
import { roundToTick } from '../../domain/rounding.js';
import { readAccountSummary } from './ib-account.js';
import { ibBrokerError } from './ib-messages.js';
import { adaptiveLimitOrder, type AdaptivePriority } from './ib-orders.js';
import type { IbSession } from './ib-session.js';

export interface TradingCheckInput {
  readonly session: IbSession;
  readonly account: string;
  readonly instrument: Instrument;
  readonly contract: Contract;
  /** A price to put on the order: IB prices the margin of a what-if order at its limit. */
  readonly price: number;
  readonly orderId: number;
  readonly priority: AdaptivePriority;
  readonly requestTimeoutMs: number;
}

/** What IB answered to the what-if order. */
export interface WhatIfAnswer {
  readonly status: string;
  readonly initMarginChange?: number;
  readonly commission?: number;
}

/**
 * Shows that a new session can trade before a run sends anything: the account answers, and a
 * what-if order (IB's `whatIf` flag: the gateway works out its margin and commission and
 * returns them with openOrder, and neither places nor fills it) is accepted. A gateway that
 * came back from a restart but is not logged in, is read-only, or lost its trading
 * permissions fails here, with nothing sent.
 */
export async function checkTrading(input: TradingCheckInput): Promise<WhatIfAnswer> {
  const { session, instrument } = input;
  try {
    await readAccountSummary(session, input.account);
  } catch (error) {
    throw new BrokerError(`IB Gateway answers, but the account ${input.account} cannot be read after its restart: ${error instanceof Error ? error.message : String(error)}; nothing is sent until it can`, 'operational', 'trading-check');
  }
  const limitPrice = roundToTick(input.price, instrument.tickSize, 'down');
  const order: Order = {
    ...adaptiveLimitOrder({ tag: 'autofolio:what-if', symbol: instrument.symbol, side: 'BUY', quantity: instrument.lotSize, limitPrice, referencePrice: input.price }, input.contract, input.priority, input.account),
    whatIf: true,
  };
  const id = input.orderId;
  try {
    return await session.request<WhatIfAnswer>({
      what: `what-if order (${instrument.symbol})`,
      reqId: id,
      timeoutMs: input.requestTimeoutMs,
      send: (ib) => ib.placeOrder(id, input.contract, order),
      onMessage: (message, fail) => {
        if (message.category !== 'info') fail(ibBrokerError(message, `what-if order (${instrument.symbol})`));
      },
      listen: (ib, done) => {
        const onOrder = (orderId: number, _c: Contract, _o: Order, state: OrderState) => {
          if (orderId === id) done({ status: String(state.status ?? ''), ...(state.initMarginChange !== undefined ? { initMarginChange: Number(state.initMarginChange) } : {}), ...(state.commission !== undefined ? { commission: Number(state.commission) } : {}) });
        };
        ib.on(EventName.openOrder, onOrder);
        return () => ib.off(EventName.openOrder, onOrder);
      },
    });
  } catch (error) {
    throw new BrokerError(`IB Gateway answers, but a what-if order for ${instrument.symbol} was refused after its restart: ${error instanceof Error ? error.message : String(error)}; nothing is sent until trading works (is the gateway logged in, the API not read-only?)`, 'operational', 'trading-check');
  }
}
