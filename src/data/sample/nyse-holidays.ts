// Source: NYSE "Holidays & Trading Hours" (https://www.nyse.com/markets/hours-calendars), and
// NYSE's notice of 23 Dec 2024 closing the market on 9 Jan 2025, the National Day of Mourning
// for President Jimmy Carter. The calendar/ module owns exchange calendars for the running
// system; this table only shapes the bundled sample data.

/** Dates (New York) on which NYSE was closed, 2024–2025. */
export const NYSE_HOLIDAYS_2024_2025: ReadonlySet<string> = new Set([
  '2024-01-01', // New Year's Day
  '2024-01-15', // Martin Luther King Jr. Day
  '2024-02-19', // Washington's Birthday
  '2024-03-29', // Good Friday
  '2024-05-27', // Memorial Day
  '2024-06-19', // Juneteenth
  '2024-07-04', // Independence Day
  '2024-09-02', // Labor Day
  '2024-11-28', // Thanksgiving Day
  '2024-12-25', // Christmas Day
  '2025-01-01', // New Year's Day
  '2025-01-09', // National Day of Mourning, President Carter
  '2025-01-20', // Martin Luther King Jr. Day
  '2025-02-17', // Washington's Birthday
  '2025-04-18', // Good Friday
  '2025-05-26', // Memorial Day
  '2025-06-19', // Juneteenth
  '2025-07-04', // Independence Day
  '2025-09-01', // Labor Day
  '2025-11-27', // Thanksgiving Day
  '2025-12-25', // Christmas Day
]);

/** Dates (New York) on which NYSE closed early, at 13:00, 2024–2025. */
export const NYSE_EARLY_CLOSES_2024_2025: ReadonlySet<string> = new Set([
  '2024-07-03', // before Independence Day
  '2024-11-29', // day after Thanksgiving
  '2024-12-24', // Christmas Eve
  '2025-07-03', // before Independence Day
  '2025-11-28', // day after Thanksgiving
  '2025-12-24', // Christmas Eve
]);
