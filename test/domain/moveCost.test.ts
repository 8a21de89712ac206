import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocateSync } from '../../src/app/allocate.js';
import { evaluateCoWorkerMove, evaluateMove, loadState, unitMembers } from '../../src/domain/moveCost.js';
import { parseProblem } from '../../src/input/parse.js';
import type { Problem } from '../../src/input/schema.js';
import { checkAllocation } from '../../src/verify/check.js';
import { tinyProblemArb } from '../support/problems.js';

const effort = { maxIterations: 300, timeLimit: 20, solver: 'exact' as const };

function caseWorkerOf(problem: Problem, assignments: readonly { caseId: string; workerId: string }[]): Int32Array {
  const at = new Map(problem.workers.map((w, i) => [w.id, i]));
  const byCase = new Map(assignments.map((a) => [a.caseId, at.get(a.workerId)!]));
  return Int32Array.from(problem.cases, (c) => byCase.get(c.id) ?? -1);
}

function coWorkerOf(problem: Problem, coWorkers: readonly { caseId: string; workerId: string }[] = []): Int32Array {
  return caseWorkerOf(problem, coWorkers);
}

/** Applies the move and measures it with the independent checker (co-workers as given). */
function measured(problem: Problem, caseWorker: Int32Array, members: readonly number[], to: number, coWorker?: Int32Array) {
  const moved = Int32Array.from(caseWorker);
  for (const j of members) moved[j] = to;
  return checkAllocation(problem, moved, coWorker);
}

describe('incremental move cost', () => {
  it('property: from the final allocation, every move costs exactly what the checker measures, and is feasible exactly when the checker passes it', () => {
    fc.assert(
      fc.property(tinyProblemArb, (problem) => {
        const result = allocateSync(problem, effort);
        if (result.status !== 'optimal' && result.status !== 'feasible') return;
        const caseWorker = caseWorkerOf(problem, result.assignments);
        const coWorker = coWorkerOf(problem, result.coWorkers);
        const base = checkAllocation(problem, caseWorker, coWorker);
        expect(base.ok).toBe(true);
        const state = loadState(problem, caseWorker, coWorker);
        for (let j = 0; j < problem.cases.length; j++) {
          const members = unitMembers(problem, j);
          for (let to = -1; to < problem.workers.length; to++) {
            const ev = evaluateMove(state, members, to);
            const after = measured(problem, caseWorker, members, to, coWorker);
            expect(ev.delta).toBeCloseTo(after.objective - base.objective, 6);
            expect(ev.feasible, `${problem.cases[j].id} → ${to}: ${ev.reasons.join('; ')} vs ${after.violations.join('; ')}`).toBe(after.ok);
            if (!problem.cases[j].coWorked) continue;
            // The co-worker's own moves, the lead staying.
            const co = evaluateCoWorkerMove(state, j, to);
            const coMoved = Int32Array.from(coWorker);
            coMoved[j] = to;
            const coAfter = checkAllocation(problem, caseWorker, coMoved);
            expect(co.delta).toBeCloseTo(coAfter.objective - base.objective, 6);
            expect(co.feasible, `co-worker of ${problem.cases[j].id} → ${to}: ${co.reasons.join('; ')} vs ${coAfter.violations.join('; ')}`).toBe(coAfter.ok);
          }
        }
      }),
      { numRuns: 120, seed: 11 },
    );
  });

  it('property: from any allocation (feasible or not, co-workers included) the change equals the checker’s', () => {
    const workersOf = (p: Problem) => fc.array(fc.integer({ min: -1, max: p.workers.length - 1 }), { minLength: p.cases.length, maxLength: p.cases.length });
    const arb = tinyProblemArb.chain((p) => fc.tuple(fc.constant(p), workersOf(p), workersOf(p)));
    fc.assert(
      fc.property(arb, ([problem, raw, rawCo]) => {
        const caseWorker = Int32Array.from(raw);
        const coWorker = Int32Array.from(rawCo, (k, j) => (problem.cases[j].coWorked ? k : -1));
        const base = checkAllocation(problem, caseWorker, coWorker);
        const state = loadState(problem, caseWorker, coWorker);
        for (let j = 0; j < problem.cases.length; j++) {
          for (let to = -1; to < problem.workers.length; to++) {
            const ev = evaluateMove(state, unitMembers(problem, j), to);
            expect(ev.delta).toBeCloseTo(measured(problem, caseWorker, unitMembers(problem, j), to, coWorker).objective - base.objective, 6);
            if (!problem.cases[j].coWorked) continue;
            const coMoved = Int32Array.from(coWorker);
            coMoved[j] = to;
            expect(evaluateCoWorkerMove(state, j, to).delta).toBeCloseTo(checkAllocation(problem, caseWorker, coMoved).objective - base.objective, 6);
          }
        }
      }),
      { numRuns: 200, seed: 5 },
    );
  });

  it('hand-checked: moving a 7-point case to a worker at 80 of 90 points costs the load terms; a worker 6 points short has no room', () => {
    const problem = parseProblem({
      workers: [
        { id: 'a', fte: 1, capacityPoints: 90 },
        { id: 'b', fte: 1, capacityPoints: 90 },
        { id: 'c', fte: 1, capacityPoints: 10, skills: [] },
      ],
      cases: [
        { id: 'x', type: 'child-protection', currentWorkerId: 'a' },
        { id: 'y', type: 'assessment', points: 80, currentWorkerId: 'b' },
        { id: 'z', type: 'child-in-need', points: 9, currentWorkerId: 'c' },
      ],
    });
    const state = loadState(problem, Int32Array.from([0, 1, 2]));
    const toB = evaluateMove(state, [0], 1);
    // b: 80 → 87 points of 90: above 0.8×90 = 72 by 8 → 15 (+7), above 0.9×90 = 81 by 0 → 6 (+6): 0.2 × 13 = 2.6.
    // Max utilisation: c at 9/10 = 90% before; b at 87/90 = 96.67% after: +6.667 points × 1.
    // Move away from available a: +10.
    expect(toB.feasible).toBe(true);
    expect(toB.terms.moves).toBe(10);
    expect(toB.terms.spread).toBeCloseTo(2.6, 6);
    expect(toB.terms.overTarget).toBe(0);
    expect(toB.terms.maxUtilisation).toBeCloseTo(100 * (87 / 90 - 0.9), 6);
    // c: 9 + 7 = 16 > 11 (110% of 10): short by 5 points.
    const toC = evaluateMove(state, [0], 2);
    expect(toC.feasible).toBe(false);
    expect(toC.reasons).toContain('no room: short by 5 points');
  });

  it('hand-checked: a co-worker carries half the points; the lead may not move onto its own co-worker', () => {
    // An ASYE leads a co-worked child-protection case (allowed co-worked); q co-works it.
    const problem = parseProblem({
      workers: [
        { id: 'n', fte: 1, role: 'asye', capacityPoints: 20 },
        { id: 'q', fte: 1, capacityPoints: 20 },
        { id: 'r', fte: 1, capacityPoints: 3 },
        { id: 's', fte: 1, capacityPoints: 20 },
      ],
      cases: [{ id: 'cp', type: 'child-protection', coWorked: true, currentWorkerId: 'n' }],
    });
    const caseWorker = Int32Array.from([0]);
    const coWorker = Int32Array.from([1]);
    const base = checkAllocation(problem, caseWorker, coWorker);
    expect(base.ok).toBe(true);
    const state = loadState(problem, caseWorker, coWorker);
    expect(state.points[1]).toBe(3.5); // half of child protection's 7
    expect(state.count[1]).toBe(1);
    // The lead onto q, its co-worker: infeasible, as the checker says.
    const toQ = evaluateMove(state, [0], 1);
    expect(toQ.reasons).toEqual(['is the co-worker of cp']);
    expect(checkAllocation(problem, Int32Array.from([1]), coWorker).violations).toEqual(['case cp: q is both its worker and its co-worker']);
    // The co-worker: not the ASYE lead (who may not hold it alone), no room with r (3.5 > 3.3), s fits.
    expect(evaluateCoWorkerMove(state, 0, 0).reasons).toEqual(['is its lead worker', 'role "asye" may not hold child-protection cases']);
    expect(evaluateCoWorkerMove(state, 0, 2).reasons).toEqual(['no room: short by 0.2 points']);
    const toS = evaluateCoWorkerMove(state, 0, 3);
    expect(toS.feasible).toBe(true);
    expect(toS.delta).toBeCloseTo(0, 9); // q and s are alike
    // No co-worker at all: the unallocated charge, less q's load terms.
    const none = evaluateCoWorkerMove(state, 0, -1);
    expect(none.terms.unallocated).toBe(1000);
    expect(none.delta).toBeCloseTo(checkAllocation(problem, caseWorker, Int32Array.from([-1])).objective - base.objective, 9);
  });
});
