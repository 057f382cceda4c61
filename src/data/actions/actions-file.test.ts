import { describe, expect, it } from 'vitest';
import { corporateAction } from '../../domain/corporate-action.js';
import { parseActionsCsv } from '../csv/parse-actions-csv.js';
import { formatActions, mergeActions } from './actions-file.js';

describe('the actions file', () => {
  it('writes splits and dividends oldest first, and the reader reads them back', () => {
    const actions = [corporateAction('split', '2024-06-10', 4), corporateAction('dividend', '2024-03-15', 0.52), corporateAction('split', '2020-01-02', 0.1)];
    const text = formatActions(actions);
    expect(text).toBe('Date,Action,Value\n2020-01-02,split,0.1\n2024-03-15,dividend,0.52\n2024-06-10,split,4\n');
    expect(parseActionsCsv(text, 'SPY.actions.csv')).toEqual([actions[2], actions[1], actions[0]]);
  });

  it('a fetched action replaces the one of the same date and kind, the others are kept', () => {
    const merged = mergeActions(
      [corporateAction('dividend', '2024-03-15', 0.5), corporateAction('dividend', '2023-12-15', 0.48)],
      [corporateAction('dividend', '2024-03-15', 0.52), corporateAction('split', '2024-06-10', 4)],
    );
    expect(merged.map((a) => `${a.date} ${a.kind} ${a.value}`)).toEqual(['2023-12-15 dividend 0.48', '2024-03-15 dividend 0.52', '2024-06-10 split 4']);
  });
});
