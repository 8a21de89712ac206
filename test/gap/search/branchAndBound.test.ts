import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { parseOrLibrary } from '../../../src/gap/orlib.js';
import { gapFeasible, gapObjective } from '../../../src/gap/instance.js';
import { branchAndBound } from '../../../src/gap/search/branchAndBound.js';

import { bruteForceOptima, seededInstance, seededParameters } from '../../support/seededGap.js';

const dataDir = new URL('../../../examples/gap/', import.meta.url);

const tinyArbitrary = seededParameters;

describe('branchAndBound', () => {
  it('equals the brute-force optimum on tiny instances and proves it', () => {
    fc.assert(
      fc.property(tinyArbitrary, fc.boolean(), (p, fractional) => {
        const inst = seededInstance(p.seed, p.m, p.n, p.K, p.withUnassigned, p.withFixed, fractional);
        const { value } = bruteForceOptima(inst);
        const result = branchAndBound(inst, { maxNodes: 100000 });
        expect(result.complete).toBe(true);
        if (value === Infinity) {
          expect(result.assignment).toBeNull();
          expect(result.lowerBound).toBe(Infinity);
        } else {
          expect(result.assignment).not.toBeNull();
          const a = result.assignment!;
          expect(gapFeasible(inst, a)).toBe(true);
          expect(result.objective).toBe(gapObjective(inst, a));
          expect(result.objective).toBeCloseTo(value, 9);
          expect(result.lowerBound).toBe(result.objective);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('equals the brute-force optimum when weights are not integers (branch-and-bound knapsacks)', () => {
    fc.assert(
      fc.property(tinyArbitrary, (p) => {
        const plain = seededInstance(p.seed, p.m, p.n, p.K, p.withUnassigned, p.withFixed, true);
        const inst = { ...plain, weight: plain.weight.map((w) => w / 7), capacity: plain.capacity.map((c) => (c + 0.5) / 7) };
        const { value } = bruteForceOptima(inst);
        const result = branchAndBound(inst, { maxNodes: 100000 });
        expect(result.complete).toBe(true);
        expect(result.objective).toBeCloseTo(value, 9);
        if (result.assignment) expect(gapFeasible(inst, result.assignment)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('with the optimum as upper bound proves nothing strictly better exists', () => {
    fc.assert(
      fc.property(tinyArbitrary, (p) => {
        const inst = seededInstance(p.seed, p.m, p.n, p.K, p.withUnassigned, p.withFixed, false);
        const { value, optima } = bruteForceOptima(inst);
        if (!Number.isFinite(value)) return;
        const bare = branchAndBound(inst, { upperBound: value, maxNodes: 100000 });
        expect(bare.complete).toBe(true);
        expect(bare.assignment).toBeNull();
        expect(bare.lowerBound).toBe(value);
        const warm = branchAndBound(inst, { incumbent: optima[0], maxNodes: 100000 });
        expect(warm.complete).toBe(true);
        expect(warm.objective).toBe(value);
        expect(gapFeasible(inst, warm.assignment!)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('proves the five gap1 instances optimal at their best known values without an incumbent', () => {
    const list = parseOrLibrary(readFileSync(new URL('gap1.txt', dataDir), 'utf8'));
    const best = [261, 269, 256, 274, 251];
    list.forEach((inst, p) => {
      let improvements = 0;
      const result = branchAndBound(inst, { maxNodes: 20000, onImprove: () => improvements++ });
      expect(result.complete).toBe(true);
      expect(result.objective).toBe(best[p]);
      expect(result.lowerBound).toBe(best[p]);
      expect(gapFeasible(inst, result.assignment!)).toBe(true);
      expect(gapObjective(inst, result.assignment!)).toBe(best[p]);
      expect(improvements).toBeGreaterThan(0);
    });
  });

  it('proves gap12 and gapa instances given best known + 1 as upper bound', () => {
    const cases: [string, number, number][] = [['gap12.txt', 0, 974], ['gap12.txt', 3, 954], ['gapa.txt', 5, 2339]];
    for (const [file, index, best] of cases) {
      const inst = parseOrLibrary(readFileSync(new URL(file, dataDir), 'utf8'))[index];
      const result = branchAndBound(inst, { upperBound: best + 1, maxNodes: 20000 });
      expect(result.complete).toBe(true);
      expect(result.objective).toBe(best);
      expect(gapFeasible(inst, result.assignment!)).toBe(true);
    }
  });

  it('stops at the node limit without claiming completeness, keeping a valid lower bound', () => {
    const inst = parseOrLibrary(readFileSync(new URL('gapd.txt', dataDir), 'utf8'))[0];
    const result = branchAndBound(inst, { maxNodes: 3, rootIterations: 300 });
    expect(result.complete).toBe(false);
    expect(result.nodes).toBeLessThanOrEqual(4);
    expect(result.lowerBound).toBeLessThanOrEqual(6353);
    if (result.assignment) expect(gapFeasible(inst, result.assignment)).toBe(true);
  });

  it('refuses instances with a balance term', () => {
    const inst = seededInstance(3, 2, 4, 1, false, false, false);
    const balanced = { ...inst, balance: { thresholds: Float64Array.of(0.5), slopes: Float64Array.of(1), maxUtilisationCost: 0, reference: null } };
    const result = branchAndBound(balanced);
    expect(result.complete).toBe(false);
    expect(result.nodes).toBe(0);
  });
});
