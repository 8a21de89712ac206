/**
 * The library's allocate use case: each call runs the pipeline (pipeline.ts) — input → domain →
 * solvers (on the pool) → verify → report — and nothing else. The CLI is a thin wrapper over these.
 */
import { buildTeam, type Team } from '../domain/team.js';
import { checkOptions } from '../input/options.js';
import { validateProblem, type Validation } from '../input/parse.js';
import { writeLp } from '../model/lp.js';
import { buildProgram } from '../model/program.js';
import type { AllocationResult } from '../report/result.js';
import { loadHighs } from '../solvers/highs.js';
import { DEFAULT_SOLVE_OPTIONS, usesHighs } from '../solvers/team.js';
import { epochNow } from '../util/clock.js';
import { allocateTeam, assertFitsOneSolve, problemFor, solvePooled, resultOf, withMode, withProgress, type AllocateOptions } from './pipeline.js';

export { DEFAULT_WORKFLOW_OPTIONS, type AllocateOptions } from './pipeline.js';

/**
 * Allocates the cases of a problem (an object as in the JSON problem file) to its workers.
 * Throws InputError (with every problem listed) on invalid input. The result has passed the
 * independent checker: hard rules re-verified, objective recomputed.
 */
export async function allocate(problem: unknown, options: AllocateOptions = {}): Promise<AllocationResult> {
  // The time limit covers the whole call: reading the input, building the model (here and on the
  // solve's thread), the solve, the diagnosis, the check and the report.
  const dueAt = epochNow() + (options.timeLimit ?? DEFAULT_SOLVE_OPTIONS.timeLimit) * 1000;
  checkOptions(options);
  options.signal?.throwIfAborted();
  const parsed = problemFor(problem, options);
  assertFitsOneSolve(parsed);
  const team = buildTeam(parsed);
  const reserve = checkReserveMs(team);
  const left = (dueAt - reserve - epochNow()) / 1000;
  const timeLimit = Math.max(0.01, Math.min(options.timeLimit ?? DEFAULT_SOLVE_OPTIONS.timeLimit, left));
  if (options.threads === 0 && !options.signal) {
    // HiGHS's WebAssembly is loaded once per thread, before the first solve that uses it.
    if (usesHighs(team, options)) await loadHighs();
    return withMode(allocateTeam(team, withProgress({ ...options, timeLimit })), options);
  }
  // threads: 0 with a signal: a solve on the calling thread blocks the event loop, so it could never
  // see the abort; it runs on a thread of its own instead (not the shared pool), which the abort stops.
  const solution = await solvePooled(parsed, { ...options, timeLimit }, { dueAt: dueAt - reserve, ...(options.threads === 0 ? { dedicated: true } : {}) });
  return withMode(resultOf(team, solution), options);
}

/**
 * Time kept back from the solve for checking and reporting its answer on this thread: a few ms plus
 * a per-case and per-eligible-pair allowance (measured: 150 × 3,500, 525,000 pairs, checks and
 * reports in 0.10 s on a quiet machine; the allowance is 0.18 s there, so the limit holds on a loaded
 * one; it was 0.04 s).
 */
function checkReserveMs(team: Team): number {
  const pairs = team.units.reduce((s, u) => s + u.eligible.length, 0);
  return 5 + 0.02 * team.problem.cases.length + 0.0002 * pairs;
}

/**
 * `allocate` on the calling thread, synchronously (for worker threads, scripts and tests). HiGHS
 * joins the 'auto' solver only where this thread has loaded it already (`await loadHighs()`).
 */
export function allocateSync(problem: unknown, options: Omit<AllocateOptions, 'threads' | 'portfolio' | 'signal'> = {}): AllocationResult {
  checkOptions(options);
  const parsed = problemFor(problem, options);
  assertFitsOneSolve(parsed, 'allocateSync');
  return withMode(allocateTeam(buildTeam(parsed), withProgress(options)), options);
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

