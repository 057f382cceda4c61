/**
 * What a step needs before it can do anything useful. A step whose needs are not all met is
 * recorded as skipped, with the reason of the first unmet need.
 */
export const SKIP_REASONS = {
  connected: 'not connected',
  'trade-run': 'end-of-day run',
  'built-in-strategy': 'an external model writes the forecast file',
  ledger: 'no ledger',
  account: 'no account',
  forecast: 'no forecast',
  'not-dry-run': 'dry run',
  'gate-open': 'blocked: nothing sent',
  orders: 'no orders',
  'end-of-day-run': 'runs after the close',
  'no-working-orders': 'an order from an earlier run may still be working',
} as const;

export type StepNeed = keyof typeof SKIP_REASONS;

interface StepDeclaration {
  readonly name: string;
  readonly needs: readonly StepNeed[];
}

/**
 * The steps of one cycle, in the order they run: the one declaration from which the run's
 * journal entries (one per step, every run), the skip reasons, and the crash points that the
 * fault tests kill at (`step:<name>`) are derived. A new step is one entry here and one
 * function in the cycle.
 */
export const CYCLE_STEPS = [
  { name: 'connect', needs: [] },
  { name: 'recover', needs: ['connected'] },
  { name: 'generate-forecast', needs: ['trade-run', 'built-in-strategy'] },
  { name: 'read-account', needs: ['connected'] },
  { name: 'reconcile', needs: ['ledger', 'account'] },
  { name: 'read-forecast', needs: ['trade-run'] },
  { name: 'plan-orders', needs: ['trade-run', 'account', 'forecast'] },
  { name: 'risk-gate', needs: ['trade-run'] },
  // Amends the working orders the plan still wants and cancels the rest; with no plan to carry
  // out (blocked, failed, end of day) every own working order is cancelled.
  { name: 'amend-open-orders', needs: ['connected', 'not-dry-run'] },
  { name: 'send-orders', needs: ['trade-run', 'not-dry-run', 'gate-open', 'orders', 'no-working-orders'] },
  { name: 'collect-fills', needs: ['connected'] },
  { name: 'snapshot', needs: ['connected'] },
  { name: 'notify', needs: [] },
  { name: 'end-of-day', needs: ['end-of-day-run'] },
  { name: 'disconnect', needs: ['connected'] },
] as const satisfies readonly StepDeclaration[];

export type CycleStep = (typeof CYCLE_STEPS)[number]['name'];

/** The crash point at the start of a step, as AUTOFOLIO_FAULT names it. */
export function stepFaultPoint(step: CycleStep): string {
  return `step:${step}`;
}
