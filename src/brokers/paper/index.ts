export { PaperBroker, type PaperBrokerOptions } from './paper-broker.js';
export { PaperMatchingEngine, type PaperEngineOptions } from './matching.js';
export { BarsMarketView, paperQuote, type MarketView } from './market-view.js';
export { InMemoryPaperStateStore, newPaperState, checkPaperState, type PaperOrder, type PaperState, type PaperStateStore } from './paper-state.js';
export { commissionTotal, fillCommissionMinor } from './commission.js';
