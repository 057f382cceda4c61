import { describeBrokerContract } from '../../src/brokers/broker.contract.js';
import { INSTRUMENTS, startRig } from './harness.js';

// The same behaviour the paper broker shows, through @stoqey/ib and a real socket.
describeBrokerContract('IB (stand-in gateway)', async () => {
  const rig = await startRig();
  const broker = rig.broker();
  await broker.connect();
  return { broker, instruments: INSTRUMENTS, baseCurrency: 'USD', symbol: 'SPY', price: 100, teardown: () => rig.stop() };
});
