import { loadColumnarFolder } from '../data/columnar/columnar-folder.js';
import type { ColumnarCacheOptions } from '../data/columnar/columnar-cache.js';
import { alignPanel, type AlignedPanel } from './compat/aligned-panel.js';
import { BACKTRADER_DEFAULTS, runBacktraderCompat, type CompatParams } from './compat/backtrader-compat.js';
import type { BacktestResult } from './results.js';

export interface CompatRunOptions extends ColumnarCacheOptions {
  readonly dataDir: string;
  readonly from?: number;
  readonly to?: number;
  readonly params?: Partial<CompatParams>;
}

export interface LoadedPanel {
  readonly panel: AlignedPanel;
  readonly cacheHits: number;
  readonly parsed: number;
}

/** Every `<SYMBOL>.csv` of the folder, through the columnar cache, on one timeline. */
export function loadCompatPanel(options: Omit<CompatRunOptions, 'params'>): LoadedPanel {
  // The comparison mode reads only the columns it uses.
  const folder = loadColumnarFolder(options.dataDir, undefined, { ...options, columns: ['time', 'open', 'close'] });
  return { panel: alignPanel(folder.series, options.from, options.to), cacheHits: folder.cacheHits, parsed: folder.parsed };
}

/** `autofolio backtest --compat backtrader`: no config, only a data folder. */
export function runCompatBacktest(options: CompatRunOptions): BacktestResult & { readonly load: Omit<LoadedPanel, 'panel'> } {
  const { panel, cacheHits, parsed } = loadCompatPanel(options);
  return { ...runBacktraderCompat(panel, { ...BACKTRADER_DEFAULTS, ...options.params }), load: { cacheHits, parsed } };
}
