/**
 * Continuity workflows as problem transforms: pure functions from a parsed problem to the problem the
 * engine solves. The engine itself is unchanged — a workflow only pins cases and marks workers away.
 *
 *  - intake:    only new referrals (no currentWorkerId) and cases of workers on leave are placed;
 *               every case of an available worker stays where it is (pinned).
 *  - handover:  the named workers leave (or go on long-term leave): they become unavailable, so their
 *               cases move; every case of everyone else stays (pinned). New referrals are placed too.
 *  - rebalance: the problem as it is: every case may move, each move of a case away from an available
 *               current worker costs policy.weights.move, optionally capped by policy.maxMoves.
 *
 * A sibling group that is already split between two available workers cannot stay as it is (siblings
 * share a worker): it is left unpinned and reunited wherever it costs least. A group partly held and
 * partly new goes to its current worker (the new sibling joins the family's worker). A family one of whose
 * children excludes the holder is not pinned either: a pin never overrides a conflict of interest.
 */
import { InputError } from '../input/errors.js';
import type { Problem } from '../input/schema.js';

export type Workflow = 'rebalance' | 'intake' | 'handover';

export interface WorkflowOptions {
  /** handover: ids of the workers who leave. Required (at least one) for handover. */
  readonly leaving?: readonly string[];
}

export function applyWorkflow(problem: Problem, workflow: Workflow, options: WorkflowOptions = {}): Problem {
  switch (workflow) {
    case 'rebalance':
      return problem;
    case 'intake':
      return intakeProblem(problem);
    case 'handover':
      return handoverProblem(problem, options.leaving ?? []);
  }
}

/** Intake: pin every case held by an available worker; only new referrals (and leavers' cases) are placed. */
export function intakeProblem(problem: Problem): Problem {
  return pinHeld(problem);
}

/**
 * Handover: the leaving workers become unavailable (their cases must move, free of the move charge);
 * every case held by anyone else is pinned. Throws an InputError (path `leaving`) on an unknown worker id.
 */
export function handoverProblem(problem: Problem, leaving: readonly string[]): Problem {
  const ids = new Set(problem.workers.map((w) => w.id));
  const unknown = leaving.filter((id) => !ids.has(id));
  if (unknown.length) throw new InputError([{ path: 'leaving', message: `handover: no worker ${unknown.map((id) => JSON.stringify(id)).join(', ')} (known: ${[...ids].slice(0, 5).join(', ')}${ids.size > 5 ? ', …' : ''})` }]);
  if (leaving.length === 0) throw new InputError([{ path: 'leaving', message: 'handover: name the workers who leave, e.g. --leaving w03,w07' }]);
  const gone = new Set(leaving);
  const workers = problem.workers.map((w) => (gone.has(w.id) ? { ...w, available: false } : w));
  // A pin to a worker who leaves cannot hold: those cases are handed over like the rest of theirs.
  const cases = problem.cases.map((c) => (c.pinned && c.currentWorkerId !== null && gone.has(c.currentWorkerId) ? { ...c, pinned: false } : c));
  return pinHeld({ ...problem, workers, cases });
}

/** Pins every case held by an available worker, except sibling groups split between available workers. */
function pinHeld(problem: Problem): Problem {
  const available = new Map(problem.workers.map((w) => [w.id, w.available]));
  const holder = (c: Problem['cases'][number]): string | null => (c.currentWorkerId !== null && available.get(c.currentWorkerId) ? c.currentWorkerId : null);
  // Per family (when siblings are kept together): the available workers holding its cases.
  const holders = new Map<string, Set<string>>();
  // Per family: the workers some sibling excludes — a family cannot be pinned to one of them.
  const excluded = new Map<string, Set<string>>();
  if (problem.policy.keepSiblingsTogether) {
    for (const c of problem.cases) {
      if (c.familyId === null) continue;
      const ex = excluded.get(c.familyId) ?? new Set<string>();
      for (const w of c.excludedWorkerIds) ex.add(w);
      excluded.set(c.familyId, ex);
      const h = holder(c);
      if (h === null) continue;
      const set = holders.get(c.familyId) ?? new Set<string>();
      set.add(h);
      holders.set(c.familyId, set);
    }
  }
  const cases = problem.cases.map((c) => {
    if (c.pinned) return c;
    const h = holder(c);
    if (h === null) return c;
    if (problem.policy.keepSiblingsTogether && c.familyId !== null && (holders.get(c.familyId)!.size > 1 || excluded.get(c.familyId)!.has(h))) return c; // split family, or a sibling excludes the holder
    return { ...c, pinned: true };
  });
  return { ...problem, cases };
}
