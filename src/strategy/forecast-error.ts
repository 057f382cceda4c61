import { fieldPath } from './forecast-excerpt.js';

/** Where in a forecast file a problem is: a line of a CSV file or a field path of a JSON file. */
export type ForecastLocation = { readonly line: number } | { readonly field: string };

/**
 * A forecast file that cannot be used (missing, malformed, stale or unsafe). The run stops
 * with an error flag and sends nothing. The message names the file and, where there is one,
 * the line or field, so that whoever maintains the model can fix it.
 */
export class ForecastError extends Error {
  readonly line?: number;
  readonly field?: string;

  constructor(message: string, readonly file: string, where?: ForecastLocation) {
    super(`${file}${where === undefined ? '' : 'line' in where ? `:${where.line}` : ` at ${fieldPath(where.field)}`}: ${message}`);
    this.name = 'ForecastError';
    if (where !== undefined && 'line' in where) this.line = where.line;
    if (where !== undefined && 'field' in where) this.field = where.field;
  }
}
