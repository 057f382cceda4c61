import { describe, expect, it } from 'vitest';
import { formatActions, mergeActions, parseActions } from './actions-file.js';

describe('the actions file', () => {
  it('writes splits and dividends oldest first, and reads them back', () => {
    const actions = [
      { date: '2024-06-10', action: 'split' as const, value: 4 },
      { date: '2024-03-15', action: 'dividend' as const, value: 0.52 },
      { date: '2020-01-02', action: 'split' as const, value: 0.1 },
    ];
    const text = formatActions(actions);
    expect(text).toBe('Date,Action,Value\n2020-01-02,split,0.1\n2024-03-15,dividend,0.52\n2024-06-10,split,4\n');
    expect(parseActions(text, 'SPY.actions.csv')).toEqual([actions[2], actions[1], actions[0]]);
  });

  it('a fetched action replaces the one of the same date and kind, the others are kept', () => {
    const merged = mergeActions(
      [{ date: '2024-03-15', action: 'dividend', value: 0.5 }, { date: '2023-12-15', action: 'dividend', value: 0.48 }],
      [{ date: '2024-03-15', action: 'dividend', value: 0.52 }, { date: '2024-06-10', action: 'split', value: 4 }],
    );
    expect(merged.map((a) => `${a.date} ${a.action} ${a.value}`)).toEqual(['2023-12-15 dividend 0.48', '2024-03-15 dividend 0.52', '2024-06-10 split 4']);
  });

  it.each([
    ['a wrong header', 'date,action,value\n', 1, 'the header must be'],
    ['an unknown action', 'Date,Action,Value\n2024-01-02,merger,1\n', 2, 'neither split nor dividend'],
    ['a split of zero', 'Date,Action,Value\n2024-01-02,split,0\n', 2, 'not a positive ratio'],
    ['a date that is not a date', 'Date,Action,Value\n2024-13-02,split,2\n', 2, 'is not YYYY-MM-DD'],
    ['a missing field', 'Date,Action,Value\n2024-01-02,split\n', 2, 'expected 3 fields'],
  ])('refuses %s, naming the file and the line', (_name, text, line, message) => {
    expect(() => parseActions(text, 'X.actions.csv')).toThrow(`X.actions.csv:${line}: `);
    expect(() => parseActions(text, 'X.actions.csv')).toThrow(message);
  });
});
