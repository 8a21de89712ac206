import { describe, expect, it } from 'vitest';
import { parseProblem } from '../../src/input/parse.js';
import { checkAllocation } from '../../src/verify/check.js';

// Two workers with small capacities, so every rule can be broken by hand.
const base = {
  workers: [
    { id: 'a', fte: 1, skills: ['court'], capacityPoints: 20, maxCases: 3 },
    { id: 'b', fte: 1, role: 'asye', capacityPoints: 10 },
  ],
  cases: [
    { id: 'court1', type: 'court', requiredSkills: ['court'], currentWorkerId: 'a' }, // 10 points
    { id: 'sib1', type: 'child-in-need', familyId: 'F', currentWorkerId: 'b' }, // 5
    { id: 'sib2', type: 'assessment', familyId: 'F', currentWorkerId: 'b', preferredSkills: ['disability'] }, // 4
  ],
};
const check = (alloc: number[], patch: object = {}) => checkAllocation(parseProblem({ ...base, ...patch }), Int32Array.from(alloc));

describe('checker: hard rules', () => {
  it('accepts a valid allocation and recomputes its objective by hand', () => {
    const r = check([0, 1, 1]);
    expect(r.violations).toEqual([]);
    // b: 9 points of capacity 10 (target 10): spread above 0.8×10 = 1 point × 0.2 = 0.2; above 0.9×10: 0;
    // a: 10 of 20: none. Max utilisation 0.9 → 90 × 1 = 90. Missing preferred skill (disability): 2.
    expect(r.objective).toBeCloseTo(0.2 + 90 + 2, 9);
  });
  it('missing skill and role restriction', () => {
    expect(check([1, 1, 1]).violations.join()).toMatch(/case court1: worker b may not take it \(missing-skill\)/);
  });
  it('siblings split', () => {
    expect(check([0, 0, 1]).violations.join()).toMatch(/siblings split: cases sib1 and sib2/);
  });
  it('points over the hard limit', () => {
    expect(check([0, 0, 0], { workers: [{ ...base.workers[0], capacityPoints: 15 }, base.workers[1]] }).violations.join()).toMatch(/worker a: 19 points exceed the limit of 16\.5/);
  });
  it('case count over the maximum', () => {
    expect(check([0, 0, 0], { workers: [{ ...base.workers[0], maxCases: 2 }, base.workers[1]] }).violations.join()).toMatch(/worker a: 3 cases exceed the maximum of 2/);
  });
  it('case-type cap', () => {
    expect(check([0, 1, 1], { policy: { caseTypeCaps: { court: 0 } } }).violations.join()).toMatch(/may not take it \(type-cap\)/);
  });
  it('pinned case moved', () => {
    const cases = [{ ...base.cases[0] }, { ...base.cases[1], pinned: true }, base.cases[2]];
    expect(check([0, 0, 0], { cases }).violations.join()).toMatch(/family pinned to b but allocated to a/);
  });
  it('unavailable worker holding cases', () => {
    const workers = [base.workers[0], { ...base.workers[1], available: false }];
    expect(check([0, 1, 1], { workers }).violations.join()).toMatch(/worker b is not available but holds 2 cases/);
  });
  it('excluded worker (conflict of interest)', () => {
    const cases = [{ ...base.cases[0], excludedWorkerIds: ['a'] }, base.cases[1], base.cases[2]];
    expect(check([0, 1, 1], { cases }).violations.join()).toMatch(/case court1: worker a may not take it \(excluded\)/);
  });
  it('unallocated where the policy forbids it, unless nobody may take it', () => {
    expect(check([-1, 1, 1], { policy: { allowUnallocated: false } }).violations.join()).toMatch(/case court1: left unallocated although the policy does not allow it/);
    const cases = [{ ...base.cases[0], requiredSkills: ['bsl'] }, base.cases[1], base.cases[2]];
    expect(check([-1, 1, 1], { cases, policy: { allowUnallocated: false, skills: ['bsl'] } }).violations).toEqual([]);
  });
  it('move budget', () => {
    expect(check([0, 0, 0], { policy: { maxMoves: 1 } }).violations.join()).toMatch(/2 moves exceed the budget of 1/);
    expect(check([0, 0, 0], { policy: { maxMoves: 2 } }).chargedMoves).toBe(2);
  });
  it('unallocated cost and moves are in the objective', () => {
    const r = check([-1, 1, 1], { policy: { overCapacity: 'limit-first' } });
    // court1 waits (1000 × court's priority 4) and moved away from a (10); b as before (0.2 + 2); max utilisation 0.9 → 90.
    expect(r.objective).toBeCloseTo(4000 + 10 + 0.2 + 2 + 90, 9);
    expect(r.violations).toEqual([]);
    // A lower priority weighs less: the same allocation with court at priority 1.
    expect(check([-1, 1, 1], { policy: { overCapacity: 'limit-first', caseTypes: { court: { points: 10, priority: 1 } } } }).objective).toBeCloseTo(1000 + 10 + 0.2 + 2 + 90, 9);
  });
  it('keep-held: a held case left unallocated, and a worker above the limit who gains a case', () => {
    // a holds court1 and may keep it: it is never left unallocated to meet a limit.
    expect(check([-1, 1, 1]).violations).toEqual(['case court1: held by a, who is available and may keep it, but left unallocated']);
    // b holds 9 points against a 5-point capacity (limit 5.5): above the limit, b keeps sib1 and sib2 but gains nothing.
    const tight = { workers: [base.workers[0], { ...base.workers[1], capacityPoints: 5 }], cases: [...base.cases, { id: 'n', type: 'assessment' }] };
    expect(checkAllocation(parseProblem(tight), Int32Array.from([0, 1, 1, -1])).violations).toEqual([]);
    expect(checkAllocation(parseProblem(tight), Int32Array.from([0, 1, 1, 1])).violations).toEqual(['case n: worker b is above the limit already and may receive no case (it was held by nobody)', 'worker b: 13 points exceed the limit of 9']);
    // Under limit-first the same 13 points exceed b's limit of 5.5.
    expect(checkAllocation(parseProblem({ ...tight, policy: { overCapacity: 'limit-first' } }), Int32Array.from([0, 1, 1, -1])).violations).toEqual(['worker b: 9 points exceed the limit of 5.5']);
  });
});
