import type { Broker } from '../src/brokers/broker.js';
import { BrokerError } from '../src/brokers/broker.js';

export type BrokerMethod = 'connect' | 'account' | 'quotes' | 'fxRates' | 'openOrders' | 'cancelOrder' | 'placeOrder' | 'modifyOrder' | 'awaitOrders' | 'executions' | 'completedOrders' | 'disconnect';

export interface Fault {
  readonly method: BrokerMethod;
  /** Which call of the method fails, counting from 1. */
  readonly nth: number;
  /** A dropped connection rejects at once; a hang never answers. */
  readonly kind: 'disconnect' | 'hang';
}

/** A broker that behaves like the one it wraps, except for one scripted fault. */
export function withFault(inner: Broker, fault: Fault): Broker & { readonly calls: Map<BrokerMethod, number> } {
  const calls = new Map<BrokerMethod, number>();
  const guard = <T>(method: BrokerMethod, body: () => Promise<T>): Promise<T> => {
    const n = (calls.get(method) ?? 0) + 1;
    calls.set(method, n);
    if (method !== fault.method || n !== fault.nth) return body();
    if (fault.kind === 'hang') return new Promise<T>(() => undefined);
    return Promise.reject(new BrokerError(`connectivity between the client and the broker is lost (during ${method})`, 'operational', 1100));
  };
  return {
    calls,
    name: `${inner.name} with a fault`,
    connect: () => guard('connect', () => inner.connect()),
    disconnect: () => guard('disconnect', () => inner.disconnect()),
    account: () => guard('account', () => inner.account()),
    quotes: (instruments) => guard('quotes', () => inner.quotes(instruments)),
    fxRates: (base, currencies) => guard('fxRates', () => inner.fxRates(base, currencies)),
    openOrders: () => guard('openOrders', () => inner.openOrders()),
    cancelOrder: (id) => guard('cancelOrder', () => inner.cancelOrder(id)),
    placeOrder: (order, instrument) => guard('placeOrder', () => inner.placeOrder(order, instrument)),
    modifyOrder: (order, change, instrument) => guard('modifyOrder', () => inner.modifyOrder(order, change, instrument)),
    awaitOrders: (ids, timeoutMs) => guard('awaitOrders', () => inner.awaitOrders(ids, timeoutMs)),
    executions: (since) => guard('executions', () => inner.executions(since)),
    completedOrders: () => guard('completedOrders', () => inner.completedOrders()),
  };
}
