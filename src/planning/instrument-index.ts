import type { Instrument } from '../domain/instrument.js';

// Callers hand the same list at every run (the config's tradable instruments): it is indexed
// once per list rather than once per run and per check. A list is never changed once handed
// over (readonly), so its index stays true.
const indexes = new WeakMap<readonly Instrument[], ReadonlyMap<string, Instrument>>();

/** The instruments of `list` by symbol (the last of a symbol listed twice, as `new Map` keeps it). */
export function instrumentsBySymbol(list: readonly Instrument[]): ReadonlyMap<string, Instrument> {
  let index = indexes.get(list);
  if (!index) {
    const made = new Map<string, Instrument>();
    for (const instrument of list) made.set(instrument.symbol, instrument);
    indexes.set(list, (index = made));
  }
  return index;
}
