import { describe, expect, it } from 'vitest';
import { classifyIbMessage, ibBrokerError } from './ib-messages.js';

describe('IB message classification', () => {
  it('treats farm status notices as information, not errors', () => {
    for (const code of [2104, 2106, 2158, 2103, 2105, 2107, 2108, 2119]) {
      expect(classifyIbMessage(code, 'Market data farm connection is OK:usfarm').category).toBe('info');
    }
  });

  it('gives each failure its reaction: connectivity and pacing are retried, client id and permissions need a person, 201 is a rejection', () => {
    expect(ibBrokerError(classifyIbMessage(1100, 'Connectivity between IB and TWS has been lost.'), 'account').kind).toBe('temporary');
    expect(classifyIbMessage(1102, 'Connectivity restored - data maintained').category).toBe('restored');
    expect(ibBrokerError(classifyIbMessage(326, 'Unable to connect as the client id is already in use.'), 'connect')).toMatchObject({ kind: 'operational', code: 326 });
    expect(ibBrokerError(classifyIbMessage(201, 'Order rejected - reason: no funds', 7), 'order')).toMatchObject({ kind: 'rejected', code: 201 });
    expect(ibBrokerError(classifyIbMessage(100, 'Max rate of messages per second has been exceeded'), 'send').kind).toBe('temporary');
    expect(ibBrokerError(classifyIbMessage(162, 'Historical Market Data Service error message:Historical data request pacing violation'), 'bars').kind).toBe('temporary');
    expect(ibBrokerError(classifyIbMessage(354, 'Requested market data is not subscribed.'), 'quote').kind).toBe('operational');
    expect(classifyIbMessage(10167, 'Requested market data is not subscribed. Displaying delayed market data.').category).toBe('market-data-delayed');
    expect(ibBrokerError(classifyIbMessage(200, 'No security definition has been found for the request'), 'contract').kind).toBe('operational');
  });

  it('tells a 162 pacing violation from a 162 that only says no data came back', () => {
    expect(classifyIbMessage(162, 'Historical Market Data Service error message:HMDS query returned no data').category).toBe('unknown');
  });

  it('puts the fix in the message of a client id conflict', () => {
    expect(ibBrokerError(classifyIbMessage(326, 'client id is already in use'), 'connect').message).toMatch(/broker\.clientId/);
  });
});
