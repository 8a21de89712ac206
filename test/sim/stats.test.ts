import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { interval, normalQuantile, pairedDifference, tQuantile } from '../../src/sim/stats.js';

describe('statistics', () => {
  it('quantiles match the tables', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 9);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.326348, 5);
    // Student t, two-sided 95%: df 2, 4, 10, 29 (tables: 4.303, 2.776, 2.228, 2.045).
    expect(tQuantile(0.975, 2)).toBeCloseTo(4.303, 1);
    expect(tQuantile(0.975, 4)).toBeCloseTo(2.776, 2);
    expect(tQuantile(0.975, 10)).toBeCloseTo(2.228, 3);
    expect(tQuantile(0.975, 29)).toBeCloseTo(2.045, 3);
    expect(tQuantile(0.975, 1)).toBeCloseTo(12.706, 2);
  });

  it('interval of a hand-checked sample: 1..5 has mean 3, sd √2.5, half-width 2.776·√2.5/√5', () => {
    const i = interval([1, 2, 3, 4, 5], 0.95);
    expect(i.mean).toBe(3);
    expect(i.sd).toBeCloseTo(Math.sqrt(2.5), 12);
    expect(i.halfWidth).toBeCloseTo((2.776 * Math.sqrt(2.5)) / Math.sqrt(5), 2);
    expect(i.low).toBeCloseTo(3 - i.halfWidth, 12);
    expect(interval([7], 0.95)).toMatchObject({ mean: 7, halfWidth: 0 });
  });

  it('paired differences cancel what the two samples share (common random numbers)', () => {
    const noise = [5, -3, 8, 0, 2, -6];
    const a = noise.map((x) => x + 10);
    const b = noise.map((x) => x + 9);
    const d = pairedDifference(a, b, 0.95);
    expect(d.mean).toBeCloseTo(1, 12);
    expect(d.halfWidth).toBeCloseTo(0, 12);
    expect(interval(a, 0.95).halfWidth).toBeGreaterThan(3);
    expect(() => pairedDifference([1], [1, 2], 0.95)).toThrow(/different sizes/);
  });

  it('the interval contains the mean and widens with the confidence level (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 2, maxLength: 30 }), (xs) => {
        const i90 = interval(xs, 0.9);
        const i99 = interval(xs, 0.99);
        expect(i90.low).toBeLessThanOrEqual(i90.mean + 1e-9);
        expect(i90.high).toBeGreaterThanOrEqual(i90.mean - 1e-9);
        expect(i99.halfWidth).toBeGreaterThanOrEqual(i90.halfWidth - 1e-9);
      }),
    );
  });
});
