import { corporateAction } from '../../../domain/corporate-action.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SourceReplyError } from '../market-data-source.js';
import { CsvFolderSource } from './csv-folder-source.js';

const SPY = { symbol: 'SPY', secType: 'STK' as const, currency: 'USD', exchange: 'XNYS', lotSize: 1, tickSize: 0.01, multiplier: 1 };

describe('CsvFolderSource', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'autofolio-csv-source-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('folds the bars of each trading date into one daily bar, and gives the actions in the range', async () => {
    writeFileSync(
      join(dir, 'SPY.csv'),
      'time,open,high,low,close,volume\n2025-03-03T14:30:00Z,100,102,99,101,10\n2025-03-03T20:30:00Z,101,103,100,102,20\n2025-03-04T14:30:00Z,102,104,98,99,5\n',
    );
    writeFileSync(join(dir, 'SPY.actions.csv'), 'Date,Action,Value\n2025-03-04,dividend,0.5\n2025-05-01,split,2\n');
    const history = await new CsvFolderSource('vendor2', dir).history({ instrument: SPY, from: '2025-03-01', to: '2025-03-31', timeZone: 'America/New_York' });
    expect(history.bars).toEqual([
      { date: '2025-03-03', open: 100, high: 103, low: 99, close: 102, volume: 30 },
      { date: '2025-03-04', open: 102, high: 104, low: 98, close: 99, volume: 5 },
    ]);
    expect(history.actions).toEqual([corporateAction('dividend', '2025-03-04', 0.5)]);
  });

  it('a missing or broken file is refused naming the source and the symbol', async () => {
    const error = await new CsvFolderSource('vendor2', dir).history({ instrument: SPY, from: '2025-03-01', to: '2025-03-31', timeZone: 'UTC' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceReplyError);
    expect((error as Error).message).toMatch(/^vendor2: SPY: .*SPY\.csv/);
  });
});
