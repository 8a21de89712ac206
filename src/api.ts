/**
 * The library's functions: each runs the stages in order — input → domain → solvers → verify →
 * report — and nothing else. The CLI is a thin wrapper over these.
 */
import { buildTeam, type Team } from './domain/team.js';
import { parseProblem, validateProblem, type Validation } from './input/parse.js';
import { buildProgram } from './model/program.js';
import { writeLp } from './model/lp.js';
import { buildResult, type AllocationResult } from './report/result.js';
import { solveTeam, type SolveOptions } from './solvers/team.js';
import { checkAllocation, sameObjective } from './verify/check.js';

/** Options of `allocate`; every field is optional (defaults: DEFAULT_SOLVE_OPTIONS). */
export type AllocateOptions = SolveOptions;

/**
 * Allocates the cases of a problem (an object as in the JSON problem file) to its workers.
 * Throws InputError (with every problem listed) on invalid input. The result has passed the
 * independent checker: hard rules re-verified, objective recomputed.
 */
export async function allocate(problem: unknown, options: AllocateOptions = {}): Promise<AllocationResult> {
  return allocateSync(problem, options);
}

/** `allocate` on the calling thread (for worker threads and tests). */
export function allocateSync(problem: unknown, options: AllocateOptions = {}): AllocationResult {
  return allocateTeam(buildTeam(parseProblem(problem)), options);
}

/** Checks a problem without solving it. Never throws. */
export function validate(problem: unknown): Validation {
  return validateProblem(problem);
}

/** The integer program of a problem in CPLEX LP format. */
export function modelAsLp(problem: unknown): string {
  const team = buildTeam(parseProblem(problem));
  const p = buildProgram(team);
  return writeLp(p, [
    'Caseload allocation model (CPLEX LP format). Minimise.',
    'x_u<U>_w<W> = 1: allocation unit U (a case or sibling group) goes to worker W; y_u<U> = 1: unit U unallocated.',
    ...team.units.map((u, k) => `u${k}: ${u.cases.map((j) => team.problem.cases[j].id).join(' ')}`),
    ...team.problem.workers.map((w, i) => `w${i}: ${w.id}`),
  ]);
}

export function allocateTeam(team: Team, options: AllocateOptions = {}): AllocationResult {
  const solution = solveTeam(team, options);
  const base = { team, bound: solution.bound, solver: solution.solver, seconds: solution.seconds, iterations: solution.iterations };
  if (!solution.unitWorker) return buildResult({ ...base, status: solution.status, caseWorker: null, check: null });
  const caseWorker = new Int32Array(team.problem.cases.length);
  team.caseUnit.forEach((u, j) => (caseWorker[j] = solution.unitWorker![u]));
  const check = checkAllocation(team.problem, caseWorker);
  if (!check.ok || !sameObjective(check.objective, solution.objective)) {
    // A wrong answer is worse than none: this is a bug in a solver or the model, never the user's fault.
    throw new Error(
      `internal error: the ${solution.solver} solver's allocation failed the independent check ` +
        `(${check.ok ? `objective ${solution.objective} ≠ recomputed ${check.objective}` : check.violations.slice(0, 5).join('; ')}). Please report it with the input.`,
    );
  }
  return buildResult({ ...base, status: solution.status, caseWorker, check });
}
