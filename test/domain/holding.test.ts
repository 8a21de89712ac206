import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocateSync } from '../../src/app/allocate.js';
import { caseWorkerOf } from '../../src/app/advice.js';
import { holdings, mayKeep } from '../../src/domain/holding.js';
import { parseProblem } from '../../src/input/parse.js';
import type { Problem } from '../../src/input/schema.js';
import { checkAllocation } from '../../src/verify/check.js';
import { tinyProblemArb } from '../support/problems.js';

const effort = { maxIterations: 200, timeLimit: 20 };

/** Two workers: w1 holds 3 child-in-need cases (15 points) with a limit of 11; w2 has room (limit 11); one new CP referral (7 points). No move allowed. */
const overloaded = (overCapacity: 'keep-held' | 'limit-first') =>
  parseProblem({
    workers: [
      { id: 'w1', fte: 1, capacityPoints: 10 },
      { id: 'w2', fte: 1, capacityPoints: 10 },
    ],
    cases: [
      { id: 'a', type: 'child-in-need', currentWorkerId: 'w1' },
      { id: 'b', type: 'child-in-need', currentWorkerId: 'w1' },
      { id: 'c', type: 'child-in-need', currentWorkerId: 'w1' },
      { id: 'n', type: 'child-protection' },
    ],
    policy: { overCapacity, maxMoves: 0 },
  });

describe('over capacity, the way a manager works (keep-held)', () => {
  it('hand-checked: with no move allowed the overloaded worker keeps all three; the referral goes to the worker with room', () => {
    const p = overloaded('keep-held');
    const h = holdings(p);
    expect(Array.from(h.aboveLimit)).toEqual([1, 0]);
    const r = allocateSync(p, effort);
    expect(r.status).toBe('optimal');
    const at = new Map(r.assignments.map((a) => [a.caseId, a.workerId]));
    expect(['a', 'b', 'c'].map((id) => at.get(id))).toEqual(['w1', 'w1', 'w1']);
    expect(at.get('n')).toBe('w2');
    expect(r.capacity.heldAboveLimit).toEqual([{ workerId: 'w1', points: 15, limitPoints: 11, overBy: 4, utilisation: 1.5 }]);
    expect(r.workers[0].notes?.join(' ')).toMatch(/held above the 110% limit: keeps what they hold \(15 points, 150%, 4 over\) and takes nothing new/);
  });

  it('hand-checked: under limit-first the limit comes first: with no move allowed there is no allocation at all', () => {
    const r = allocateSync(overloaded('limit-first'), effort);
    // w1 may carry 11 points of the 15 held: a case must leave w1, and leaving it unallocated is a move too.
    expect(r.status).toBe('infeasible');
    expect(r.diagnosis?.conflicts.map((c) => c.group).sort()).toEqual(['moves', 'points:w1']);
  });

  it('hand-checked: a worker above the limit receives nothing new, even a referral nobody else may take', () => {
    const p = parseProblem({
      workers: [
        { id: 'full', fte: 1, capacityPoints: 10, skills: ['court'] },
        { id: 'free', fte: 1, capacityPoints: 30 },
      ],
      cases: [
        { id: 'h1', type: 'court', currentWorkerId: 'full' },
        { id: 'h2', type: 'child-in-need', currentWorkerId: 'full' },
        { id: 'new', type: 'court', requiredSkills: ['court'] },
      ],
    });
    const r = allocateSync(p, effort);
    expect(r.assignments.find((a) => a.caseId === 'new')).toBeUndefined();
    const reason = r.unallocated.find((u) => u.caseId === 'new')!.reason;
    expect(reason).toMatch(/no worker may take it: .*above the limit/);
    expect(reason).toMatch(/lacks skill court|skill/);
  });

  it('hand-checked: a new sibling of a held family joins the family worker when it fits, else waits while the held ones stay', () => {
    const family = (capacityPoints: number) =>
      parseProblem({
        workers: [
          { id: 'h', fte: 1, capacityPoints },
          { id: 'o', fte: 1, capacityPoints: 40 },
        ],
        cases: [
          { id: 'old', type: 'child-in-need', familyId: 'f', currentWorkerId: 'h' },
          { id: 'sib', type: 'child-in-need', familyId: 'f' },
        ],
        policy: { maxMoves: 0 },
      });
    const fits = allocateSync(family(20), effort);
    expect(fits.assignments.map((a) => `${a.caseId}:${a.workerId}`).sort()).toEqual(['old:h', 'sib:h']);
    const full = allocateSync(family(5), effort);
    expect(full.assignments.map((a) => `${a.caseId}:${a.workerId}`)).toEqual(['old:h']);
    expect(full.unallocated[0].caseId).toBe('sib');
    expect(full.unallocated[0].reason).toMatch(/h/);
  });

  it('property: no held child whose worker may keep it waits; no worker above the limit gains a case; the checker agrees', () => {
    let heldChecked = 0;
    fc.assert(
      fc.property(tinyProblemArb, (raw) => {
        const problem: Problem = { ...raw, policy: { ...raw.policy, overCapacity: 'keep-held' } };
        const r = allocateSync(problem, effort);
        if (r.status !== 'optimal' && r.status !== 'feasible') return;
        const cw = caseWorkerOf(problem, r);
        const h = holdings(problem);
        problem.cases.forEach((c, j) => {
          const holder = h.heldBy[j];
          if (holder >= 0 && !h.splitFamily[j] && mayKeep(problem, holder, c)) {
            heldChecked++;
            expect(cw[j], `${c.id} is held by ${problem.workers[holder].id}, who may keep it`).toBeGreaterThanOrEqual(0);
          }
          if (cw[j] >= 0 && h.aboveLimit[cw[j]]) expect(holder, `${problem.workers[cw[j]].id} is above the limit and gained ${c.id}`).toBe(cw[j]);
        });
        expect(checkAllocation(problem, cw).violations.filter((v) => !/co-worker/.test(v))).toEqual([]);
      }),
      { numRuns: 200, seed: 5 },
    );
    expect(heldChecked).toBeGreaterThan(50);
  });
});
