import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { gapFeasible, gapObjective, type GapInstance } from '../../../src/gap/instance.js';
import { insertionChains } from '../../../src/gap/balance/chains.js';
import { allowedPairs, greedyRepair } from '../../../src/gap/construct.js';
import { tinyBalanceInstance } from '../../support/gap.js';

/** One resource, every job weighing its points on every agent, no costs: only what is left out costs. */
function pointsOnly(points: number[], capacity: number[], unassignedCost: number[]): GapInstance {
  const m = capacity.length;
  const n = points.length;
  const weight = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) weight[i * n + j] = points[j];
  return {
    agents: m,
    jobs: n,
    resources: 1,
    cost: new Float64Array(m * n),
    weight,
    capacity: Float64Array.from(capacity),
    unassignedCost: Float64Array.from(unassignedCost),
    fixedAgent: null,
    balance: null,
  };
}

/**
 * Three agents of capacity 10, each with one point of room: A holds 5+2+2, B 4+4+1, C 3+3+3. A job
 * of 3 points is out (leaving it out costs 100). It fits only if the room is gathered: it goes to A,
 * A passes a 2 to B, B passes its 1 to C. No agent alone, and no two-link chain, can take it.
 */
function slivers(): { inst: GapInstance; start: Int32Array } {
  const inst = pointsOnly([5, 2, 2, 4, 4, 1, 3, 3, 3, 3], [10, 10, 10], Array(10).fill(100));
  return { inst, start: Int32Array.of(0, 0, 0, 1, 1, 1, 2, 2, 2, -1) };
}

describe('insertionChains', () => {
  it('gathers one point of room from each of three agents to bring a job in (hand-checked)', () => {
    const { inst, start } = slivers();
    expect(gapObjective(inst, start)).toBe(100);
    const run = insertionChains(inst, allowedPairs(inst))!;
    const result = run(start);
    expect(result.objective).toBe(0);
    expect(result.improvements).toBe(1);
    expect(gapFeasible(inst, result.assignment)).toBe(true);
    expect(Array.from(result.assignment).every((i) => i >= 0)).toBe(true);
    // Every agent is exactly full.
    const load = [0, 0, 0];
    result.assignment.forEach((i, j) => (load[i] += inst.weight[i * inst.jobs + j]));
    expect(load).toEqual([10, 10, 10]);
  });

  it('the first agent may let a job go out too: a unit worth three cases in for two worth one (hand-checked)', () => {
    // A holds 3 + 7 (full at 10), B holds one job of 10 worth 500 to keep; the job out weighs 10 and is worth 300.
    const inst = pointsOnly([3, 7, 10, 10], [10, 10], [100, 100, 500, 300]);
    const result = insertionChains(inst, allowedPairs(inst))!(Int32Array.of(0, 0, 1, -1));
    expect(Array.from(result.assignment)).toEqual([-1, -1, 1, 0]);
    expect(result.objective).toBe(200);
  });

  it('does nothing when nothing may be left out', () => {
    const { inst } = slivers();
    expect(insertionChains({ ...inst, unassignedCost: null }, allowedPairs(inst))).toBeNull();
  });

  it('does not stop at the target and respects the effort limit', () => {
    const { inst, start } = slivers();
    const run = insertionChains(inst, allowedPairs(inst))!;
    expect(run(start, { maxCalls: 0 }).objective).toBe(100);
    expect(run(start, { target: 100 }).objective).toBe(100);
  });

  it('never returns a worse or infeasible assignment, reports each improvement, and is deterministic (property)', () => {
    fc.assert(
      fc.property(tinyBalanceInstance(), (inst) => {
        const allowed = allowedPairs(inst);
        const start = greedyRepair(inst, new Int32Array(inst.jobs).fill(-1), allowed, new Float64Array(inst.agents));
        const run = insertionChains(inst, allowed);
        if (!run || !gapFeasible(inst, start) || !Number.isFinite(gapObjective(inst, start))) return;
        const before = gapObjective(inst, start);
        const seen: number[] = [];
        const result = run(start, { onImprove: (objective, assignment) => seen.push(objective - gapObjective(inst, assignment)) });
        expect(gapFeasible(inst, result.assignment)).toBe(true);
        expect(result.objective).toBeCloseTo(gapObjective(inst, result.assignment), 9);
        expect(result.objective).toBeLessThanOrEqual(before);
        expect(seen.length).toBe(result.improvements);
        for (const d of seen) expect(Math.abs(d)).toBeLessThan(1e-9);
        if (inst.fixedAgent) {
          inst.fixedAgent.forEach((f, j) => {
            if (f >= 0) expect(result.assignment[j]).toBe(f);
          });
        }
        expect(Array.from(run(start).assignment)).toEqual(Array.from(result.assignment));
      }),
      { numRuns: 300 },
    );
  });
});
