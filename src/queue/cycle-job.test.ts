import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cycleJobId, parseCycleJob } from './cycle-job.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('cycle jobs', () => {
  it('a trigger\'s job id is a UUID, the same for the same account and time, another for another', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.integer({ min: 0, max: 4e12 }), fc.integer({ min: 0, max: 4e12 }), (a, b, t, u) => {
        expect(cycleJobId(a, t)).toMatch(UUID);
        expect(cycleJobId(a, t)).toBe(cycleJobId(a, t));
        if (a !== b || t !== u) expect(cycleJobId(a, t)).not.toBe(cycleJobId(b, u));
      }),
    );
  });

  it('a job\'s data without its trigger is refused with what is missing', () => {
    expect(() => parseCycleJob({ accountId: 'A', configFile: '/a.yaml' }, 'j-1')).toThrow(/job j-1 of autofolio-cycle: its data is not a cycle job \(accountId, configFile, trigger/);
  });
});
