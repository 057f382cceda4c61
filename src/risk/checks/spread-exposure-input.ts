import type { OptionsConfig } from '../../config/schema.js';
import type { FxRates } from '../../domain/money.js';
import type { ComboInstrument, OptionInstrument } from '../../domain/option.js';
import type { PlanLine } from '../../planning/plan-types.js';

/** What the spread exposure checks (notional and net delta) judge: the spreads before and after the plan, and their legs. */
export interface SpreadExposureInput {
  /** The plan's line of every spread: the spreads held before (currentQuantity) and after (targetQuantity). */
  readonly lines: readonly PlanLine[];
  readonly combos: ReadonlyMap<string, ComboInstrument>;
  /** The underlying's price in its currency (the run's mid), undefined without a quote. */
  readonly underlyingPrice: (symbol: string) => number | undefined;
  /** The delta of one option leg at the underlying's `spot` (leg-delta.ts says where it comes from). */
  readonly legDelta: (option: OptionInstrument, spot: number) => number;
  readonly nlv: number;
  readonly fx: FxRates;
  readonly baseCurrency: string;
  readonly limits: Pick<OptionsConfig, 'maxSpreadNotionalPct' | 'maxNetDeltaPct'>;
}

/** A leg's signed units per spread: + bought, − sold. */
export function signedRatio(leg: ComboInstrument['legs'][number]): number {
  return leg.action === 'BUY' ? leg.ratio : -leg.ratio;
}
