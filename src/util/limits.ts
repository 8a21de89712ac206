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
 *  - 'exhausted': the searches ended on their own before any limit (nothing left they could try).
 */
export type StopReason = 'optimal' | 'infeasible' | 'target' | 'effort' | 'time' | 'exhausted';

/** The absolute deadline `share` of `seconds` after `from` (performance.now() milliseconds). */
export function deadlineAfter(from: number, seconds: number, share = 1): number {
  return from + seconds * 1000 * share;
}
