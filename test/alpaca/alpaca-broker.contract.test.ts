import { describeBrokerContract } from '../../src/brokers/broker.contract.js';
import { INSTRUMENTS, startAlpacaRig } from './harness.js';

// The same behaviour the paper broker and IB show, through Alpaca's REST API on a real socket.
describeBrokerContract('Alpaca (stand-in API v2)', async () => {
  const rig = await startAlpacaRig();
  const broker = rig.broker();
  await broker.connect();
  return { broker, instruments: INSTRUMENTS, baseCurrency: 'USD', symbol: 'SPY', price: 100, teardown: () => rig.stop() };
});
