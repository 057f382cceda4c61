import { BrokerError, type BrokerErrorKind } from '../broker.js';

/**
 * What autofolio does about a message from TWS / IB Gateway. IB sends notices, warnings and
 * errors through one channel with a numeric code; each code here has one defined reaction.
 */
export type IbMessageCategory =
  /** Farm status and similar notices: logged, never an error. */
  | 'info'
  /** TWS lost its link to IB's servers (1100) or the socket failed: retry later. */
  | 'connectivity'
  /** The link came back (1101 data lost, 1102 data kept). */
  | 'restored'
  /** Another program holds this client id (326): a person must pick another. */
  | 'client-id'
  /** The order was refused (201, 110, …): a rejected status with IB's reason. */
  | 'order-rejected'
  /** Too many messages (100) or historical requests (162): back off and retry. */
  | 'pacing'
  /** More quote requests open at once than the account's market data lines (101). */
  | 'market-data-lines'
  /** No market data subscription (354, 10168…): use delayed data where allowed. */
  | 'market-data-permission'
  /** Delayed data is being shown (10167): informational when delayed data is allowed. */
  | 'market-data-delayed'
  /** The contract is unknown or ambiguous (200): the instrument in the config needs fixing. */
  | 'no-contract'
  /** An order id was refused as used (103): the id counter must move past it. */
  | 'order-id'
  /** A cancel for an order that is already gone (10147, 161): nothing to do. */
  | 'already-done'
  /** The order was cancelled (202): a cancelled status. */
  | 'order-cancelled'
  /** The API itself is refused (read-only mode 321 on orders, version, decoding 505/506). */
  | 'api-refused'
  | 'unknown';

export interface IbMessage {
  readonly code: number;
  readonly text: string;
  /** The request or order id it concerns; -1 for the session. */
  readonly id: number;
  readonly category: IbMessageCategory;
}

const BY_CODE: ReadonlyMap<number, IbMessageCategory> = new Map([
  // Market data, historical data and security definition farm notices.
  ...[2103, 2104, 2105, 2106, 2107, 2108, 2119, 2157, 2158, 2100, 2109, 2150, 2168, 2169, 399, 10349].map((c) => [c, 'info'] as const),
  [1100, 'connectivity'],
  [1300, 'connectivity'],
  [2110, 'connectivity'],
  [502, 'connectivity'],
  [504, 'connectivity'],
  [507, 'connectivity'],
  [1101, 'restored'],
  [1102, 'restored'],
  [326, 'client-id'],
  ...[201, 110, 104, 105, 106, 107, 109, 111, 116, 117, 135, 136, 137, 154, 163, 164, 383, 387, 388, 404, 434, 435, 10006].map((c) => [c, 'order-rejected'] as const),
  [100, 'pacing'],
  [162, 'pacing'],
  [420, 'pacing'],
  [101, 'market-data-lines'],
  [354, 'market-data-permission'],
  [10168, 'market-data-permission'],
  [10089, 'market-data-permission'],
  [10090, 'market-data-permission'],
  [10167, 'market-data-delayed'],
  [200, 'no-contract'],
  [103, 'order-id'],
  [161, 'already-done'],
  [10147, 'already-done'],
  // "cannot be cancelled, state: Filled": the fill won the race; the fill, not the cancel, counts.
  [10148, 'already-done'],
  [202, 'order-cancelled'],
  [321, 'api-refused'],
  [505, 'api-refused'],
  [506, 'api-refused'],
  [509, 'connectivity'],
]);

export function classifyIbMessage(code: number, text: string, id = -1): IbMessage {
  let category = BY_CODE.get(code) ?? 'unknown';
  // 162 is also "HMDS query returned no data", which is not a pacing problem.
  if (code === 162 && !/pacing/i.test(text)) category = 'unknown';
  return { code, text, id, category };
}

const KIND: Readonly<Record<IbMessageCategory, BrokerErrorKind>> = {
  info: 'temporary',
  connectivity: 'temporary',
  restored: 'temporary',
  'client-id': 'operational',
  'order-rejected': 'rejected',
  pacing: 'temporary',
  'market-data-lines': 'temporary',
  'market-data-permission': 'operational',
  'market-data-delayed': 'temporary',
  'no-contract': 'operational',
  'order-id': 'operational',
  'already-done': 'temporary',
  'order-cancelled': 'rejected',
  'api-refused': 'operational',
  unknown: 'operational',
};

const HINT: Partial<Record<IbMessageCategory, string>> = {
  connectivity: 'IB Gateway or its link to IB is down; the next run retries by itself',
  'client-id': 'another program is connected with this clientId: give autofolio its own broker.clientId, or close the other program',
  pacing: 'IB paced the requests; the next run retries',
  'market-data-lines': "more quotes were open at once than the account's market data lines: set broker.marketDataLines to the account's limit (100 without booster packs)",
  'market-data-permission': 'the account has no market data subscription for it: subscribe in Account Management, or allow delayed data (broker.marketData: delayed-fallback)',
  'no-contract': 'IB does not know this instrument as configured: check symbol, secType, currency and exchange in the config',
  'order-id': 'an order id was reused; autofolio moves its counter past it — run again',
  'api-refused': 'IB Gateway refused the request: for orders, untick "Read-Only API" in Configure → Settings → API → Settings',
};

/** The BrokerError a message becomes when it fails a request, with how to fix it. */
export function ibBrokerError(message: IbMessage, context: string): BrokerError {
  const hint = HINT[message.category];
  return new BrokerError(`${context}: IB ${message.code} ${message.text}${hint ? ` (${hint})` : ''}`, KIND[message.category], message.code);
}
