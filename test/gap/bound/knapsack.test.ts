import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { KnapsackScratch, profileValue, solveKnapsack } from '../../../src/gap/bound/knapsack.js';

/** Best profit within capacity by enumerating all subsets. */
function bruteForce(profit: number[], weight: number[], capacity: number): number {
  let best = 0;
  for (let mask = 0; mask < 1 << profit.length; mask++) {
    let p = 0;
    let w = 0;
    for (let j = 0; j < profit.length; j++) {
      if (mask & (1 << j)) {
        p += profit[j];
        w += weight[j];
      }
    }
    if (w <= capacity && p > best) best = p;
  }
  return best;
}

function check(profit: number[], weight: number[], capacity: number, scratch: KnapsackScratch): void {
  const count = profit.length;
  const chosen = new Uint8Array(count);
  const value = solveKnapsack(Float64Array.from(profit), Float64Array.from(weight), count, capacity, chosen, scratch);
  const expected = bruteForce(profit, weight, capacity);
  expect(value).toBeCloseTo(expected, 9);
  expect(scratch.upperBound).toBeCloseTo(expected, 9);
  let p = 0;
  let w = 0;
  for (let j = 0; j < count; j++) {
    expect(chosen[j] === 0 || chosen[j] === 1).toBe(true);
    if (chosen[j]) {
      p += profit[j];
      w += weight[j];
    }
  }
  expect(w).toBeLessThanOrEqual(capacity + 1e-9);
  expect(p).toBeCloseTo(value, 9);
}

describe('solveKnapsack', () => {
  it('matches brute force on integer weights (dynamic programming)', () => {
    const scratch = new KnapsackScratch();
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: -20, max: 50 }), fc.integer({ min: 0, max: 30 })), { maxLength: 12 }),
        fc.integer({ min: 0, max: 80 }),
        (items, capacity) => check(items.map((t) => t[0]), items.map((t) => t[1]), capacity, scratch),
      ),
      { numRuns: 300 },
    );
  });

  it('matches brute force on real weights and profits (branch and bound)', () => {
    // Weights in sevenths (no small scaling makes them integers) and capacities half a step off any
    // subset sum, so that rounding cannot decide whether a subset fits.
    const scratch = new KnapsackScratch();
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: -5, max: 40, noNaN: true }), fc.integer({ min: 0, max: 170 })), { maxLength: 12 }),
        fc.integer({ min: 0, max: 480 }),
        (items, capacity) => check(items.map((t) => t[0]), items.map((t) => t[1] / 7), (capacity + 0.5) / 7, scratch),
      ),
      { numRuns: 300 },
    );
  });

  it('matches brute force on half-integer weights (scaled dynamic programming)', () => {
    const scratch = new KnapsackScratch();
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 40 })), { maxLength: 12 }),
        fc.integer({ min: 0, max: 120 }),
        (items, capacity) => check(items.map((t) => t[0] / 3), items.map((t) => t[1] / 2), capacity / 2, scratch),
      ),
      { numRuns: 200 },
    );
  });

  it('matches brute force with enough items to trigger the reduction (correlated and uncorrelated)', () => {
    const scratch = new KnapsackScratch();
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 1, max: 60 }), fc.integer({ min: -8, max: 30 }), fc.integer({ min: 0, max: 3 })), { minLength: 12, maxLength: 16 }),
        fc.double({ min: 0.2, max: 0.8, noNaN: true }),
        fc.boolean(),
        (items, share, correlated) => {
          const weight = items.map((t) => t[0] + (t[2] === 3 ? 0.25 : 0));
          const profit = items.map((t) => (correlated ? t[0] + t[1] / 4 : t[1]) + t[2] / 10);
          const capacity = Math.floor(share * weight.reduce((a, b) => a + b, 0)) + 0.125;
          check(profit, weight, capacity, scratch);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('gives the same value with the reduction as the plain DP on larger knapsacks', () => {
    const reduced = new KnapsackScratch();
    const plain = new KnapsackScratch();
    plain.wantProfile = true; // the profile path never reduces
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 1, max: 100 }), fc.integer({ min: -10, max: 10 }), fc.double({ min: -5, max: 40, noNaN: true })), { minLength: 20, maxLength: 200 }),
        fc.double({ min: 0.05, max: 0.9, noNaN: true }),
        fc.boolean(),
        (items, share, correlated) => {
          const count = items.length;
          const weight = Float64Array.from(items, (t) => t[0]);
          const profit = Float64Array.from(items, (t) => (correlated ? t[0] + t[1] + 0.37 : t[2]));
          const capacity = Math.floor(share * weight.reduce((a, b) => a + b, 0));
          const chosen = new Uint8Array(count);
          const value = solveKnapsack(profit, weight, count, capacity, chosen, reduced);
          const expected = solveKnapsack(profit, weight, count, capacity, new Uint8Array(count), plain);
          expect(value).toBeCloseTo(expected, 7);
          let w = 0;
          let p = 0;
          for (let j = 0; j < count; j++) if (chosen[j]) (w += weight[j]), (p += profit[j]);
          expect(w).toBeLessThanOrEqual(capacity);
          expect(p).toBeCloseTo(value, 7);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('past its node limit returns a feasible solution and a valid upper bound', () => {
    const scratch = new KnapsackScratch();
    scratch.branchNodeLimit = 3;
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: 0.1, max: 40, noNaN: true }), fc.integer({ min: 1, max: 170 })), { minLength: 1, maxLength: 11 }),
        fc.integer({ min: 0, max: 480 }),
        (items, capacity) => {
          const profit = items.map((t) => t[0]);
          const weight = items.map((t) => t[1] / 7);
          const cap = (capacity + 0.5) / 7;
          const chosen = new Uint8Array(items.length);
          const value = solveKnapsack(Float64Array.from(profit), Float64Array.from(weight), items.length, cap, chosen, scratch);
          const optimum = bruteForce(profit, weight, cap);
          expect(value).toBeLessThanOrEqual(optimum + 1e-9);
          expect(scratch.upperBound).toBeGreaterThanOrEqual(optimum - 1e-9);
          let w = 0;
          let p = 0;
          for (let j = 0; j < items.length; j++) if (chosen[j]) (w += weight[j]), (p += profit[j]);
          expect(w).toBeLessThanOrEqual(cap);
          expect(p).toBeCloseTo(value, 9);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('leaves a capacity profile equal to the brute-force optimum at every smaller capacity', () => {
    const scratch = new KnapsackScratch();
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: -5, max: 30 }), fc.integer({ min: 0, max: 15 })), { maxLength: 10 }),
        fc.integer({ min: 0, max: 50 }),
        (items, capacity) => {
          const profit = items.map((t) => t[0]);
          const weight = items.map((t) => t[1]);
          scratch.wantProfile = true;
          solveKnapsack(Float64Array.from(profit), Float64Array.from(weight), items.length, capacity, new Uint8Array(items.length), scratch);
          scratch.wantProfile = false;
          expect(scratch.profileCapacity).toBeGreaterThanOrEqual(0);
          for (let c = 0; c <= capacity; c++) expect(profileValue(scratch, c)).toBeCloseTo(bruteForce(profit, weight, c), 9);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('solves a larger instance by branch and bound when the DP table would be too big', () => {
    // Real weights with no small scaling: forces branch and bound; check against a DP on a scaled copy.
    const count = 40;
    const profit = new Float64Array(count);
    const weight = new Float64Array(count);
    let seed = 7;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let j = 0; j < count; j++) {
      weight[j] = 10 + Math.floor(next() * 90) + 0.001 * (1 + Math.floor(next() * 3));
      profit[j] = weight[j] + Math.floor(next() * 20);
    }
    const capacity = 1000.5;
    const chosen = new Uint8Array(count);
    const value = solveKnapsack(profit, weight, count, capacity, chosen, new KnapsackScratch());
    const scaledWeight = weight.map((w) => Math.round(w * 1000));
    const dpChosen = new Uint8Array(count);
    const dpValue = solveKnapsack(profit, scaledWeight, count, capacity * 1000, dpChosen, new KnapsackScratch());
    expect(value).toBeCloseTo(dpValue, 6);
    let w = 0;
    for (let j = 0; j < count; j++) if (chosen[j]) w += weight[j];
    expect(w).toBeLessThanOrEqual(capacity);
  });
});
