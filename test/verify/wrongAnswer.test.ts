/**
 * The standing wrong-answer suite: random small problems solved by every backend, each answer
 * cross-checked against two exact oracles — enumeration of every allocation through the independent
 * checker (bruteForceOptimum), and HiGHS on the exported LP (modelAsLp). A claimed optimum is never
 * beaten, a bound never exceeds the optimum, a reported objective always equals the checker's
 * recomputation, and "infeasible" only where nothing passes the checker. Effort-limited, so the run
 * is the same every time; the counts are printed for the CI log.
 */
import fc from 'fast-check';
import highsImport, { type Highs } from 'highs';
import { beforeAll, describe, expect, it } from 'vitest';
import { caseWorkerOf, coWorkerOf } from '../../src/app/advice.js';
import { allocateSync, modelAsLp } from '../../src/app/allocate.js';
import type { Problem } from '../../src/input/schema.js';
import type { SolverChoice } from '../../src/solvers/team.js';
import { tolerance } from '../../src/util/numbers.js';
import { checkAllocation } from '../../src/verify/check.js';
import { bruteForceOptimum, tinyProblemArb } from '../support/problems.js';

const PROBLEMS = 1000;
const BACKENDS: readonly SolverChoice[] = ['core', 'exact', 'auto'];
const effort = { maxIterations: 40, timeLimit: 30, seed: 1 };

type Loader = () => Promise<Highs>;
const loadHighs: Loader = typeof highsImport === 'function' ? (highsImport as unknown as Loader) : (highsImport as unknown as { default: Loader }).default;
let highs: Highs;
beforeAll(async () => {
  highs = await loadHighs();
});

/** HiGHS's optimum of the exported model (Infinity when it proves it infeasible). */
function highsOptimum(problem: Problem): number {
  const solution = highs.solve(modelAsLp(problem), { mip_rel_gap: 0, mip_abs_gap: 0 });
  if (solution.Status === 'Infeasible') return Infinity;
  if (solution.Status !== 'Optimal') throw new Error(`HiGHS: ${solution.Status}`);
  return solution.ObjectiveValue;
}

describe('wrong-answer suite: every backend against exact oracles', () => {
  it(`${PROBLEMS} random small problems × ${BACKENDS.join(', ')}`, () => {
    const problems = fc.sample(tinyProblemArb, { numRuns: PROBLEMS, seed: 20261203 });
    const counts = { problems: problems.length, infeasible: 0, answers: 0, optimalClaims: 0, bounds: 0, oracleAgreement: 0 };
    for (const [k, problem] of problems.entries()) {
      const optimum = bruteForceOptimum(problem);
      const byHighs = highsOptimum(problem);
      // The two oracles agree: the exported model is the checker's problem.
      // (HiGHS works to its feasibility tolerance, 1e-6 relative.)
      if (Number.isFinite(optimum) || Number.isFinite(byHighs)) expect(Math.abs(byHighs - optimum), `problem ${k}: HiGHS ${byHighs} vs enumeration ${optimum}`).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(optimum)));
      else expect(byHighs).toBe(Infinity);
      counts.oracleAgreement++;
      if (!Number.isFinite(optimum)) counts.infeasible++;
      for (const solver of BACKENDS) {
        const r = allocateSync(problem, { ...effort, solver });
        const where = `problem ${k}, ${solver}: ${JSON.stringify(problem.cases.map((c) => c.id))}`;
        counts.answers++;
        if (r.status === 'infeasible') expect(optimum, `${where}: claimed infeasible`).toBe(Infinity);
        if (r.bound !== null) {
          counts.bounds++;
          expect(r.bound, `${where}: bound above the optimum`).toBeLessThanOrEqual(optimum + tolerance(optimum) + 1e-6); // bound reported to 6 places
        }
        if (r.objective === null) continue;
        const check = checkAllocation(problem, caseWorkerOf(problem, r), coWorkerOf(problem, r));
        expect(check.ok, `${where}: ${check.violations.join('; ')}`).toBe(true);
        // Reported to 6 decimal places.
        expect(r.objective, `${where}: reported vs recomputed objective`).toBeCloseTo(check.objective, 6);
        expect(check.objective, `${where}: beats the optimum`).toBeGreaterThanOrEqual(optimum - tolerance(optimum));
        if (r.status === 'optimal') {
          counts.optimalClaims++;
          expect(check.objective, `${where}: claimed optimum is beaten`).toBeLessThanOrEqual(optimum + tolerance(optimum));
        }
      }
    }
    console.log(`wrong-answer suite: ${JSON.stringify(counts)}`);
    expect(counts.problems).toBe(PROBLEMS);
  }, 240_000);
});
