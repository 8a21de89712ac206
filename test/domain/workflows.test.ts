import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocateSync } from '../../src/app/allocate.js';
import { handoverProblem, intakeProblem } from '../../src/domain/workflows.js';
import { parseProblem } from '../../src/input/parse.js';
import type { Problem } from '../../src/input/schema.js';
import { tinyProblemArb } from '../support/problems.js';

const effort = { maxIterations: 300, timeLimit: 20 };

/** Worker id per case after allocating the transformed problem. */
function allocated(problem: Problem): Map<string, string | null> {
  const r = allocateSync(problem, effort);
  const out = new Map<string, string | null>(problem.cases.map((c) => [c.id, null]));
  for (const a of r.assignments) out.set(a.caseId, a.workerId);
  return r.status === 'optimal' || r.status === 'feasible' ? out : new Map();
}

/** Families split between two available workers cannot stay as they are (siblings share a worker). */
function splitFamily(problem: Problem, caseIndex: number): boolean {
  const c = problem.cases[caseIndex];
  if (!problem.policy.keepSiblingsTogether || c.familyId === null) return false;
  const available = new Set(problem.workers.filter((w) => w.available).map((w) => w.id));
  const holders = new Set(problem.cases.filter((d) => d.familyId === c.familyId && d.currentWorkerId !== null && available.has(d.currentWorkerId)).map((d) => d.currentWorkerId));
  return holders.size > 1;
}

describe('continuity workflows', () => {
  it('intake (hand-checked): held cases are pinned, new referrals and a leaver’s cases are not; a new sibling joins its family', () => {
    const p = parseProblem({
      workers: [{ id: 'a', fte: 1 }, { id: 'b', fte: 1 }, { id: 'gone', fte: 1, available: false }],
      cases: [
        { id: 'held', type: 'assessment', currentWorkerId: 'a' },
        { id: 'new', type: 'assessment' },
        { id: 'orphan', type: 'assessment', currentWorkerId: 'gone' },
        { id: 'sib1', type: 'assessment', familyId: 'f', currentWorkerId: 'b' },
        { id: 'sib2', type: 'assessment', familyId: 'f' },
      ],
    });
    const q = intakeProblem(p);
    expect(q.cases.map((c) => c.pinned)).toEqual([true, false, false, true, false]);
    expect(p.cases.every((c) => !c.pinned)).toBe(true); // pure: the input is unchanged
    const got = allocated(q);
    expect(got.get('held')).toBe('a');
    expect(got.get('sib2')).toBe('b');
    expect(got.get('orphan')).not.toBe('gone');
  });

  it('handover (hand-checked): the leavers become unavailable, their pins lift, everyone else’s cases are pinned; unknown ids are refused', () => {
    const p = parseProblem({
      workers: [{ id: 'a', fte: 1 }, { id: 'b', fte: 1 }, { id: 'c', fte: 1 }],
      cases: [
        { id: 'x', type: 'assessment', currentWorkerId: 'a', pinned: true },
        { id: 'y', type: 'assessment', currentWorkerId: 'b' },
        { id: 'z', type: 'assessment', currentWorkerId: 'c' },
      ],
    });
    const q = handoverProblem(p, ['a']);
    expect(q.workers.map((w) => w.available)).toEqual([false, true, true]);
    expect(q.cases.map((c) => c.pinned)).toEqual([false, true, true]);
    const got = allocated(q);
    expect(got.get('x')).toMatch(/^[bc]$/);
    expect(got.get('y')).toBe('b');
    expect(() => handoverProblem(p, ['w99'])).toThrow(/no worker "w99"/);
    expect(() => handoverProblem(p, [])).toThrow(/name the workers who leave/);
  });

  it('property: intake never moves a case held by an available worker (except a family already split between two)', () => {
    fc.assert(
      fc.property(tinyProblemArb, (problem) => {
        const got = allocated(intakeProblem(problem));
        problem.cases.forEach((c, j) => {
          if (!got.size || c.currentWorkerId === null || splitFamily(problem, j)) return;
          if (problem.workers.find((w) => w.id === c.currentWorkerId)!.available) expect(got.get(c.id)).toBe(c.currentWorkerId);
        });
      }),
      { numRuns: 80, seed: 21 },
    );
  });

  it('property: handover moves only the leavers’ cases (and places new referrals); no case stays with a leaver', () => {
    const arb = tinyProblemArb.chain((p) => fc.tuple(fc.constant(p), fc.subarray(p.workers.map((w) => w.id), { minLength: 1 })));
    fc.assert(
      fc.property(arb, ([problem, leaving]) => {
        const after = handoverProblem(problem, leaving);
        const got = allocated(after);
        if (!got.size) return;
        problem.cases.forEach((c, j) => {
          if (c.currentWorkerId === null) return;
          if (leaving.includes(c.currentWorkerId)) expect(got.get(c.id)).not.toBe(c.currentWorkerId);
          else if (problem.workers.find((w) => w.id === c.currentWorkerId)!.available && !splitFamily(after, j)) expect(got.get(c.id)).toBe(c.currentWorkerId);
        });
      }),
      { numRuns: 80, seed: 22 },
    );
  });
});
