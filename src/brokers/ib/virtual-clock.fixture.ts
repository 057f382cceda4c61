import type { LimiterClock } from './rate-limiter.js';

/** A clock that moves only when someone sleeps on it, so a test of 500 messages takes no real time. */
export function virtualClock(): LimiterClock & { time: number } {
  const clock = {
    time: 0,
    now: () => clock.time,
    sleep: async (ms: number) => {
      clock.time += ms;
      // Let other work (socket reads, the gateway's answers) run between sleeps.
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
  return clock;
}
