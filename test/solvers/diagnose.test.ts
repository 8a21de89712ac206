import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildTeam } from '../../src/domain/team.js';
import { allocateSync } from '../../src/app/allocate.js';
import { parseProblem } from '../../src/input/parse.js';
import { DEFAULT_DIAGNOSE_OPTIONS, diagnose, feasibleWithOnly } from '../../src/solvers/diagnose.js';
import { bruteForceOptimum, tinyProblemArb } from '../support/problems.js';

/** Minimal and really conflicting: infeasible with only its groups; feasible with any one removed. */
function expectIrreducible(team: ReturnType<typeof buildTeam>, ids: readonly string[]): void {
  expect(feasibleWithOnly(team, ids)).toBe('infeasible');
  for (const id of ids) expect(feasibleWithOnly(team, ids.filter((x) => x !== id)), `without ${id}`).toBe('feasible');
}

describe('infeasibility diagnosis (deletion filter over constraint groups)', () => {
  it('hand-checked: court cases total 50 points; the two workers with the court skill may carry 22 + 22', () => {
    const team = buildTeam(
      parseProblem({
        workers: [
          { id: 'a', fte: 1, skills: ['court'], capacityPoints: 20 },
          { id: 'b', fte: 1, capacityPoints: 90 },
          { id: 'c', fte: 1, skills: ['court'], capacityPoints: 20 },
        ],
        cases: [1, 2, 3, 4, 5].map((k) => ({ id: `k${k}`, type: 'court', requiredSkills: ['court'] })),
        policy: { allowUnallocated: false, skills: ['court'] },
      }),
    );
    const d = diagnose(team);
    expect(d.verdict).toBe('infeasible');
    expect(d.proven).toBe(true);
    expect(d.groups.map((g) => g.id).sort()).toEqual(['points:a', 'points:c', 'skill:court']);
    expect(d.summary).toMatch(/a may carry at most 22 points \(110% of 20\)/);
    expect(d.details.join(' ')).toMatch(/may go only to a, c \(they need the court skill\): they total 50 points; those workers may carry 44 points in all \(short by 6\)/);
    expectIrreducible(team, d.groups.map((g) => g.id));
  });

  it('hand-checked: a role restriction and a move budget conflict', () => {
    // The qualified worker q holds 14 points with room for 11; the only other worker is an ASYE (no
    // child-protection). Two irreducible conflicts exist: {q's limit, the ASYE restriction} and
    // {q's limit, the move budget}; the deletion filter (groups in order) relaxes the restriction first
    // and keeps the budget.
    const team = buildTeam(
      parseProblem({
        workers: [
          { id: 'q', fte: 1, capacityPoints: 10 },
          { id: 'n', fte: 1, role: 'asye' },
        ],
        cases: [
          { id: 'x', type: 'child-protection', currentWorkerId: 'q' },
          { id: 'y', type: 'child-protection', currentWorkerId: 'q' },
        ],
        policy: { allowUnallocated: false, maxMoves: 0, overCapacity: 'limit-first' },
      }),
    );
    const d = diagnose(team);
    expect(d.verdict).toBe('infeasible');
    expect(d.groups.map((g) => g.id).sort()).toEqual(['moves', 'points:q']);
    expect(feasibleWithOnly(team, ['points:q', 'role:asye:child-protection'])).toBe('infeasible');
    expectIrreducible(team, d.groups.map((g) => g.id));
  });

  it('hand-checked: siblings held by two workers must reunite, and a role restriction forces a move — over a budget of 1', () => {
    const team = buildTeam(
      parseProblem({
        workers: [
          { id: 'a', fte: 1 },
          { id: 'b', fte: 1 },
          { id: 'n', fte: 1, role: 'asye' },
        ],
        cases: [
          { id: 's1', type: 'assessment', familyId: 'f', currentWorkerId: 'a' },
          { id: 's2', type: 'assessment', familyId: 'f', currentWorkerId: 'b' },
          { id: 'cp', type: 'child-protection', currentWorkerId: 'n' },
        ],
        policy: { maxMoves: 1 },
      }),
    );
    const d = diagnose(team);
    expect(d).toMatchObject({ verdict: 'infeasible', proven: true });
    expect(d.groups.map((g) => g.id).sort()).toEqual(['moves', 'role:asye:child-protection']);
    expect(d.details[0]).toBe('at least 2 moves are needed (1 to reunite siblings held by different workers, 1 of cases whose worker may not keep them); the budget is 1');
    expectIrreducible(team, d.groups.map((g) => g.id));
  });

  it('a model too large for the exact backend is still proven feasible by a greedy witness', () => {
    const example = JSON.parse(readFileSync(new URL('../../examples/team.json', import.meta.url), 'utf8'));
    const team = buildTeam(parseProblem({ ...example, policy: { ...example.policy, allowUnallocated: false } }));
    expect(team.units.reduce((s, u) => s + u.eligible.length, 0)).toBeGreaterThan(DEFAULT_DIAGNOSE_OPTIONS.maxPairs);
    expect(diagnose(team)).toMatchObject({ verdict: 'feasible', groups: [] });
    // …and a move budget of 0 is proven too tight by the aggregate argument, minimal over groups.
    const tight = buildTeam(parseProblem({ ...example, policy: { ...example.policy, maxMoves: 0, overCapacity: 'limit-first' } }));
    const d = diagnose(tight);
    expect(d).toMatchObject({ verdict: 'infeasible', proven: true });
    expect(d.groups.map((g) => g.id)).toContain('moves');
    expectIrreducible(tight, d.groups.map((g) => g.id));
  });

  it('hand-checked: nobody may co-work a case pinned to its only qualified worker, and it may not go without', () => {
    // cp is pinned to q; the only other worker is an ASYE, who may lead it co-worked but not co-work it.
    // Three rules conflict: the pin, the ASYE restriction, and cp's need for a co-worker.
    const input = {
      workers: [
        { id: 'q', fte: 1 },
        { id: 'n', fte: 1, role: 'asye' },
      ],
      cases: [{ id: 'cp', type: 'child-protection', coWorked: true, currentWorkerId: 'q', pinned: true }],
      policy: { allowUnallocated: false },
    };
    const team = buildTeam(parseProblem(input));
    const d = diagnose(team);
    expect(d).toMatchObject({ verdict: 'infeasible', proven: true });
    expect(d.groups.map((g) => g.id).sort()).toEqual(['co-work:cp', 'pins:q', 'role:asye:child-protection']);
    expect(d.groups.find((g) => g.id === 'co-work:cp')!.words).toBe('case cp needs a co-worker besides its lead (the policy does not let it go without)');
    expect(d.groups.find((g) => g.id === 'role:asye:child-protection')!.words).toBe('role asye may not hold child-protection cases alone (they may lead one that is co-worked)');
    expect(d.details).toEqual(['case cp and its co-worker may both go only to q, and they must be two different workers']);
    expectIrreducible(team, d.groups.map((g) => g.id));
    // The engine reports it the same way.
    const r = allocateSync(input, { maxIterations: 200, timeLimit: 20 });
    expect(r.status).toBe('infeasible');
    expect(r.diagnosis!.conflicts.map((c) => c.group).sort()).toEqual(['co-work:cp', 'pins:q', 'role:asye:child-protection']);
    // Not pinned: n leads it, q co-works it.
    expect(diagnose(buildTeam(parseProblem({ ...input, cases: [{ ...input.cases[0], pinned: false }] })))).toMatchObject({ verdict: 'feasible' });
  });

  it('co-worker load counts: two co-worked cases whose co-workers overload the only worker who may co-work them', () => {
    // Only q may co-work them (3.5 points each), and q may carry 5.5 points; the ASYEs may lead them.
    const team = buildTeam(
      parseProblem({
        workers: [
          { id: 'q', fte: 1, capacityPoints: 5 },
          { id: 'n1', fte: 1, role: 'asye' },
          { id: 'n2', fte: 1, role: 'asye' },
        ],
        cases: [
          { id: 'x', type: 'child-protection', coWorked: true },
          { id: 'y', type: 'child-protection', coWorked: true },
        ],
        policy: { allowUnallocated: false },
      }),
    );
    const d = diagnose(team);
    expect(d).toMatchObject({ verdict: 'infeasible', proven: true });
    expect(d.groups.map((g) => g.id).sort()).toEqual(['co-work:x', 'co-work:y', 'points:q', 'role:asye:child-protection']);
    expect(d.details[0]).toMatch(/2 allocation units \(0 cases, 2 co-workings\) may go only to q .*they total 7 points; those workers may carry 5\.5 points in all/);
    expectIrreducible(team, d.groups.map((g) => g.id));
  });

  it('a feasible problem is said to be feasible', () => {
    const team = buildTeam(parseProblem({ workers: [{ id: 'a', fte: 1 }], cases: [{ id: 'x', type: 'court' }], policy: { allowUnallocated: false } }));
    expect(diagnose(team)).toMatchObject({ verdict: 'feasible', groups: [] });
  });

  it('property: on random infeasible tiny problems the diagnosis is proven, minimal, and really conflicts', () => {
    let infeasible = 0;
    fc.assert(
      fc.property(tinyProblemArb, (problem) => {
        if (bruteForceOptimum(problem) !== Infinity) return;
        infeasible++;
        const team = buildTeam(problem);
        const d = diagnose(team);
        expect(d.verdict).toBe('infeasible');
        expect(d.proven).toBe(true);
        expect(d.groups.length).toBeGreaterThan(0);
        expectIrreducible(team, d.groups.map((g) => g.id));
      }),
      { numRuns: 300, seed: 99 },
    );
    expect(infeasible).toBeGreaterThan(5);
  });
});
