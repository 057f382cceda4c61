/** Base class of the calendar's errors, so a caller can catch them as one kind. */
export class CalendarError extends Error {
  override name = 'CalendarError';
}

/** A date that is not a real calendar day written as YYYY-MM-DD. */
export class InvalidDateError extends CalendarError {
  override name = 'InvalidDateError';
  constructor(readonly input: string) {
    super(`invalid date "${input}": expected a real calendar day written as YYYY-MM-DD`);
  }
}

/** No calendar is registered under the requested market identifier code. */
export class UnknownExchangeError extends CalendarError {
  override name = 'UnknownExchangeError';
  constructor(
    readonly mic: string,
    readonly known: readonly string[],
  ) {
    super(`unknown exchange "${mic}": known exchanges are ${known.join(', ')}`);
  }
}

/**
 * A question about a year whose rules were never checked. Answering it from rules that may
 * have changed would be a silent guess, and a wrong session means a trade at the wrong time.
 */
export class CalendarRangeError extends CalendarError {
  override name = 'CalendarRangeError';
  constructor(mic: string, what: string, firstYear: number, lastYear: number) {
    super(`${mic}: ${what} is outside the calendar's years ${firstYear}–${lastYear}`);
  }
}
