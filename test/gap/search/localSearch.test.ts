import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { gapFeasible, gapObjective } from '../../../src/gap/instance.js';
import { allowedPairs, capacityRelaxation, desirabilityMatrix, regretConstruct } from '../../../src/gap/construct.js';
import { SearchState, localSearch } from '../../../src/gap/search/localSearch.js';
import { generateGap } from '../../../src/gap/generate.js';
import { Random } from '../../../src/util/random.js';
import { bruteForce, tinyInstance } from '../../support/gap.js';

describe('SearchState incremental evaluation', () => {
  it('shift and chain deltas equal the change of the penalised objective (whole contract)', () => {
    fc.assert(
      fc.property(tinyInstance({ general: true }), fc.integer({ min: 0, max: 1e6 }), (inst, seed) => {
        const { agents: m, jobs: n, resources: K } = inst;
        const random = new Random(seed);
        const state = new SearchState(inst);
        for (let x = 0; x < K * m; x++) state.alpha[x] = 1 + random.nextInt(5);
        const a = new Int32Array(n);
        for (let j = 0; j < n; j++) a[j] = inst.fixedAgent && inst.fixedAgent[j] >= 0 ? inst.fixedAgent[j] : random.nextInt(m + 1) - (inst.unassignedCost ? 1 : 0);
        // Finite costs only, so deltas are numbers.
        const finite = (b: Int32Array): boolean => Number.isFinite(gapObjective(inst, b));
        if (!finite(a)) return;
        state.reset(a);
        const pcost = (): number => state.objective() + state.excess();
        expect(state.objective()).toBeCloseTo(gapObjective(inst, a), 9);
        for (let t = 0; t < 20; t++) {
          const j = random.nextInt(n);
          const to = random.nextInt(m + 1) - 1;
          const b = Int32Array.from(state.assign);
          b[j] = to;
          if (!finite(b) || to === state.assign[j]) continue;
          const before = pcost();
          const d = state.shiftDelta(j, to);
          state.shift(j, to);
          expect(pcost() - before).toBeCloseTo(d, 7);
          expect(state.objective()).toBeCloseTo(gapObjective(inst, state.assign), 7);
          let within = true;
          for (let x = 0; x < K * m; x++) if (state.load[x] > inst.capacity[x] + 1e-9) within = false;
          expect(state.violated === 0).toBe(within);
        }
        for (let t = 0; t < 20 && n >= 2; t++) {
          const j1 = random.nextInt(n);
          const j2 = random.nextInt(n);
          const i2 = state.assign[j2];
          const i3 = random.nextInt(m + 1) - 1;
          if (j1 === j2 || i2 < 0 || i2 === state.assign[j1] || i3 === i2) continue;
          const b = Int32Array.from(state.assign);
          b[j1] = i2;
          b[j2] = i3;
          if (!finite(b)) continue;
          const before = pcost();
          const d = state.chainDelta(j1, i2, j2, i3);
          state.shift(j1, i2);
          state.shift(j2, i3);
          expect(pcost() - before).toBeCloseTo(d, 7);
        }
      }),
      { numRuns: 200, seed: 5 },
    );
  });
});

describe('localSearch', () => {
  it('returns only feasible assignments with exact objectives, never worse than brute force allows', () => {
    fc.assert(
      fc.property(tinyInstance({ general: true }), (inst) => {
        const allowed = allowedPairs(inst);
        const start = regretConstruct(inst, desirabilityMatrix(inst, 'cost'), allowed);
        const r = localSearch(inst, start, { allowed, maxIterations: 30, seed: 3 });
        const opt = bruteForce(inst);
        if (r.assignment) {
          expect(gapFeasible(inst, r.assignment)).toBe(true);
          expect(r.objective).toBe(gapObjective(inst, r.assignment));
          expect(r.objective).toBeGreaterThanOrEqual(opt - 1e-9);
        }
      }),
      { numRuns: 150, seed: 21 },
    );
  });

  it('repairs an infeasible start and improves on construction (generated D, 10x100)', () => {
    const g = generateGap('D', 10, 100, 4);
    const allowed = allowedPairs(g);
    const prices = capacityRelaxation(g, allowed).multipliers;
    const start = regretConstruct(g, desirabilityMatrix(g, 'cost'), allowed); // greedy on cost: usually overloaded
    const r = localSearch(g, start, { allowed, prices, maxIterations: 200, seed: 1 });
    expect(r.assignment).not.toBeNull();
    expect(gapFeasible(g, r.assignment!)).toBe(true);
    expect(r.objective).toBe(gapObjective(g, r.assignment!));
    const cap = capacityRelaxation(g, allowed);
    // Within 3 % of the capacity-relaxation bound after 200 descents.
    expect((r.objective - cap.bound) / r.objective).toBeLessThan(0.03);
  });

  it('is deterministic for a fixed seed and effort', () => {
    const g = generateGap('C', 8, 80, 2);
    const allowed = allowedPairs(g);
    const start = regretConstruct(g, desirabilityMatrix(g, 'relativeWeight'), allowed);
    const a = localSearch(g, start, { allowed, maxIterations: 100, seed: 9 });
    const b = localSearch(g, start, { allowed, maxIterations: 100, seed: 9 });
    expect(Array.from(a.assignment!)).toEqual(Array.from(b.assignment!));
    expect(a.moves).toBe(b.moves);
  });
});
