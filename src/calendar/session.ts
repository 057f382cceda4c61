/** One trading session. Times are epoch ms UTC; the session is open on [open, close). */
export interface Session {
  /** The session's trading date in the exchange's time zone, YYYY-MM-DD. */
  readonly date: string;
  readonly open: number;
  readonly close: number;
  /** True when the exchange closes before its regular time that day. */
  readonly earlyClose: boolean;
}

/**
 * An exchange's trading calendar: which days it trades and when. Instants are epoch ms UTC;
 * dates are the exchange's local trading dates as YYYY-MM-DD.
 */
export interface ExchangeCalendar {
  /** ISO 10383 market identifier code, or `FX` for the interbank currency market. */
  readonly mic: string;
  readonly name: string;
  /** IANA time zone of the exchange. */
  readonly timeZone: string;
  /** Every session whose date lies in [fromDate, toDate], in order. */
  sessions(fromDate: string, toDate: string): Session[];
  /** The session on a date, or undefined when the exchange does not trade that day. */
  session(date: string): Session | undefined;
  isOpen(t: number): boolean;
  /** The session open at instant t, or undefined when the exchange is closed then. */
  sessionAt(t: number): Session | undefined;
  /** The first session open strictly after t. */
  nextOpen(t: number): number;
  /** The first session close strictly after t. */
  nextClose(t: number): number;
  /** The last session dated strictly before the date (which need not be a session). */
  previousSession(date: string): Session;
  /** The first session dated strictly after the date (which need not be a session). */
  nextSession(date: string): Session;
}
