import type { AlpacaBrokerConfig } from '../../config/schema.js';
import { BrokerError } from '../broker.js';
import type { AlpacaKeys } from './alpaca-client.js';

const PAPER_TRADING_URL = 'https://paper-api.alpaca.markets';
const LIVE_TRADING_URL = 'https://api.alpaca.markets';
const DATA_URL = 'https://data.alpaca.markets';

/** Where the trading and market data APIs are: Alpaca's own, or the config's override. */
export function alpacaUrls(config: AlpacaBrokerConfig): { tradingUrl: string; dataUrl: string } {
  return {
    tradingUrl: config.baseUrl ?? (config.paper ? PAPER_TRADING_URL : LIVE_TRADING_URL),
    dataUrl: config.dataUrl ?? DATA_URL,
  };
}

/**
 * The API keys, from the environment variables the config names (never from the file). A missing
 * key is for a person to fix: the message names the variable, never a value.
 */
export function readAlpacaKeys(config: AlpacaBrokerConfig, env: Readonly<Record<string, string | undefined>>): AlpacaKeys {
  const keyId = env[config.keyIdEnv]?.trim();
  const secretKey = env[config.secretKeyEnv]?.trim();
  const missing = [...(keyId ? [] : [config.keyIdEnv]), ...(secretKey ? [] : [config.secretKeyEnv])];
  if (missing.length > 0 || !keyId || !secretKey) {
    throw new BrokerError(`Alpaca API keys: the environment variable${missing.length > 1 ? 's' : ''} ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not set (broker.keyIdEnv / broker.secretKeyEnv): export the ${config.paper ? 'paper' : 'live'} account's key id and secret key there`, 'operational', 'no-keys');
  }
  return { keyId, secretKey };
}
