import type { LoadedConfig } from '../config/load.js';
import type { Instrument } from '../domain/instrument.js';

/** Instruments the strategy may hold (not the FX pairs that only convert currencies). */
export function tradableInstruments(config: LoadedConfig): Instrument[] {
  return config.instruments.filter((i) => i.secType !== 'CASH');
}

export function instrumentCurrencies(config: LoadedConfig): string[] {
  return [...new Set(config.instruments.filter((i) => i.secType !== 'CASH').map((i) => i.currency))];
}
