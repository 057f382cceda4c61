export { IbBroker, type IbBrokerOptions } from './ib-broker.js';
export { IbMarketData, type BarCacheStore } from './ib-market-data.js';
export { InMemoryOrderIdStore, OrderIdAllocator, type OrderIdStore } from './order-ids.js';
export { classifyIbMessage, type IbMessage, type IbMessageCategory } from './ib-messages.js';
export { RateLimiter, peakInWindow, type LimiterClock } from './rate-limiter.js';
export { contractMismatches, ibContract } from './ib-contracts.js';
export { InMemoryGatewayStatusStore, checkGatewayStatus, type GatewayStatus, type GatewayStatusStore } from './gateway-status.js';
