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
  const called = epochNow();
  const limit = options.timeLimit ?? DEFAULT_SOLVE_OPTIONS.timeLimit;
  const dueAt = called + limit * 1000;
  checkOptions(options);
  options.signal?.throwIfAborted();
  const parsed = problemFor(problem, options);
  assertFitsOneSolve(parsed);
  if (options.threads === 0 && !options.signal) {
    const team = buildTeam(parsed);
    const timeLimit = Math.max(0.01, Math.min(limit, (dueAt - checkReserveMs(parsed, epochNow() - called) - epochNow()) / 1000));
    // HiGHS's WebAssembly is loaded once per thread, before the first solve that uses it.
    if (usesHighs(team, options)) await loadHighs();
    return withMode(allocateTeam(team, withProgress({ ...options, timeLimit })), options);
  }
  // The solve is posted before this thread builds its team (for the report), so that the two builds
  // and the thread's start-up overlap; the thread starts its search with the due time settled on here
  // once that is known (it builds its own model first), else with one that keeps back twice the
  // reading's time.
  const provisional = dueAt - checkReserveMs(parsed, 2 * (epochNow() - called));
  const timeLimit = Math.max(0.01, Math.min(limit, (provisional - epochNow()) / 1000));
  let settle!: (dueAt: number) => void;
  const revisedDueAt = new Promise<number>((resolve) => (settle = resolve));
  // threads: 0 with a signal: a solve on the calling thread blocks the event loop, so it could never
  // see the abort; it runs on a thread of its own instead (not the shared pool), which the abort stops.
  const solved = solvePooled(parsed, { ...options, timeLimit, ...singleSeed(options, limit, epochNow() - called) }, { dueAt: provisional, revisedDueAt, ...(options.threads === 0 ? { dedicated: true } : {}) });
  let team: Team;
  try {
    team = buildTeam(parsed);
  } catch (e) {
    settle(provisional);
    solved.catch(() => {});
    throw e;
  }
  settle(dueAt - checkReserveMs(parsed, epochNow() - called));
  const solution = await solved;
  return withMode(resultOf(team, solution), options);
}

/**
 * A time-limited portfolio (no `portfolio` given) of one seed where the limit is too short for a second
 * to search: under 0.3 s + 10 × the reading's time. Each seed's thread starts up (~0.1-0.3 s) and
 * builds its own model (measured ~5 × the reading's time, cold) before its first answer, and on a small
 * machine a second one only slows the first: 150 × 3,500 at 0.5 s (reading 75-100 ms) on 2 cores took
 * 0.67-0.85 s wall with two seeds, 0.52-0.59 s with one, and at 1 s both ended with the construction.
 */
function singleSeed(options: AllocateOptions, limit: number, readMs: number): { portfolio?: number } {
  if (options.portfolio !== undefined || Number.isFinite(options.maxIterations ?? Infinity)) return {};
  return limit < 0.3 + (10 * readMs) / 1000 ? { portfolio: 1 } : {};
}

/**
 * Time kept back from the solve for checking, polishing (placeWaiting) and reporting its answer on
 * this thread: 10 ms plus 0.6 times what reading the input and building the team took here
 * (`preparedMs`). That work is of the same kind and size, on the same thread, under the same load and
 * as cold or warm as the report will be. Measured in fresh processes (bench/timeLimit.ts, 2 cores) the
 * report took 0.14-0.47 times it (example 12 × 190: 39-49 ms → 7-8 ms; 150 × 3,500: 0.27-0.34 s →
 * 0.11-0.13 s; 400 × 6,000: 0.33-0.41 s → 80-91 ms), where the per-case allowance kept before (5 ms +
 * 10 µs a case + 20 µs a worker: 7 ms and 43 ms there) left the limit up to 0.35 s short (with the
 * report's cold costs since cut: placeWaiting's full evaluations, Intl's locale data). Never less than that.
 */
export function checkReserveMs(p: { readonly cases: readonly unknown[]; readonly workers: readonly unknown[] }, preparedMs = 0): number {
  return Math.max(5 + 0.01 * p.cases.length + 0.02 * p.workers.length, 10 + 0.6 * preparedMs);
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

