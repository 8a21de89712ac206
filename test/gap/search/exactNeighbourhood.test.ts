import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { gapFeasible, gapObjective, type GapInstance } from '../../../src/gap/instance.js';
import { allowedPairs, greedyRepair, regretConstruct, desirabilityMatrix } from '../../../src/gap/construct.js';
import { EXACT_NEIGHBOURHOOD_DEFAULTS, exactNeighbourhoodApplies, exactNeighbourhoodSearch, type ExactNeighbourhoodOptions } from '../../../src/gap/search/exactNeighbourhood.js';
import { generateGap } from '../../../src/gap/generate.js';
import { lagrangianBound, reducedCostFixing } from '../../../src/gap/bound/lagrangian.js';
import { tinyInstance } from '../../support/gap.js';
import { branchAndBound } from '../../../src/gap/search/branchAndBound.js';

/**
 * From a repaired regret start (skipped when infeasible), the search with `options(start)` never
 * returns a worse or infeasible assignment, and each improvement it reports is true and strict.
 */
function neverWorse(inst: GapInstance, seed: number, options: (start: Int32Array, before: number) => Partial<ExactNeighbourhoodOptions>): void {
  const allowed = allowedPairs(inst);
  const start = greedyRepair(inst, regretConstruct(inst, desirabilityMatrix(inst, 'relativeWeight'), allowed), allowed);
  if (!gapFeasible(inst, start)) return;
  const before = gapObjective(inst, start);
  let last = before;
  const result = exactNeighbourhoodSearch(inst, start, {
    allowed,
    seed,
    maxCalls: 20,
    ...options(start, before),
    onImprove: (objective, assignment) => {
      expect(objective).toBeLessThan(last);
      expect(gapFeasible(inst, assignment)).toBe(true);
      expect(gapObjective(inst, assignment)).toBe(objective);
      last = objective;
    },
  });
  expect(gapFeasible(inst, result.assignment)).toBe(true);
  expect(result.objective).toBe(gapObjective(inst, result.assignment));
  expect(result.objective).toBeLessThanOrEqual(before);
  expect(result.objective).toBe(last);
}

describe('exactNeighbourhoodSearch', () => {
  it('never returns a worse or infeasible assignment, and reports improvements truthfully', () => {
    fc.assert(
      fc.property(tinyInstance({ general: false }), fc.integer({ min: 1, max: 1000 }), (inst, seed) => neverWorse(inst, seed, () => ({}))),
      { numRuns: 150 },
    );
  });

  it('is deterministic under a call limit and improves a type-D start', () => {
    const inst = generateGap('D', 10, 100, 7);
    expect(exactNeighbourhoodApplies(inst)).toBe(true);
    const allowed = allowedPairs(inst);
    const start = greedyRepair(inst, regretConstruct(inst, desirabilityMatrix(inst, 'relativeWeight'), allowed), allowed);
    expect(gapFeasible(inst, start)).toBe(true);
    const a = exactNeighbourhoodSearch(inst, start, { allowed, seed: 3, maxCalls: 10 });
    const b = exactNeighbourhoodSearch(inst, start, { allowed, seed: 3, maxCalls: 10 });
    expect(a.calls).toBe(10);
    expect(Array.from(a.assignment)).toEqual(Array.from(b.assignment));
    expect(a.objective).toBeLessThan(gapObjective(inst, start));
  });

  it('guided by the Lagrangian (with reduced-cost fixing) never returns a worse or infeasible assignment', () => {
    fc.assert(
      fc.property(tinyInstance({ general: false }), fc.integer({ min: 1, max: 1000 }), fc.double({ min: 0, max: 1, noNaN: true }), (inst, seed, share) =>
        neverWorse(inst, seed, (_start, before) => {
          const lag = lagrangianBound(inst, { maxIterations: 50, upperBound: before });
          return {
            guide: { relaxed: lag.relaxed, reducedCost: lag.reducedCost },
            guidedShare: share,
            removed: reducedCostFixing(inst, lag, before),
            agents: 2 + (seed % 4),
            freeJobs: 2 + (seed % 9),
            growAfter: seed % 2 ? 1 + (seed % 3) : undefined,
          };
        }),
      ),
      { numRuns: 150 },
    );
  });

  it('guided: deterministic under a call limit, stops at the node budget, improves a type-D start', () => {
    const inst = generateGap('D', 10, 100, 7);
    const allowed = allowedPairs(inst);
    const start = greedyRepair(inst, regretConstruct(inst, desirabilityMatrix(inst, 'relativeWeight'), allowed), allowed);
    const lag = lagrangianBound(inst, { maxIterations: 200, upperBound: gapObjective(inst, start) });
    const guide = { relaxed: lag.relaxed, reducedCost: lag.reducedCost };
    const a = exactNeighbourhoodSearch(inst, start, { allowed, seed: 5, maxCalls: 12, guide, guidedShare: 1 });
    const b = exactNeighbourhoodSearch(inst, start, { allowed, seed: 5, maxCalls: 12, guide, guidedShare: 1 });
    expect(a.calls).toBe(12);
    expect(a.nodes).toBe(b.nodes);
    expect(Array.from(a.assignment)).toEqual(Array.from(b.assignment));
    expect(a.objective).toBeLessThan(gapObjective(inst, start));
    const limited = exactNeighbourhoodSearch(inst, start, { allowed, seed: 5, maxCalls: 1000, maxTotalNodes: 40, guide });
    expect(limited.nodes).toBeGreaterThanOrEqual(40);
    expect(limited.calls).toBeLessThan(1000);
  });

  it('grows the sub-problems by growthStep after growAfter proven, unimproved ones in a row', () => {
    const inst = generateGap('D', 5, 20, 3);
    const allowed = allowedPairs(inst);
    const optimum = branchAndBound(inst);
    expect(optimum.complete).toBe(true);
    const start = optimum.assignment!;
    // From the optimum nothing improves and 4-job sub-problems always close: every call counts.
    const fixed = exactNeighbourhoodSearch(inst, start, { allowed, seed: 2, maxCalls: 7, freeJobs: 4 });
    expect(fixed.freeJobs).toBe(4);
    const grown = exactNeighbourhoodSearch(inst, start, { allowed, seed: 2, maxCalls: 7, freeJobs: 4, growAfter: 2 });
    expect(grown.calls).toBe(7);
    expect(grown.freeJobs).toBe(4 + 3 * EXACT_NEIGHBOURHOOD_DEFAULTS.growthStep);
    expect(grown.objective).toBe(optimum.objective);
  });

  it('leaves instances outside the plain contract alone', () => {
    fc.assert(
      fc.property(tinyInstance({ general: true }), (inst) => {
        if (exactNeighbourhoodApplies(inst)) return;
        const start = new Int32Array(inst.jobs);
        const result = exactNeighbourhoodSearch(inst, start, { allowed: allowedPairs(inst), maxCalls: 5 });
        expect(result.calls).toBe(0);
        expect(Array.from(result.assignment)).toEqual(Array.from(start));
      }),
      { numRuns: 50 },
    );
  });
});
