import type { ComboInstrument } from '../../domain/option.js';
import type { OrderIntent } from '../../domain/order.js';
import type { RiskReason } from '../risk-types.js';

export const SPREAD_MARKET_OPEN = 'spread-market-open';

/** A combination order goes out only while its underlying's market is open (`isMarketOpen` asks about the underlying): options trade in its session. */
export function spreadMarketOpenReasons(orders: readonly OrderIntent[], combos: ReadonlyMap<string, ComboInstrument>, isMarketOpen: (combo: ComboInstrument, time: number) => boolean, now: number): RiskReason[] {
  return orders.flatMap((order) => {
    const combo = combos.get(order.symbol);
    if (combo && isMarketOpen(combo, now)) return [];
    return [{ check: SPREAD_MARKET_OPEN, message: `${order.symbol}: the ${combo?.exchange ?? 'unknown'} market of its options is closed now`, symbol: order.symbol }];
  });
}
