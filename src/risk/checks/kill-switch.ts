import type { RiskCheck } from '../risk-types.js';

export const KILL_SWITCH = 'kill-switch';

/** While the kill switch is on nothing trades; it always blocks, with the reason it was set. */
export const killSwitchCheck: RiskCheck = (input) =>
  input.killSwitch.halted
    ? [{ check: KILL_SWITCH, message: `trading is halted by the kill switch: ${input.killSwitch.reason ?? 'no reason given'}` }]
    : [];
