import { describeBrokerContract } from '../broker.contract.js';
import { SPY, USDCAD, XIU, at, flatBars, paperSetup } from './paper-broker.fixture.js';

describeBrokerContract('paper', async () => {
  const { broker } = await paperSetup({
    bars: { SPY: flatBars(100, 10_000), XIU: flatBars(30, 100_000), USDCAD: flatBars(1.25, 0) },
    now: at(1, 6),
  });
  return { broker, instruments: [SPY, XIU, USDCAD], baseCurrency: 'USD', symbol: 'SPY', price: 100, teardown: () => broker.disconnect() };
});
