import type { OptionsConfig } from '../config/schema.js';
import { midPrice, type Quote } from '../domain/bar.js';
import type { FxRates } from '../domain/money.js';
import type { ComboInstrument, OptionInstrument } from '../domain/option.js';
import type { PlanLine } from '../planning/plan-types.js';
import type { RiskReason } from '../risk/risk-types.js';
import { spreadDeltaReasons } from '../risk/checks/spread-delta.js';
import { spreadNotionalReasons } from '../risk/checks/spread-notional.js';
import { legDelta } from './leg-delta.js';

/**
 * The spread exposure checks of the risk gate (notional and net delta) over the plan's spreads:
 * the underlyings priced at the run's mids, each leg's delta from its quote or the option model
 * (leg-delta.ts).
 */
export function spreadExposureReasons(
  spreads: { readonly lines: readonly PlanLine[]; readonly combos: ReadonlyMap<string, ComboInstrument>; readonly legQuotes: ReadonlyMap<string, Quote> },
  view: { readonly quotes: ReadonlyMap<string, Quote>; readonly fx: FxRates; readonly account: { readonly netLiquidation: number } },
  now: number,
  baseCurrency: string,
  options: OptionsConfig,
): RiskReason[] {
  const input = {
    lines: spreads.lines,
    combos: spreads.combos,
    underlyingPrice: (symbol: string) => {
      const quote = view.quotes.get(symbol);
      return quote ? midPrice(quote) : undefined;
    },
    legDelta: (option: OptionInstrument, spot: number) => legDelta(option, spreads.legQuotes.get(option.symbol), spot, now, options.model),
    nlv: view.account.netLiquidation,
    fx: view.fx,
    baseCurrency,
    limits: options,
  };
  return [...spreadNotionalReasons(input), ...spreadDeltaReasons(input)];
}
