import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocateSync } from '../../src/app/allocate.js';
import { caseWorkerOf, coWorkerOf } from '../../src/app/advice.js';
import { capacityFigures, capacityHeadline } from '../../src/report/capacity.js';
import { parseProblem } from '../../src/input/parse.js';
import { checkAllocation } from '../../src/verify/check.js';
import { tinyProblemArb } from '../support/problems.js';

const effort = { maxIterations: 200, timeLimit: 20 };

describe('demand against capacity', () => {
  it('hand-checked figures and headline', () => {
    const policy = parseProblem({ workers: [{ id: 'x', fte: 1 }], cases: [] }).policy;
    // Targets: 90 and 45 points (100 % target utilisation); w1 carries 120 (30 over target, 21 over the 99-point limit).
    const c = capacityFigures(
      policy,
      [
        { workerId: 'w1', available: true, points: 120, capacityPoints: 90 },
        { workerId: 'w2', available: true, points: 40, capacityPoints: 45 },
        { workerId: 'away', available: false, points: 0, capacityPoints: 90 },
      ],
      [
        { type: 'child-protection', points: 7 },
        { type: 'child-in-need', points: 5 },
        { type: 'child-protection', points: 3.5, share: true },
      ],
    );
    expect(c).toMatchObject({ demandPoints: 175.5, capacityPoints: 135, targetPoints: 135, demandRatio: 1.3, overCapacity: true, pointsShort: 45.5, fteShort: 0.5 });
    expect(c.heldAboveLimit).toEqual([{ workerId: 'w1', points: 120, limitPoints: 99, overBy: 21, utilisation: 1.3333 }]);
    expect(c.waiting).toEqual({ cases: 2, points: 15.5, byType: [{ type: 'child-protection', cases: 1, priority: 4 }, { type: 'child-in-need', cases: 1, priority: 1 }] });
    expect(capacityHeadline(c)).toBe('Demand 176 points against 135 at target (130 %): 46 points short, about 0.5 FTE; 1 worker held above the limit (keeping what they hold, taking nothing new); 2 cases wait for a worker (1 child-protection, 1 child-in-need).');
  });

  it('a result carries the figures per team and for the service', () => {
    const r = allocateSync(
      {
        workers: [
          { id: 'a', fte: 1, team: 'north', capacityPoints: 10 },
          { id: 'b', fte: 1, team: 'south', capacityPoints: 10 },
        ],
        cases: [
          { id: 'x', type: 'court', currentWorkerId: 'a' },
          { id: 'y', type: 'child-in-need', currentWorkerId: 'b' },
        ],
      },
      effort,
    );
    expect(r.capacity.teams.map((t) => [t.team, t.demandPoints, t.targetPoints])).toEqual([
      ['north', 10, 10],
      ['south', 5, 10],
    ]);
    expect(r.capacity).toMatchObject({ demandPoints: 15, targetPoints: 20, pointsShort: 0, overCapacity: false });
    expect(r.capacity.headline).toMatch(/within capacity; nothing waits\.$/);
  });
});

describe('reasons for waiting are true', () => {
  it('property: no feasible placement of a waiting case lowers the objective, and no reason states a non-positive shortfall', () => {
    let waited = 0;
    fc.assert(
      fc.property(tinyProblemArb, (problem) => {
        const r = allocateSync(problem, effort);
        if (r.status !== 'optimal' && r.status !== 'feasible') return;
        const cw = caseWorkerOf(problem, r);
        const co = coWorkerOf(problem, r);
        const base = checkAllocation(problem, cw, co);
        expect(base.ok).toBe(true);
        for (const u of r.unallocated) {
          waited++;
          expect(u.reason).not.toMatch(/short by (-|0(?![.\d]))/);
          const j = problem.cases.findIndex((c) => c.id === u.caseId);
          // Place it (and its waiting siblings) with each worker in turn: never a verified gain.
          const family = problem.cases.flatMap((c, k) => (problem.policy.keepSiblingsTogether && c.familyId !== null && c.familyId === problem.cases[j].familyId && cw[k] < 0) || k === j ? [k] : []);
          for (let i = 0; i < problem.workers.length; i++) {
            const trial = Int32Array.from(cw);
            for (const k of family) trial[k] = i;
            const check = checkAllocation(problem, trial, co);
            if (check.ok) expect(check.objective, `${u.caseId} → ${problem.workers[i].id}: ${u.reason}`).toBeGreaterThanOrEqual(base.objective - 1e-6);
          }
        }
      }),
      { numRuns: 250, seed: 17 },
    );
    expect(waited).toBeGreaterThan(20);
  });
});
