import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocateSync } from '../../src/app/allocate.js';
import { buildTeam } from '../../src/domain/team.js';
import type { Problem } from '../../src/input/schema.js';
import { solveTeam } from '../../src/solvers/team.js';
import { checkAllocation } from '../../src/verify/check.js';
import { bruteForceOptimum, tinyProblemArb } from '../support/problems.js';

const effort = { maxIterations: 3000, timeLimit: 20 };

describe('the engine on tiny problems', () => {
  it('auto finds and proves the brute-force optimum (or proves infeasibility)', () => {
    fc.assert(
      fc.property(tinyProblemArb, (problem) => {
        const oracle = bruteForceOptimum(problem);
        const result = allocateSync(problem, { ...effort, solver: 'auto' });
        if (oracle === Infinity) {
          expect(result.status).toBe('infeasible');
        } else {
          expect(result.status).toBe('optimal');
          expect(result.objective).toBeCloseTo(oracle, 4);
        }
      }),
      { numRuns: 60, seed: 42 },
    );
  });

  it('the core alone: every answer passes the checker, never beats the optimum, and its bound never exceeds it', () => {
    fc.assert(
      fc.property(tinyProblemArb, (problem) => {
        const oracle = bruteForceOptimum(problem);
        const team = buildTeam(problem);
        const s = solveTeam(team, { ...effort, solver: 'core' });
        if (s.bound !== null) expect(s.bound).toBeLessThanOrEqual(oracle + 1e-6);
        if (s.unitWorker === null) return;
        const caseWorker = Int32Array.from(team.caseUnit, (u) => s.unitWorker![u]);
        const coWorker = Int32Array.from(team.caseCoWork, (k) => (k < 0 ? -1 : s.unitWorker![team.units.length + k]));
        const check = checkAllocation(problem, caseWorker, coWorker);
        expect(check.violations).toEqual([]);
        expect(check.objective).toBeCloseTo(s.objective, 6);
        expect(check.objective).toBeGreaterThanOrEqual(oracle - 1e-6);
        if (s.status === 'optimal') expect(check.objective).toBeCloseTo(oracle, 6);
      }),
      { numRuns: 80, seed: 7 },
    );
  });

  it('a warm start is never lost: started from the optimum, the core returns it even with almost no effort', () => {
    fc.assert(
      fc.property(tinyProblemArb, (problem) => {
        const best = allocateSync(problem, { ...effort, solver: 'exact' });
        if (best.objective === null) return;
        const warm = allocateSync(problem, { maxIterations: 1, timeLimit: 20, solver: 'core', initial: best });
        expect(warm.objective).not.toBeNull();
        expect(warm.objective!).toBeLessThanOrEqual(best.objective + 1e-6);
      }),
      { numRuns: 40, seed: 5 },
    );
  });

  it('permuting workers or cases does not change the optimal objective', () => {
    const reverse = (p: Problem): Problem => ({ ...p, workers: [...p.workers].reverse(), cases: [...p.cases].reverse() });
    fc.assert(
      fc.property(tinyProblemArb, (problem) => {
        const a = allocateSync(problem, { ...effort, solver: 'exact' });
        const b = allocateSync(reverse(problem), { ...effort, solver: 'exact' });
        expect(b.status).toBe(a.status);
        if (a.objective !== null) expect(b.objective).toBeCloseTo(a.objective, 4);
      }),
      { numRuns: 40, seed: 3 },
    );
  });
});
