import { describe, expect, it } from 'vitest';
import { UnknownExchangeError } from './errors.js';
import { getCalendar, knownMics } from './get-calendar.js';

describe('getCalendar', () => {
  it('finds each calendar by MIC, in any case, and NYSE Arca on the NYSE calendar', () => {
    expect(getCalendar('xnys').timeZone).toBe('America/New_York');
    expect(getCalendar('XLON').timeZone).toBe('Europe/London');
    expect(getCalendar('XTSE').timeZone).toBe('America/Toronto');
    expect(getCalendar('FX').mic).toBe('FX');
    expect(getCalendar('ARCX')).toBe(getCalendar('XNYS'));
  });

  it('names the known exchanges when the MIC is unknown', () => {
    expect(() => getCalendar('XPAR')).toThrow(UnknownExchangeError);
    expect(() => getCalendar('XPAR')).toThrow(`unknown exchange "XPAR": known exchanges are ${knownMics().join(', ')}`);
    expect(knownMics()).toEqual(['XNYS', 'XLON', 'XTSE', 'FX', 'ARCX']);
  });
});
