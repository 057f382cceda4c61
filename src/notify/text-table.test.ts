import { describe, expect, it } from 'vitest';
import { textKeyValues, textTable } from './text-table.js';

describe('textTable', () => {
  it('aligns columns, numbers to the right', () => {
    const table = textTable(
      [{ header: 'Symbol' }, { header: 'Value', align: 'right' }],
      [
        ['VTI', '753,550.00'],
        ['SAP', '12.10'],
      ],
    );
    expect(table.split('\n')).toEqual([
      '  Symbol       Value',
      '  ------  ----------',
      '  VTI     753,550.00',
      '  SAP          12.10',
    ]);
  });

  it('continues a value of several lines under its first line', () => {
    expect(textKeyValues([['Step', 'send'], ['Error', 'rejected\nmargin']]).split('\n')).toEqual([
      '  Step   send',
      '  Error  rejected',
      '         margin',
    ]);
  });
});
