/**
 * Round values for a value axis: multiples of 1, 2 or 5 × 10^k that enclose [min, max], about
 * `target` of them. A flat range gets a band around its value, so that a line is drawn
 * mid-height rather than on an axis of zero height.
 */
export function valueTicks(min: number, max: number, target = 5): number[] {
  let lo = min;
  let hi = max;
  // A span below a billionth of the values (or of one) is flat for money and returns alike.
  if (!(hi - lo > Math.max(Math.abs(lo), Math.abs(hi), 1e-3) * 1e-9)) {
    const pad = Math.abs(lo) > 1e-6 ? Math.abs(lo) * 0.01 : 0.01;
    lo -= pad;
    hi += pad;
  }
  const rough = (hi - lo) / Math.max(1, target - 1);
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= rough * 0.999)!;
  let first = Math.floor(lo / step);
  if (first * step > lo) first -= 1;
  let last = Math.ceil(hi / step);
  if (last * step < hi) last += 1;
  // Multiples of the step rounded to its precision, so that 0.1 + 0.2 drift never reaches a label.
  const digits = Math.min(100, Math.max(0, -Math.floor(Math.log10(step)) + 2));
  return Array.from({ length: last - first + 1 }, (_, k) => Number(((first + k) * step).toFixed(digits)) || 0);
}

/** Decimal places that show every tick of a 1-2-5 axis distinctly (0.05 → 2, 20 → 0). */
export function tickDigits(ticks: readonly number[]): number {
  const step = ticks.length > 1 ? Math.abs(ticks[1]! - ticks[0]!) : 1;
  return Math.max(0, Math.min(10, -Math.floor(Math.log10(step) + 1e-9)));
}

export interface DateTick {
  /** Epoch ms of 00:00 UTC of the tick's date. */
  readonly time: number;
  readonly label: string;
}

const DAY = 86_400_000;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const iso = (t: number): string => new Date(t).toISOString().slice(0, 10);

type Step = { readonly unit: 'day' | 'month' | 'year'; readonly count: number };
const STEPS: readonly Step[] = [
  { unit: 'day', count: 1 },
  { unit: 'day', count: 2 },
  { unit: 'day', count: 7 },
  { unit: 'month', count: 1 },
  { unit: 'month', count: 2 },
  { unit: 'month', count: 3 },
  { unit: 'month', count: 6 },
  { unit: 'year', count: 1 },
  { unit: 'year', count: 2 },
  { unit: 'year', count: 5 },
  { unit: 'year', count: 10 },
];
const APPROX_DAYS = { day: 1, month: 30.44, year: 365.25 } as const;

// Characters in a tick label of each unit ("2025-03-14", "Mar 2025", "2025"), plus one for the gap.
const LABEL_CHARS = { day: 11, month: 9, year: 5 } as const;

/**
 * Date ticks strictly inside (first, last) on calendar boundaries: every day or second day
 * (labelled in full, YYYY-MM-DD), Mondays, the first of every 1, 2, 3 or 6 months (labelled
 * "Mar 2025"), or of every 1, 2, 5 or 10 years (labelled "2025"). `maxDays` is how many full
 * dates fit side by side; shorter labels fit more ticks in proportion.
 */
export function dateTicks(first: number, last: number, maxDays: number): DateTick[] {
  const spanDays = (last - first) / DAY;
  const allowed = (s: Step): number => Math.max(1, Math.floor((maxDays * LABEL_CHARS.day) / LABEL_CHARS[s.unit]));
  // The approximate count picks the first step to try; month lengths can add a tick, so the count is checked.
  let k = STEPS.findIndex((s) => spanDays / (s.count * APPROX_DAYS[s.unit]) <= allowed(s));
  if (k < 0) k = STEPS.length - 1;
  for (; ; k++) {
    const ticks = ticksOf(STEPS[k]!, first, last);
    if (ticks.length <= allowed(STEPS[k]!) || k === STEPS.length - 1) return ticks;
  }
}

function ticksOf(step: Step, first: number, last: number): DateTick[] {
  const ticks: DateTick[] = [];
  const start = new Date(Math.floor(first / DAY) * DAY);
  if (step.unit === 'day') {
    let t = start.getTime() + DAY;
    // Weekly ticks fall on Mondays, the start of a trading week.
    if (step.count === 7) while (new Date(t).getUTCDay() !== 1) t += DAY;
    for (; t < last; t += step.count * DAY) ticks.push({ time: t, label: iso(t) });
    return ticks;
  }
  const months = step.unit === 'month' ? step.count : step.count * 12;
  let year = start.getUTCFullYear();
  let month = start.getUTCMonth() + 1;
  // The first boundary after `first` that is a multiple of the step (January, April, July … for quarters; 2020, 2025 … for five years).
  for (;;) {
    if (month > 11) {
      year += 1;
      month = 0;
    }
    const aligned = step.unit === 'month' ? month % step.count === 0 : month === 0 && year % step.count === 0;
    if (aligned) break;
    month += 1;
  }
  for (let t = Date.UTC(year, month, 1); t < last; ) {
    if (t > first) ticks.push({ time: t, label: step.unit === 'year' ? String(year) : `${MONTHS[month]} ${year}` });
    month += months;
    year += Math.floor(month / 12);
    month %= 12;
    t = Date.UTC(year, month, 1);
  }
  return ticks;
}
