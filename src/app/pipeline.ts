/**
 * The engine's pipeline, shared by every use case: the problem a workflow makes (input → domain),
 * a solve on the calling thread or a portfolio on the pool (solvers, pool), and the independent check
 * and report of its answer (verify → report). Nothing leaves it unchecked.
 */
import { buildTeam, type Team } from '../domain/team.js';
import { placeWaiting } from '../domain/placeWaiting.js';
import { applyWorkflow, type Workflow } from '../domain/workflows.js';
import { InputError } from '../input/errors.js';
import { parseProblem } from '../input/parse.js';
import type { Problem } from '../input/schema.js';
import { defaultThreads, diagnoseInPool, SolveFailure, solveInPool, type PoolRunOptions, type ProgressEvent } from '../pool/pool.js';
import { buildResult, type AllocationResult } from '../report/result.js';
import { IN_THREAD_DIAGNOSIS, solveBounded, type BoundedSolution, type StopReason } from '../solvers/bounded.js';
import { DEFAULT_DIAGNOSE_OPTIONS, diagnose, type DiagnosisResult } from '../solvers/diagnose.js';
import { epochNow } from '../util/clock.js';
import { DEFAULT_SOLVE_OPTIONS, type SolveOptions, type TeamSolution } from '../solvers/team.js';
import { CheckFailure, checkAllocation, sameObjective } from '../verify/check.js';
import { tolerance } from '../util/numbers.js';

/** Options of `allocate`; every field is optional. Solver defaults: DEFAULT_SOLVE_OPTIONS. */
export interface AllocateOptions extends Omit<SolveOptions, 'onImprove'> {
  /** 0: solve on the calling thread. Otherwise the solve runs on the shared worker-thread pool. Default: the pool. */
  readonly threads?: number;
  /**
   * Differently seeded searches run in parallel (seeds seed, seed+1, …); the best verified answer and
   * the best bound are kept. Default: 1 when maxIterations is set (effort-limited runs are then the
   * same whatever the thread count), else min(pool threads, 4) — in `allocate` 1 where the time limit
   * is too short for a second seed to search (under 0.3 s + 10 × the time reading the input took).
   */
  readonly portfolio?: number;
  /** Cancels the solve: the promise rejects with a SolveFailure (code 'SOLVE_ABORTED'). */
  readonly signal?: AbortSignal;
  /** Called when a search finds a better allocation. */
  readonly onProgress?: (event: ProgressEvent) => void;
  /**
   * The continuity workflow (default 'rebalance': the problem as given, every case may move at
   * policy.weights.move each). 'intake': only new referrals (and cases of workers away) are placed;
   * 'handover': the workers in `leaving` leave and only their cases move (plus new referrals).
   */
  readonly mode?: Workflow;
  /** handover: the ids of the workers who leave. */
  readonly leaving?: readonly string[];
}

/** Defaults of the workflow options of `allocate`. */
export const DEFAULT_WORKFLOW_OPTIONS = { mode: 'rebalance', leaving: [] } as const satisfies Pick<AllocateOptions, 'mode' | 'leaving'>;

/** The problem the engine solves for these options (a workflow's pins and leavers applied). */
export function problemFor(problem: unknown, options: Pick<AllocateOptions, 'mode' | 'leaving'> = {}): Problem {
  const mode = options.mode ?? DEFAULT_WORKFLOW_OPTIONS.mode;
  return applyWorkflow(parseProblem(problem), mode, { leaving: options.leaving ?? DEFAULT_WORKFLOW_OPTIONS.leaving });
}

/**
 * The most (case, worker) pairs one solve takes on: every pair is a column of the model on each
 * thread that holds it (measured: 400 × 6,000 = 2.4 M pairs solves in a few hundred MB; 3,000 ×
 * 100,000 = 300 M pairs grew past 6 GB and died). Larger problems are refused with a clear error
 * before anything is built; a service that large is solved team by team (allocateBatch).
 */
export const MAX_PAIRS_PER_SOLVE = 12_000_000;

/** Refuses, with an error that says why and what to do, a problem one solve cannot hold. */
export function assertFitsOneSolve(problem: Problem, what = 'allocate'): void {
  const pairs = problem.workers.length * problem.cases.length;
  if (pairs <= MAX_PAIRS_PER_SOLVE) return;
  const teams = new Set(problem.workers.map((w) => w.team)).size;
  const n = (x: number) => x.toLocaleString('en-GB');
  const advice = teams > 1 ? `its workers are in ${n(teams)} teams: solve it team by team (allocateBatch, \`caseload batch\`)` : 'split it into teams (each worker\'s `team`) and solve it team by team (allocateBatch, `caseload batch`)';
  throw new InputError([{ path: 'cases', message: `too large for one solve (${what}): ${n(problem.workers.length)} workers × ${n(problem.cases.length)} cases = ${n(pairs)} possible allocations, over the ${n(MAX_PAIRS_PER_SOLVE)} one solve holds in memory; ${advice}` }]);
}

export function withMode(result: AllocationResult, options: Pick<AllocateOptions, 'mode' | 'leaving'>): AllocationResult {
  if (options.mode === undefined) return result;
  return { ...result, mode: options.mode, ...(options.mode === 'handover' ? { leaving: [...(options.leaving ?? [])] } : {}) };
}

/** Solves a team on the calling thread (its diagnosis too, within the same limit), then checks and reports. */
export function allocateTeam(team: Team, options: SolveOptions = {}): AllocationResult {
  return resultOf(team, solveBounded(team, options));
}

/** Pool options that tests and the batch pass through (another worker file, a shorter backstop, a due time). */
export type PooledRun = Pick<PoolRunOptions, 'workerFile' | 'backstopSeconds' | 'dueAt' | 'revisedDueAt' | 'dedicated'>;

export function withProgress(options: Omit<AllocateOptions, 'threads' | 'portfolio' | 'signal'>): SolveOptions {
  const { onProgress, mode: _mode, leaving: _leaving, ...rest } = options;
  return onProgress ? { ...rest, onImprove: (objective, bound, seconds) => onProgress({ objective, bound, seconds }) } : rest;
}

/** A pooled solve's answer; queueSeconds: how long it waited for its first thread (queue and thread start), inside `seconds`. */
export type PooledSolution = BoundedSolution & { readonly queueSeconds: number };

/** A portfolio of seeded solves on the pool; the best answer and the best bound win. */
export async function solvePooled(problem: Problem, options: AllocateOptions, run: PooledRun = {}): Promise<PooledSolution> {
  const { threads: _threads, portfolio, signal, onProgress, mode: _mode, leaving: _leaving, ...solveOptions } = options;
  const seed = solveOptions.seed ?? DEFAULT_SOLVE_OPTIONS.seed;
  const effortLimited = Number.isFinite(solveOptions.maxIterations ?? Infinity);
  const size = Math.max(1, Math.floor(portfolio ?? (effortLimited ? 1 : Math.min(defaultThreads(), 4))));
  const started = performance.now();
  let queueSeconds = Infinity;
  const onTaken = (waited: number): void => void (queueSeconds = Math.min(queueSeconds, waited));
  const runs = Array.from({ length: size }, (_, k) =>
    // The diagnosis, if needed, runs as a task of its own afterwards (below), so that one which runs
    // past its limit is stopped without losing the solve's answer.
    solveInPool(problem, { ...solveOptions, seed: seed + k, noDiagnosis: true }, { ...run, onTaken, ...(signal ? { signal } : {}), ...(onProgress ? { onProgress } : {}) }).catch((e: unknown) => {
      // The backstop stopping one runaway search of a portfolio is not an error while another
      // answers; a user's abort is an error.
      if (e instanceof SolveFailure && e.reason === 'aborted' && !signal?.aborted) {
        stopped ??= e;
        return null;
      }
      throw e;
    }),
  );
  let stopped: SolveFailure | undefined;
  const answers = await Promise.all(runs);
  // Every search was stopped by the backstop: that is the answer (an error naming the overrun).
  if (stopped && answers.every((a) => a === null)) throw stopped;
  const seconds = (performance.now() - started) / 1000;
  let best: BoundedSolution | null = null;
  let bound = -Infinity;
  for (const a of answers) {
    if (!a) continue;
    if (a.bound !== null) bound = Math.max(bound, a.bound);
    // Ties go to the lowest seed, so the answer does not depend on which thread finished first.
    if (a.unitWorker && (!best || !best.unitWorker || a.objective < best.objective - 1e-9)) best = a;
    else if (!best) best = a;
  }
  if (!best) throw new Error('internal error: a portfolio with no answer and no failure');
  // Without a due time (a batch's teams, queued on the pool), the limit counts from when the solve's
  // thread took it up: the diagnosis gets what the solve left of it.
  const timeLimit = solveOptions.timeLimit ?? DEFAULT_SOLVE_OPTIONS.timeLimit;
  const { revisedDueAt, ...diagnoseRun } = run;
  const dueAt = (revisedDueAt ? await revisedDueAt : run.dueAt) ?? epochNow() + Math.max(0, timeLimit - best.seconds) * 1000;
  const diagnosis = best.unitWorker ? undefined : await diagnosePooled(problem, dueAt, { ...diagnoseRun, ...(signal ? { signal } : {}) });
  const iterations = answers.reduce((s, a) => s + (a?.iterations ?? 0), 0);
  const finiteBound = Number.isFinite(bound) ? Math.min(bound, best.objective) : best.bound;
  const proven = best.status === 'optimal' || (best.unitWorker !== null && finiteBound !== null && best.objective - finiteBound <= tolerance(best.objective));
  const status = best.status === 'infeasible' ? 'infeasible' : proven ? 'optimal' : best.status;
  const stop: StopReason = status === 'optimal' || status === 'infeasible' ? status : best.stop;
  return {
    ...best,
    status,
    stop,
    ...(diagnosis ? { diagnosis } : {}),
    bound: finiteBound,
    solver: size > 1 ? `${best.solver}×${size}` : best.solver,
    seconds,
    iterations,
    queueSeconds: Number.isFinite(queueSeconds) ? Math.min(queueSeconds, seconds) : 0,
  };
}

/** Extra seconds a diagnosis on the pool may run past its deadline before it is stopped: its exact checks can overrun. */
export const DIAGNOSIS_BACKSTOP = { seconds: 0.1, share: 0.05 } as const;

/**
 * The diagnosis of a problem with no allocation, on the pool, within what is left until dueAt (at
 * most its own deadline). The diagnosis honours its deadline between exact checks; an exact check
 * that runs on (javascript-lp-solver's simplex can cycle inside one node, where its own time limit is
 * never looked at) is stopped with its thread, and the answer says the diagnosis did not finish.
 */
export async function diagnosePooled(problem: Problem, dueAt: number, run: PoolRunOptions = {}): Promise<DiagnosisResult> {
  const deadline = Math.min(DEFAULT_DIAGNOSE_OPTIONS.deadline, Math.max(0, (dueAt - epochNow()) / 1000));
  try {
    return await diagnoseInPool(problem, { deadline }, { backstopSeconds: DIAGNOSIS_BACKSTOP.seconds + DIAGNOSIS_BACKSTOP.share * deadline, ...run });
  } catch (e) {
    if (run.signal?.aborted) throw e;
    const why = e instanceof Error ? e.message : String(e);
    return { verdict: 'unknown', proven: false, groups: [], details: [why], summary: `could not say which hard rules conflict: ${why}` };
  }
}

/** Checks a solution independently and builds the result; a checker failure is a bug, never an answer. */
export function resultOf(team: Team, solution: TeamSolution & { readonly diagnosis?: DiagnosisResult; readonly stop?: StopReason }): AllocationResult {
  const result = reportOf(team, solution);
  return solution.stop ? { ...result, stats: { ...result.stats, stop: solution.stop } } : result;
}

function reportOf(team: Team, solution: TeamSolution & { readonly diagnosis?: DiagnosisResult }): AllocationResult {
  const base = { team, bound: solution.bound, solver: solution.solver, seconds: solution.seconds, iterations: solution.iterations };
  if (!solution.unitWorker) {
    const result = buildResult({ ...base, status: solution.status, caseWorker: null, check: null });
    // No allocation: say which hard rules conflict (a minimal set, proven where it can be). The solve's
    // thread made the diagnosis within the solve's limit; only a bare solution gets one here.
    const d = solution.diagnosis ?? diagnose(team, IN_THREAD_DIAGNOSIS);
    if (d.verdict === 'feasible') return { ...result, diagnosis: { proven: true, summary: `${d.summary}; the search found none in the time given (raise --time-limit)`, conflicts: [], details: [] } };
    // A proven conflict makes the outcome 'infeasible', whatever the search reported.
    const status = d.verdict === 'infeasible' ? 'infeasible' : result.status;
    return { ...result, status, diagnosis: { proven: d.verdict === 'infeasible' && d.proven, summary: d.summary, conflicts: d.groups.map((g) => ({ group: g.id, words: g.words })), details: d.details } };
  }
  const caseWorker = new Int32Array(team.problem.cases.length);
  team.caseUnit.forEach((u, j) => (caseWorker[j] = solution.unitWorker![u]));
  const coWorker = Int32Array.from(team.caseCoWork, (k) => (k < 0 ? -1 : solution.unitWorker![team.units.length + k]));
  const solved = checkAllocation(team.problem, caseWorker, coWorker);
  if (!solved.ok || !sameObjective(solved.objective, solution.objective)) {
    throw new CheckFailure(
      `internal error: the ${solution.solver} solver's allocation failed the independent check ` +
        `(${solved.ok ? `objective ${solution.objective} ≠ recomputed ${solved.objective}` : solved.violations.slice(0, 5).join('; ')}). Please report it with the input.`,
      solved.violations,
    );
  }
  // Whatever still waits and could be placed at a gain is placed (a search stopped early may leave one),
  // so that every reason given for a waiting case is true; the result is checked again.
  const polished = placeWaiting(team.problem, caseWorker, coWorker);
  if (polished.placed === 0) return buildResult({ ...base, status: solution.status, caseWorker, coWorker, check: solved });
  const check = checkAllocation(team.problem, polished.caseWorker, polished.coWorker);
  if (!check.ok || check.objective > solved.objective + tolerance(solved.objective)) {
    throw new CheckFailure(`internal error: placing waiting cases broke the independent check (${check.violations.slice(0, 5).join('; ') || `objective ${solved.objective} → ${check.objective}`}). Please report it with the input.`, check.violations);
  }
  // A gain after a claimed optimum would mean the claim was wrong: never report it as proven.
  const status = solution.status === 'optimal' ? 'feasible' : solution.status;
  const bound = solution.bound !== null && solution.bound <= check.objective + tolerance(check.objective) ? solution.bound : null;
  return buildResult({ ...base, bound, status, caseWorker: polished.caseWorker, coWorker: polished.coWorker, check });
}
