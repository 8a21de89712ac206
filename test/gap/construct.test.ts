import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { gapFeasible, gapObjective } from '../../src/gap/instance.js';
import { allowedPairs, capacityRelaxation, desirabilityMatrix, greedyRepair, lagrangianConstruct, regretConstruct } from '../../src/gap/construct.js';
import { generateGap } from '../../src/gap/generate.js';
import { Random } from '../../src/util/random.js';
import { bruteForce, tinyInstance } from '../support/gap.js';

describe('Random', () => {
  it('is deterministic per seed and stays in range', () => {
    const a = new Random(7);
    const b = new Random(7);
    const c = new Random(8);
    const xs = Array.from({ length: 50 }, () => a.nextUint32());
    expect(Array.from({ length: 50 }, () => b.nextUint32())).toEqual(xs);
    expect(Array.from({ length: 50 }, () => c.nextUint32())).not.toEqual(xs);
    for (let t = 0; t < 1000; t++) {
      const f = a.nextFloat();
      expect(f).toBeGreaterThanOrEqual(0);
      expect(f).toBeLessThan(1);
      const k = a.nextInt(5);
      expect(Number.isInteger(k) && k >= 0 && k < 5).toBe(true);
    }
  });
});

describe('generateGap', () => {
  it('builds C/D/E instances with the literature ranges, deterministically', () => {
    for (const type of ['C', 'D', 'E'] as const) {
      const g = generateGap(type, 5, 40, 3);
      expect(generateGap(type, 5, 40, 3).cost).toEqual(g.cost);
      expect(g.agents).toBe(5);
      expect(g.jobs).toBe(40);
      for (let i = 0; i < 5; i++) {
        let sum = 0;
        for (let j = 0; j < 40; j++) sum += g.weight[i * 40 + j];
        expect(g.capacity[i]).toBe(Math.floor((0.8 * sum) / 5));
      }
      for (let x = 0; x < 200; x++) {
        expect(Number.isInteger(g.cost[x]) && Number.isInteger(g.weight[x])).toBe(true);
        if (type === 'C') expect(g.weight[x] >= 5 && g.weight[x] <= 25 && g.cost[x] >= 10 && g.cost[x] <= 50).toBe(true);
        if (type === 'D') expect(Math.abs(g.cost[x] - (111 - g.weight[x]))).toBeLessThanOrEqual(10);
        if (type === 'E') expect(g.weight[x]).toBeGreaterThanOrEqual(1);
      }
    }
  });
});

describe('construction heuristics', () => {
  it('regret construction: complete, respects pins and allowed pairs; feasible results are exact', () => {
    fc.assert(
      fc.property(tinyInstance({ general: true }), (inst) => {
        const allowed = allowedPairs(inst);
        const prices = capacityRelaxation(inst, allowed).multipliers;
        for (const kind of ['pricedCost', 'cost', 'relativeWeight'] as const) {
          const a = regretConstruct(inst, desirabilityMatrix(inst, kind, prices), allowed);
          for (let j = 0; j < inst.jobs; j++) {
            const i = a[j];
            if (inst.fixedAgent && inst.fixedAgent[j] >= 0) expect(i).toBe(inst.fixedAgent[j]);
            else if (i >= 0) expect(allowed[i * inst.jobs + j]).toBe(1);
          }
          if (gapFeasible(inst, a) && Number.isFinite(gapObjective(inst, a))) {
            expect(gapObjective(inst, a)).toBeGreaterThanOrEqual(bruteForce(inst) - 1e-9);
          }
        }
      }),
      { numRuns: 150, seed: 11 },
    );
  });

  it('regret construction finds feasible assignments on loose generated instances', () => {
    for (const type of ['C', 'D', 'E'] as const) {
      const g = generateGap(type, 10, 100, 5);
      const allowed = allowedPairs(g);
      const a = regretConstruct(g, desirabilityMatrix(g, 'relativeWeight'), allowed);
      expect(gapFeasible(g, a)).toBe(true);
    }
  });

  it('Lagrangian construction follows a relaxed solution that is already feasible', () => {
    const g = generateGap('C', 4, 12, 9);
    const allowed = allowedPairs(g);
    const a = regretConstruct(g, desirabilityMatrix(g, 'relativeWeight'), allowed);
    expect(gapFeasible(g, a)).toBe(true);
    const relaxed = new Uint8Array(4 * 12);
    for (let j = 0; j < 12; j++) relaxed[a[j] * 12 + j] = 1;
    const reducedCost = Float64Array.from(g.cost);
    expect(Array.from(lagrangianConstruct(g, relaxed, reducedCost, allowed))).toEqual(Array.from(a));
  });

  it('greedy repair keeps pins and allowed pairs, leaves feasible input alone, and repairs the priced relaxation', () => {
    fc.assert(
      fc.property(tinyInstance({ general: true }), (inst) => {
        const allowed = allowedPairs(inst);
        const relaxation = capacityRelaxation(inst, allowed);
        const repaired = greedyRepair(inst, relaxation.assignment, allowed, relaxation.multipliers);
        for (let j = 0; j < inst.jobs; j++) {
          const i = repaired[j];
          if (inst.fixedAgent && inst.fixedAgent[j] >= 0) expect(i).toBe(relaxation.assignment[j]);
          else if (i >= 0) expect(allowed[i * inst.jobs + j]).toBe(1);
          else expect(Number.isFinite(inst.unassignedCost ? inst.unassignedCost[j] : Infinity) || relaxation.assignment[j] < 0).toBe(true);
        }
        const feasible = regretConstruct(inst, desirabilityMatrix(inst, 'relativeWeight'), allowed);
        if (gapFeasible(inst, feasible)) expect(Array.from(greedyRepair(inst, feasible, allowed))).toEqual(Array.from(feasible));
      }),
      { numRuns: 150, seed: 13 },
    );
    for (const type of ['C', 'D', 'E'] as const) {
      const g = generateGap(type, 10, 200, 6);
      const allowed = allowedPairs(g);
      const relaxation = capacityRelaxation(g, allowed, 300);
      expect(gapFeasible(g, greedyRepair(g, relaxation.assignment, allowed, relaxation.multipliers))).toBe(true);
    }
  });
});
