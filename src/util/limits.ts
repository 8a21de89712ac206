/**
 * How long and how hard a search may run, in one shape for every search of the engine, and why a
 * solve stopped.
 *
 * Deadlines are absolute `performance.now()` milliseconds everywhere inside the engine: a duration
 * (the user's time limit, in seconds) is turned into one deadline once, at the entry point, with
 * deadlineAfter, and every phase compares against that. Effort limits count deterministic units
 * (local-search descents, branch-and-bound nodes, sub-problems: each search says which), so a run
 * limited by effort gives the same answer on any machine, at any load.
 */
export interface SearchLimits {
  /** Absolute deadline, performance.now() milliseconds (not seconds, not a duration). Default none. */
  readonly deadline?: number;
  /** Effort limit in the search's own deterministic unit (see the search's options). Default Infinity. */
  readonly maxIterations?: number;
}

/**
 * Why a solve returned:
 *  - 'optimal': optimality proven (objective equals the lower bound, or the search was complete);
 *  - 'infeasible': proven that no assignment satisfies the hard constraints;
 *  - 'target': the requested gap (targetGap) between objective and bound was reached;
 *  - 'effort': the effort limit (maxIterations) was used up;
 *  - 'time': the deadline passed;
 *  - 'first-answer': the deadline passed before any feasible answer was found, and the solve ran on to
 *    its first one (the limit was too short for the instance: the answer came late, and is unimproved);
 *  - 'exhausted': the searches ended on their own before any limit (nothing left they could try).
 */
export type StopReason = 'optimal' | 'infeasible' | 'target' | 'effort' | 'time' | 'first-answer' | 'exhausted';

/** The absolute deadline `share` of `seconds` after `from` (performance.now() milliseconds). */
export function deadlineAfter(from: number, seconds: number, share = 1): number {
  return from + seconds * 1000 * share;
}

/**
 * The deadline of a search phase given `share` of `seconds` from `from`, never past the search's
 * `deadline`. Under an effort limit a phase is not cut by a share of the time (only by its own caps and
 * the deadline), so the effort decides where each phase stops and the answer is the same on any
 * machine until the deadline itself binds.
 */
export function phaseDeadline(deadline: number, from: number, seconds: number, share: number, effortLimited: boolean): number {
  return effortLimited ? deadline : Math.min(deadline, deadlineAfter(from, seconds, share));
}

/** Shares of a caller's time limit that are policy rather than a solver's tuning, each with its reason. */
export const TIME_SHARES = {
  /**
   * Where a limit counts from process start (the CLI), the solve still gets at least this share of
   * it however long start-up took: on a loaded machine start-up alone can pass the whole limit
   * (about 8 s for a 1 s limit, measured at load average 20 on 2 cores), and a solve left no time
   * returns its bare construction (about 50 % above best known on OR-Library gapd).
   */
  minimumSolve: 0.5,
  /*
   * The shares below are the bare literals of the stages above the core, named here so they live in
   * one place; their files (app/batch.ts, solvers/team.ts) belong to other work in progress and still
   * write the literal: switching each is a one-line change.
   */
  /** app/batch.ts: the searches take this share of the batch's remaining time; the rest is for building, checking and reporting the answer. */
  searchOfBatch: 0.9,
  /** solvers/team.ts, solver 'auto' on small teams: the core's share; the exact backend gets the rest if the core proves nothing. */
  coreOfAuto: 0.5,
} as const;

/** solvers/team.ts: solves of a move-budgeted (maxMoves) team, each priced differently, each one slice of the time and effort. */
export const BUDGETED_PRICE_RUNS = 6;
