import { describe, expect, it } from 'vitest';
import { mulberry32, normalSource } from './prng.js';

describe('mulberry32', () => {
  it('repeats for a seed and differs between seeds', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const drawsA = Array.from({ length: 5 }, a);
    expect(Array.from({ length: 5 }, b)).toEqual(drawsA);
    expect(Array.from({ length: 5 }, c)).not.toEqual(drawsA);
  });

  it('stays in [0, 1) and is roughly uniform', () => {
    const next = mulberry32(7);
    const draws = Array.from({ length: 20_000 }, next);
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(1);
    expect(draws.filter((u) => u < 0.5).length / draws.length).toBeCloseTo(0.5, 1);
  });
});

describe('normalSource', () => {
  it('has mean near 0 and standard deviation near 1', () => {
    const next = normalSource(mulberry32(1));
    const draws = Array.from({ length: 20_000 }, () => next());
    const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
    const sd = Math.sqrt(draws.reduce((a, x) => a + (x - mean) ** 2, 0) / (draws.length - 1));
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(sd).toBeGreaterThan(0.97);
    expect(sd).toBeLessThan(1.03);
  });
});
