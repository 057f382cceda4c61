import type { RiskCheck } from '../risk-types.js';

export const ERROR_FLAGS = 'error-flags';

/** Fail closed: an error in any step before sending blocks every order, even an empty plan's verdict. */
export const errorFlagsCheck: RiskCheck = (input) =>
  input.errorFlags.map((flag) => ({ check: ERROR_FLAGS, message: `an earlier step failed: ${flag}` }));
