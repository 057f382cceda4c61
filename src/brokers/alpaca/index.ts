export { AlpacaBroker, type AlpacaBrokerOptions } from './alpaca-broker.js';
export { AlpacaClient, AlpacaHttpError, AlpacaUnreachableError, type AlpacaKeys } from './alpaca-client.js';
export { alpacaDoctor } from './alpaca-doctor.js';
export { AlpacaRateLimit } from './rate-limit.js';
