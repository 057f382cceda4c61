import type { Instrument } from '../domain/instrument.js';

// Callers hand the same list at every run (the config's tradable instruments): it is indexed
// once per list rather than once per run and per check. A list is never changed once handed
// over (readonly), so its index stays true.
const indexes = new WeakMap<readonly Instrument[], ReadonlyMap<string, Instrument>>();
const placeLists = new WeakMap<readonly Instrument[], InstrumentPlaces>();

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

/** The instruments of a list numbered: what a run keeps per instrument goes in an array rather than a map of its own. */
export interface InstrumentPlaces {
  /** Each symbol's place in `instruments`. */
  readonly placeOf: ReadonlyMap<string, number>;
  /** One instrument per symbol (the last of a symbol listed twice, as instrumentsBySymbol), in the order the symbols are first listed. */
  readonly instruments: readonly Instrument[];
  /**
   * The places in the order `Array.prototype.sort` puts their symbols (by UTF-16 code units):
   * sorted once per list, so a run that plans a subset of the instruments in symbol order
   * filters this rather than sorting its own symbols again.
   */
  readonly bySymbol: readonly number[];
}

export function instrumentPlaces(list: readonly Instrument[]): InstrumentPlaces {
  let places = placeLists.get(list);
  if (!places) {
    const instruments = [...instrumentsBySymbol(list).values()];
    const placeOf = new Map(instruments.map((instrument, place) => [instrument.symbol, place]));
    const bySymbol = [...placeOf.keys()].sort().map((symbol) => placeOf.get(symbol)!);
    places = { placeOf, instruments, bySymbol };
    placeLists.set(list, places);
  }
  return places;
}
