import { expect } from 'vitest';

/**
 * The error `act` throws, checked to be a `type`: for tests that read what a refusal says. A
 * call that throws nothing fails the test, so a refusal that quietly became an acceptance shows.
 */
export function thrownBy<E extends Error>(type: abstract new (...args: never[]) => E, act: () => unknown): E {
  try {
    act();
  } catch (error) {
    expect(error).toBeInstanceOf(type);
    return error as E;
  }
  throw new Error(`expected a ${type.name}, and nothing was thrown`);
}
