export interface MonthlyReturn {
  /** YYYY-MM. */
  readonly month: string;
  readonly return: number;
}

/** Chain-links period returns into calendar months (a month's periods are those dated in it). */
export function monthlyReturns(dates: readonly string[], returns: readonly number[]): MonthlyReturn[] {
  const months: { month: string; growth: number }[] = [];
  returns.forEach((r, i) => {
    const month = dates[i]!.slice(0, 7);
    const last = months[months.length - 1];
    if (last?.month === month) last.growth *= 1 + r;
    else months.push({ month, growth: 1 + r });
  });
  return months.map((m) => ({ month: m.month, return: m.growth - 1 }));
}
