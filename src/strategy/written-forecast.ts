import type { Forecast } from '../domain/forecast.js';
import { checkWritable } from './forecast-file.js';
import { spreadsDocument } from './forecast-json.js';
import { parseForecastSpreads } from './forecast-spreads.js';
import type { ParsedForecast } from './parsed-forecast.js';

/**
 * What the reader gets from the file forecastText(path, forecast) writes: the values of its
 * layout, and the lines (CSV) or fields (JSON) it would name in an error, without the text.
 * Refuses what forecastText refuses. A forecast that checkWritable lets through reads back
 * exactly: a weight or a leverage is written as the shortest decimal that reads back as the
 * same number, the time in milliseconds, and a symbol or source that needs quotes gets them.
 * The property tests beside this file hold it to a write and read of the text.
 */
export function writtenForecast(path: string, forecast: Forecast): ParsedForecast {
  const format = checkWritable(forecast, path);
  // The file holds the time a Date gives it: whole milliseconds.
  const asOf = new Date(forecast.asOf).getTime();
  if (format === 'csv') {
    // Leverage, as-of and source are on every row; the reader names the first row's.
    const first = { line: 2 };
    const weights: { symbol: string; weight: number; where: { line: number } }[] = [];
    // The header is line 1, and each weight has its own row after it, in the map's order. The
    // writer adds 0 to each weight: -0 is written and read back as 0.
    let line = 2;
    for (const [symbol, weight] of forecast.weights) weights.push({ symbol, weight: weight + 0, where: { line: line++ } });
    return { asOf: { value: asOf, where: first }, source: { value: forecast.source, where: first }, leverage: { value: forecast.leverage, where: first }, weights };
  }
  // A JSON object lists its integer-like keys first, in ascending order: the weights read back
  // in the order of the object the writer builds, not of the map.
  const written = Object.entries(Object.fromEntries([...forecast.weights].map(([symbol, weight]) => [symbol, weight + 0])) as Record<string, number>);
  const spreads = forecast.spreads && forecast.spreads.length > 0 ? parseForecastSpreads(JSON.parse(JSON.stringify(spreadsDocument(forecast.spreads))), path) : undefined;
  return {
    asOf: { value: asOf, where: { field: 'asOf' } },
    source: { value: forecast.source, where: { field: 'source' } },
    leverage: { value: forecast.leverage, where: { field: 'leverage' } },
    weights: written.map(([symbol, weight]) => ({ symbol, weight, where: { field: `weights.${symbol}` } })),
    ...(spreads ? { spreads } : {}),
  };
}
