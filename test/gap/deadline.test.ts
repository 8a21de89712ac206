import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { balanceBound } from '../../src/gap/balance/bound.js';
import { allowedPairs, capacityRelaxation, greedyRepair } from '../../src/gap/construct.js';
import { generateGap } from '../../src/gap/generate.js';
import { gapFeasible, unassignedCostOf, type GapInstance } from '../../src/gap/instance.js';
import { solveGap } from '../../src/gap/solve.js';
import { buildTeam } from '../../src/domain/team.js';
import { parseProblem } from '../../src/input/parse.js';
import { syntheticProblem } from '../../src/input/synthetic.js';
import { teamToGap } from '../../src/model/teamGap.js';
import { tinyInstance } from '../support/gap.js';

/** A balance instance as allocate builds it (a synthetic team). */
function teamInstance(workers: number, cases: number): GapInstance {
  return teamToGap(buildTeam(parseProblem(syntheticProblem({ workersPerTeam: workers, casesPerTeam: cases, seed: 1 })))).instance;
}

describe('phases given a deadline that has passed', () => {
  it('the balance bound still makes its first iteration and reports its relaxed solution (it may be the first feasible answer), then stops', () => {
    const inst = teamInstance(12, 190);
    let relaxed = 0;
    const r = balanceBound(inst, { maxIterations: 300, deadline: performance.now() - 1000, onRelaxed: () => relaxed++, relaxedEvery: 5 });
    expect(r.iterations).toBe(1);
    expect(relaxed).toBe(1);
  });

  it('solveGap answers its first feasible assignment, promptly (a generous bound: timing targets belong to the bench)', () => {
    const inst = teamInstance(40, 900);
    const started = performance.now();
    const r = solveGap(inst, { timeLimit: 0, deadline: started - 1000, seed: 1 });
    const seconds = (performance.now() - started) / 1000;
    expect(r.assignment).not.toBeNull();
    expect(gapFeasible(inst, r.assignment!)).toBe(true);
    expect(r.stats.stop).toBe('first-answer'); // the answer came after the deadline: the result says so
    expect(seconds).toBeLessThan(2);
  });
});

/** greedyRepair as it was before its moves were cached: a full rescan of the agent's jobs and targets per move. */
function rescanRepair(inst: GapInstance, start: Int32Array, allowed: Uint8Array, prices?: Float64Array): Int32Array {
  const { agents: m, jobs: n, resources: K, cost, weight, capacity, fixedAgent } = inst;
  const assignment = Int32Array.from(start);
  const load = new Float64Array(K * m);
  for (let j = 0; j < n; j++) {
    const i = assignment[j];
    if (i >= 0) for (let k = 0; k < K; k++) load[k * m + i] += weight[(k * m + i) * n + j];
  }
  const priced = (i: number, j: number): number => (i < 0 ? unassignedCostOf(inst, j) : cost[i * n + j] + (prices ? prices[i] * weight[i * n + j] : 0));
  const overloaded = (i: number): boolean => {
    for (let k = 0; k < K; k++) if (load[k * m + i] > capacity[k * m + i] + 1e-9) return true;
    return false;
  };
  const fitsOn = (i: number, j: number): boolean => {
    for (let k = 0; k < K; k++) if (load[k * m + i] + weight[(k * m + i) * n + j] > capacity[k * m + i] + 1e-9) return false;
    return true;
  };
  for (let i = 0; i < m; i++) {
    let guard = n;
    while (overloaded(i) && guard-- > 0) {
      const onAgent: number[] = [];
      for (let j = 0; j < n; j++) if (assignment[j] === i && !(fixedAgent && fixedAgent[j] >= 0)) onAgent.push(j);
      let bestJob = -1;
      let bestTo = -2;
      let bestScore = Infinity;
      for (const j of onAgent) {
        const here = priced(i, j);
        const relieved = Math.max(weight[i * n + j], 1e-9);
        for (let to = -1; to < m; to++) {
          if (to === i) continue;
          if (to < 0 ? !Number.isFinite(unassignedCostOf(inst, j)) : !allowed[to * n + j] || !fitsOn(to, j)) continue;
          const score = (priced(to, j) - here) / relieved;
          if (score < bestScore) {
            bestScore = score;
            bestJob = j;
            bestTo = to;
          }
        }
      }
      if (bestJob < 0) break;
      for (let k = 0; k < K; k++) load[k * m + i] -= weight[(k * m + i) * n + bestJob];
      if (bestTo >= 0) for (let k = 0; k < K; k++) load[k * m + bestTo] += weight[(k * m + bestTo) * n + bestJob];
      assignment[bestJob] = bestTo;
    }
  }
  return assignment;
}

describe('greedyRepair', () => {
  it('makes the moves a full rescan per move makes (tiny instances, every start)', () => {
    fc.assert(
      fc.property(tinyInstance({ general: true }), fc.array(fc.integer({ min: -1, max: 2 }), { minLength: 7, maxLength: 7 }), fc.boolean(), (inst, raw, priced) => {
        const allowed = allowedPairs(inst);
        const start = Int32Array.from({ length: inst.jobs }, (_, j) => {
          const i = Math.min(raw[j], inst.agents - 1);
          return inst.fixedAgent && inst.fixedAgent[j] >= 0 ? inst.fixedAgent[j] : i;
        });
        const prices = priced ? Float64Array.from({ length: inst.agents }, (_, i) => (i * 7) % 3) : undefined;
        expect(Array.from(greedyRepair(inst, start, allowed, prices))).toEqual(Array.from(rescanRepair(inst, start, allowed, prices)));
      }),
      { numRuns: 400, seed: 11 },
    );
  });

  it('makes the moves a full rescan per move makes (generated C/D/E and a team, from the capacity relaxation and from everything on a few agents)', () => {
    const instances = [generateGap('C', 10, 100, 1), generateGap('D', 10, 100, 2), generateGap('E', 10, 100, 3), teamInstance(12, 190)];
    for (const inst of instances) {
      const allowed = allowedPairs(inst);
      const relaxation = capacityRelaxation(inst, allowed, 50);
      const crowded = Int32Array.from({ length: inst.jobs }, (_, j) => {
        for (let i = 0; i < 3; i++) if (allowed[((j + i) % inst.agents) * inst.jobs + j]) return (j + i) % inst.agents;
        return -1;
      });
      for (const start of [relaxation.assignment, crowded]) {
        for (const prices of [relaxation.multipliers, undefined]) {
          expect(Array.from(greedyRepair(inst, start, allowed, prices))).toEqual(Array.from(rescanRepair(inst, start, allowed, prices)));
        }
      }
    }
  });
});
