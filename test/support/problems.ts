/** Shared test fixtures: small random problems (fast-check) and a brute-force oracle. */
import fc from 'fast-check';
import { buildTeam } from '../../src/domain/team.js';
import { validateProblem } from '../../src/input/parse.js';
import type { Problem, ProblemInput } from '../../src/input/schema.js';
import { checkAllocation } from '../../src/verify/check.js';

const TYPES = ['child-in-need', 'child-protection', 'court', 'assessment'] as const;
const SKILLS = ['court', 'disability'] as const;

const workerArb = fc.record({
  role: fc.constantFrom('qualified', 'asye', 'senior'),
  fte: fc.constantFrom(0.5, 1),
  skills: fc.subarray([...SKILLS]),
  away: fc.integer({ min: 0, max: 9 }), // 0 = on leave (one in ten)
  capacityPoints: fc.integer({ min: 4, max: 24 }),
  maxCases: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
});

const caseArb = (workers: number) =>
  fc.record({
    type: fc.constantFrom(...TYPES),
    family: fc.constantFrom(null, null, 'f1', 'f2'),
    requiredSkills: fc.subarray([...SKILLS], { maxLength: 1 }),
    preferredSkills: fc.subarray([...SKILLS], { maxLength: 1 }),
    current: fc.option(fc.integer({ min: 0, max: workers - 1 }), { nil: null }),
    pinned: fc.integer({ min: 0, max: 9 }),
    excluded: fc.option(fc.integer({ min: 0, max: workers - 1 }), { nil: null }),
    coWorked: fc.integer({ min: 0, max: 5 }),
  });

/** Tiny valid problems: 1–3 workers, 1–5 cases, tight capacities, families, pins, exclusions, budgets, both over-capacity policies. */
export const tinyProblemArb: fc.Arbitrary<Problem> = fc
  .integer({ min: 1, max: 3 })
  .chain((m) =>
    fc.record({
      workers: fc.array(workerArb, { minLength: m, maxLength: m }),
      cases: fc.array(caseArb(m), { minLength: 1, maxLength: 5 }),
      allowUnallocated: fc.boolean(),
      maxMoves: fc.constantFrom(null, null, 0, 1, 2),
      keepSiblingsTogether: fc.boolean(),
      overCapacity: fc.constantFrom('keep-held' as const, 'limit-first' as const),
    }),
  )
  .map((r) => {
    const input: ProblemInput = {
      workers: r.workers.map((w, i) => ({ id: `w${i}`, role: w.role, fte: w.fte, skills: w.skills, available: w.away !== 0, capacityPoints: w.capacityPoints, maxCases: w.maxCases })),
      cases: r.cases.map((c, j) => ({
        id: `c${j}`,
        type: c.type,
        familyId: c.family,
        requiredSkills: c.requiredSkills,
        preferredSkills: c.preferredSkills,
        currentWorkerId: c.current === null ? null : `w${c.current}`,
        pinned: c.pinned === 0 && c.current !== null,
        excludedWorkerIds: c.excluded === null || c.excluded === c.current ? [] : [`w${c.excluded}`],
        coWorked: c.coWorked === 0, // one in six needs a co-worker
      })),
      policy: { allowUnallocated: r.allowUnallocated, maxMoves: r.maxMoves, keepSiblingsTogether: r.keepSiblingsTogether, overCapacity: r.overCapacity },
    };
    const v = validateProblem(input);
    return v.ok ? v.problem : null;
  })
  .filter((p): p is Problem => p !== null);

/**
 * The best objective over every allocation of units (and co-worker allocations) to workers or nobody
 * that passes the checker; Infinity if none.
 */
export function bruteForceOptimum(problem: Problem): number {
  const team = buildTeam(problem);
  const m = problem.workers.length;
  const jobs = team.units.length + team.coWork.length;
  const jobWorker = new Int32Array(jobs).fill(-1);
  const caseWorker = new Int32Array(problem.cases.length);
  const coWorker = new Int32Array(problem.cases.length);
  let best = Infinity;
  const visit = (u: number): void => {
    if (u === jobs) {
      team.caseUnit.forEach((unit, j) => (caseWorker[j] = jobWorker[unit]));
      team.caseCoWork.forEach((k, j) => (coWorker[j] = k < 0 ? -1 : jobWorker[team.units.length + k]));
      const check = checkAllocation(problem, caseWorker, coWorker);
      if (check.ok && check.objective < best) best = check.objective;
      return;
    }
    for (let i = -1; i < m; i++) {
      jobWorker[u] = i;
      visit(u + 1);
    }
  };
  visit(0);
  return best;
}
