/** One line of `autofolio doctor`: what was checked, what was found, and how to fix a problem. */
export type CheckStatus = 'ok' | 'warn' | 'fail';

export interface DoctorRow {
  readonly check: string;
  readonly value: string;
  readonly status: CheckStatus;
  readonly hint?: string;
}
