import { IbBroker, InMemoryOrderIdStore, type IbBrokerOptions } from '../../src/brokers/ib/index.js';
import type { IbBrokerConfig } from '../../src/config/schema.js';
import { wallClock } from '../../src/domain/clock.js';
import type { Instrument } from '../../src/domain/instrument.js';
import { defaultGatewayState, type GatewayState } from './gateway-state.js';
import { StandInGateway } from './stand-in-gateway.js';

export const SPY: Instrument = { symbol: 'SPY', secType: 'STK', currency: 'USD', exchange: 'XNYS', lotSize: 1, tickSize: 0.01, multiplier: 1 };
export const XIU: Instrument = { symbol: 'XIU', secType: 'STK', currency: 'CAD', exchange: 'XTSE', lotSize: 1, tickSize: 0.01, multiplier: 1 };
export const USDCAD: Instrument = { symbol: 'USDCAD', secType: 'CASH', currency: 'CAD', exchange: 'FX', lotSize: 1, tickSize: 0.00005, multiplier: 1 };
export const INSTRUMENTS = [SPY, XIU, USDCAD] as const;

export function ibConfig(port: number, overrides: Partial<IbBrokerConfig> = {}): IbBrokerConfig {
  return {
    kind: 'ib',
    host: '127.0.0.1',
    port,
    clientId: 7,
    account: 'DU111111',
    cancelScope: 'own',
    adaptivePriority: 'Patient',
    marketData: 'delayed-fallback',
    maxMessagesPerSecond: 45,
    marketDataLines: 100,
    contractCacheDays: 7,
    connectTimeoutSeconds: 5,
    requestTimeoutSeconds: 5,
    heartbeatSeconds: 20,
    gatewayTimeZone: 'America/New_York',
    unreachableGraceMinutes: 0,
    reconnectPollSeconds: 30,
    ...overrides,
  };
}

export interface Rig {
  readonly gateway: StandInGateway;
  readonly port: number;
  /** IB messages the adapter logged (notices, decoding errors). */
  readonly logs: string[];
  readonly orderIds: InMemoryOrderIdStore;
  broker(overrides?: Partial<IbBrokerConfig>, options?: Partial<IbBrokerOptions>): IbBroker;
  stop(): Promise<void>;
}

/** A stand-in gateway on a free port and a factory of IB brokers pointed at it. */
export async function startRig(script: (state: GatewayState) => void = () => undefined): Promise<Rig> {
  const state = defaultGatewayState();
  script(state);
  const gateway = new StandInGateway(state);
  const port = await gateway.start();
  const logs: string[] = [];
  const orderIds = new InMemoryOrderIdStore();
  const brokers: IbBroker[] = [];
  return {
    gateway,
    port,
    logs,
    orderIds,
    broker: (overrides = {}, options = {}) => {
      const broker = new IbBroker({
        config: ibConfig(port, overrides),
        instruments: INSTRUMENTS,
        clock: wallClock,
        orderIds,
        connectPolicy: { attempts: 1 },
        log: (line) => logs.push(line),
        ...options,
      });
      brokers.push(broker);
      return broker;
    },
    stop: async () => {
      for (const broker of brokers) await broker.disconnect().catch(() => undefined);
      await gateway.stop();
    },
  };
}
