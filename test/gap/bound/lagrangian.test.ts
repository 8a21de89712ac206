import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { parseOrLibrary } from '../../../src/gap/orlib.js';
import { gapFeasible, gapObjective } from '../../../src/gap/instance.js';
import { jobsWithOneOption, lagrangianBound, reducedCostFixing } from '../../../src/gap/bound/lagrangian.js';

import { bruteForceOptima, inSevenths, seededInstance, seededParameters } from '../../support/seededGap.js';

const dataDir = new URL('../../../examples/gap/', import.meta.url);

const tinyArbitrary = seededParameters;

describe('lagrangianBound', () => {
  it('never exceeds the brute-force optimum (integer and fractional costs and weights)', () => {
    fc.assert(
      fc.property(tinyArbitrary, fc.boolean(), fc.boolean(), (p, fractional, sevenths) => {
        const plain = seededInstance(p.seed, p.m, p.n, p.K, p.withUnassigned, p.withFixed, fractional);
        const inst = sevenths ? inSevenths(plain) : plain;
        const { value } = bruteForceOptima(inst);
        const lag = lagrangianBound(inst, { maxIterations: 200 });
        expect(lag.lowerBound).toBeLessThanOrEqual(value + 1e-9);
        if (lag.lowerBound === Infinity) expect(value).toBe(Infinity);
        expect(lag.multipliers.length).toBe(inst.jobs);
        expect(lag.relaxed.length).toBe(inst.agents * inst.jobs);
        for (let x = 0; x < inst.cost.length; x++) if (inst.cost[x] === Infinity) expect(lag.reducedCost[x]).toBe(Infinity);
        if (lag.assignment) {
          expect(gapFeasible(inst, lag.assignment)).toBe(true);
          expect(gapObjective(inst, lag.assignment)).toBeCloseTo(lag.upperBound, 9);
          expect(lag.upperBound).toBeGreaterThanOrEqual(value - 1e-9);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('stays valid when started from arbitrary multipliers and with an upper bound', () => {
    fc.assert(
      fc.property(tinyArbitrary, fc.array(fc.double({ min: -50, max: 100, noNaN: true }), { minLength: 6, maxLength: 6 }), (p, start) => {
        const inst = seededInstance(p.seed, p.m, p.n, p.K, p.withUnassigned, p.withFixed, false);
        const { value } = bruteForceOptima(inst);
        const lag = lagrangianBound(inst, { maxIterations: 50, initialMultipliers: Float64Array.from(start), upperBound: Number.isFinite(value) ? value + 3 : undefined });
        expect(lag.lowerBound).toBeLessThanOrEqual(value);
      }),
      { numRuns: 200 },
    );
  });

  it('is at most the best known value and within 1% of it on gap1', () => {
    const list = parseOrLibrary(readFileSync(new URL('gap1.txt', dataDir), 'utf8'));
    const best = [261, 269, 256, 274, 251];
    list.forEach((inst, p) => {
      const lag = lagrangianBound(inst);
      expect(lag.lowerBound).toBeLessThanOrEqual(best[p]);
      expect(lag.lowerBound).toBeGreaterThanOrEqual(Math.floor(best[p] * 0.99));
      expect(Number.isInteger(lag.lowerBound)).toBe(true);
    });
  });

  it('reports an infeasible pin as an infinite bound', () => {
    const inst = seededInstance(5, 2, 3, 1, false, false, false);
    const cost = inst.cost.slice();
    cost[0] = Infinity;
    const pinned = new Int32Array([0, -1, -1]);
    const lag = lagrangianBound({ ...inst, cost, fixedAgent: pinned });
    expect(lag.lowerBound).toBe(Infinity);
  });
});

describe('reducedCostFixing', () => {
  it('never excludes a pair used by an optimal solution (upper bound = optimum + 1)', () => {
    fc.assert(
      fc.property(tinyArbitrary, fc.integer({ min: 0, max: 60 }), fc.boolean(), (p, iterations, sevenths) => {
        const plain = seededInstance(p.seed, p.m, p.n, p.K, p.withUnassigned, p.withFixed, false);
        const inst = sevenths ? inSevenths(plain) : plain;
        const { value, optima } = bruteForceOptima(inst);
        if (!Number.isFinite(value)) return;
        const lag = lagrangianBound(inst, { maxIterations: iterations });
        const excluded = reducedCostFixing(inst, lag, value + 1);
        const single = jobsWithOneOption(inst, excluded);
        for (const a of optima) {
          for (let j = 0; j < inst.jobs; j++) {
            if (a[j] >= 0) expect(excluded[a[j] * inst.jobs + j]).toBe(0);
            if (single[j] >= 0) expect(a[j]).toBe(single[j]);
            expect(single[j]).not.toBe(-2);
          }
        }
      }),
      { numRuns: 400 },
    );
  });

  it('excludes forbidden pairs and removes pairs on gap1 given the optimum as upper bound', () => {
    const [inst] = parseOrLibrary(readFileSync(new URL('gap1.txt', dataDir), 'utf8'));
    const lag = lagrangianBound(inst);
    const excluded = reducedCostFixing(inst, lag, 261);
    let count = 0;
    for (let x = 0; x < excluded.length; x++) count += excluded[x];
    expect(count).toBeGreaterThan(inst.agents * inst.jobs / 2);
  });
});
