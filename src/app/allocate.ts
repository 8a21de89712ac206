/**
 * The library's allocate use case: each call runs the pipeline (pipeline.ts) — input → domain →
 * solvers (on the pool) → verify → report — and nothing else. The CLI is a thin wrapper over these.
 */
import { buildTeam } from '../domain/team.js';
import { checkOptions } from '../input/options.js';
import { validateProblem, type Validation } from '../input/parse.js';
import { writeLp } from '../model/lp.js';
import { buildProgram } from '../model/program.js';
import type { AllocationResult } from '../report/result.js';
import { loadHighs } from '../solvers/highs.js';
import { usesHighs } from '../solvers/team.js';
import { allocateTeam, problemFor, solvePooled, resultOf, withMode, withProgress, type AllocateOptions } from './pipeline.js';

export { DEFAULT_WORKFLOW_OPTIONS, type AllocateOptions } from './pipeline.js';

/**
 * Allocates the cases of a problem (an object as in the JSON problem file) to its workers.
 * Throws InputError (with every problem listed) on invalid input. The result has passed the
 * independent checker: hard rules re-verified, objective recomputed.
 */
export async function allocate(problem: unknown, options: AllocateOptions = {}): Promise<AllocationResult> {
  checkOptions(options);
  const parsed = problemFor(problem, options);
  const team = buildTeam(parsed);
  if (options.threads === 0) {
    if (usesHighs(team, options)) await loadHighs();
    return withMode(allocateTeam(team, withProgress(options)), options);
  }
  const solution = await solvePooled(parsed, options);
  return withMode(resultOf(team, solution), options);
}

/**
 * `allocate` on the calling thread, synchronously (for worker threads, scripts and tests). HiGHS
 * joins the 'auto' solver only where this thread has loaded it already (`await loadHighs()`).
 */
export function allocateSync(problem: unknown, options: Omit<AllocateOptions, 'threads' | 'portfolio' | 'signal'> = {}): AllocationResult {
  checkOptions(options);
  return withMode(allocateTeam(buildTeam(problemFor(problem, options)), withProgress(options)), options);
}

/** Checks a problem without solving it. Never throws. */
export function validate(problem: unknown): Validation {
  return validateProblem(problem);
}

/** The integer program of a problem (after the workflow's pins and leavers) in CPLEX LP format. */
export function modelAsLp(problem: unknown, options: Pick<AllocateOptions, 'mode' | 'leaving'> = {}): string {
  checkOptions(options);
  const team = buildTeam(problemFor(problem, options));
  const p = buildProgram(team);
  return writeLp(p, [
    'Caseload allocation model (CPLEX LP format). Minimise.',
    'x_u<U>_w<W> = 1: allocation unit U (a case or sibling group) goes to worker W; y_u<U> = 1: unit U unallocated.',
    ...team.units.map((u, k) => `u${k}: ${u.cases.map((j) => team.problem.cases[j].id).join(' ')}`),
    ...team.problem.workers.map((w, i) => `w${i}: ${w.id}`),
  ]);
}

