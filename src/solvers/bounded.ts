/**
 * A team's solve under one time limit that covers everything done for it on this thread: the solve
 * and, when no allocation is found, the infeasibility diagnosis (bounded by what is left of the limit
 * and by its own deadline, never more). The pool's worker threads and the in-thread path both run this,
 * so a diagnosis never runs on the caller's thread when the solve does not.
 *
 * It also says why the run stopped (stats.stop): a proof, the time limit, the effort limit, the target
 * gap, or a limit too short for a first answer ('first-answer': the answer came after the limit).
 */
import type { Team } from '../domain/team.js';
import { DEFAULT_DIAGNOSE_OPTIONS, diagnose, type DiagnoseOptions, type DiagnosisResult } from './diagnose.js';
import { DEFAULT_SOLVE_OPTIONS, solveTeam, type SolveOptions, type TeamSolution } from './team.js';

/** Why a solve stopped: proven optimal, proven infeasible, out of time, out of effort, within the target gap, or its first answer came after the limit. */
export type StopReason = 'optimal' | 'infeasible' | 'time' | 'effort' | 'target-gap' | 'first-answer';

/**
 * The diagnosis options on the calling thread: no exact checks. javascript-lp-solver's simplex can
 * cycle inside one branch-and-bound node, where its time limit is never looked at (measured: one
 * check on an 8 × 29 team ran past 60 s), and nothing can stop it on the thread it runs on. The
 * aggregate proofs and the greedy witness stay (they are bounded); the pool's diagnosis (diagnoseInPool)
 * makes the exact checks, where an overrunning one is stopped with its thread.
 */
export const IN_THREAD_DIAGNOSIS: DiagnoseOptions = { maxPairs: 0 };

export interface BoundedSolveOptions extends SolveOptions {
  /** Options of the diagnosis run when no allocation is found; its deadline is cut to what is left of timeLimit. */
  readonly diagnose?: DiagnoseOptions; // default IN_THREAD_DIAGNOSIS
  /** Skip the diagnosis (the caller does not want it). Default false. */
  readonly noDiagnosis?: boolean;
}

export interface BoundedSolution extends TeamSolution {
  readonly stop: StopReason;
  /** Present when no allocation was found and a diagnosis ran. */
  readonly diagnosis?: DiagnosisResult;
}

export function solveBounded(team: Team, options: BoundedSolveOptions = {}): BoundedSolution {
  const started = performance.now();
  const { diagnose: diagnoseOptions, noDiagnosis = false, ...solveOptions } = options;
  const timeLimit = solveOptions.timeLimit ?? DEFAULT_SOLVE_OPTIONS.timeLimit;
  const solution = solveTeam(team, solveOptions);
  const stop = stopReason(solution, solveOptions);
  if (solution.unitWorker || noDiagnosis) return { ...solution, stop };
  const elapsed = (performance.now() - started) / 1000;
  // What is left of the limit; with nothing left the diagnosis still makes its quick aggregate proofs
  // on the full rules (no exact checks), so the answer says what it can.
  const left = Math.max(0, timeLimit - elapsed);
  const own = diagnoseOptions?.deadline ?? DEFAULT_DIAGNOSE_OPTIONS.deadline;
  const diagnosis = diagnose(team, { ...(diagnoseOptions ?? IN_THREAD_DIAGNOSIS), deadline: Math.min(own, left) });
  return { ...solution, stop, diagnosis, seconds: (performance.now() - started) / 1000 };
}

/** Why a finished solve stopped, from its answer and the limits it ran under. */
export function stopReason(solution: TeamSolution, options: SolveOptions): StopReason {
  if (solution.status === 'optimal') return 'optimal';
  if (solution.status === 'infeasible') return 'infeasible';
  const targetGap = options.targetGap ?? DEFAULT_SOLVE_OPTIONS.targetGap;
  if (targetGap > 0 && solution.unitWorker && solution.bound !== null && solution.objective - solution.bound <= targetGap * Math.max(1, Math.abs(solution.objective))) return 'target-gap';
  const maxIterations = options.maxIterations ?? DEFAULT_SOLVE_OPTIONS.maxIterations;
  const timeLimit = options.timeLimit ?? DEFAULT_SOLVE_OPTIONS.timeLimit;
  // The effort limit bound when the search ended on its own before the clock ran out: the core says
  // so (every run ended on its effort or had nothing left to try); other backends, by the count.
  const onEffort = solution.endedOnEffort ?? solution.iterations >= maxIterations * 0.99;
  if (Number.isFinite(maxIterations) && onEffort && solution.seconds < timeLimit * 0.98) return 'effort';
  // The core's first allocation came after the limit (too short for the team): say so, not 'time'.
  return solution.unitWorker && solution.secondsToFirst !== undefined && solution.secondsToFirst > timeLimit ? 'first-answer' : 'time';
}
