import { extname } from 'node:path';
import { ForecastError } from './forecast-error.js';

export type ForecastFormat = 'csv' | 'json';

/** The layout a forecast file uses, chosen by its extension (.csv or .json, any case). */
export function forecastFormat(path: string): ForecastFormat {
  const extension = extname(path).toLowerCase();
  if (extension === '.csv') return 'csv';
  if (extension === '.json') return 'json';
  throw new ForecastError(`unknown forecast file type "${extension}": name it .csv or .json`, path);
}
