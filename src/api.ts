/**
 * The library's functions: each runs the stages in order — input → domain → solvers → verify →
 * report — and nothing else. The CLI is a thin wrapper over these.
 */
import { buildTeam, type Team } from './domain/team.js';
import { applyWorkflow, type Workflow } from './domain/workflows.js';
import { parseProblem, validateProblem, type Validation } from './input/parse.js';
import { buildProgram } from './model/program.js';
import { writeLp } from './model/lp.js';
import { buildResult, type AllocationResult } from './report/result.js';
import { diagnose } from './solvers/diagnose.js';
import { solveTeam, type SolveOptions } from './solvers/team.js';
import { checkAllocation, sameObjective } from './verify/check.js';

/** Options of `allocate`; every field is optional (defaults: DEFAULT_SOLVE_OPTIONS, DEFAULT_WORKFLOW_OPTIONS). */
export interface AllocateOptions extends SolveOptions {
  /**
   * The continuity workflow (default 'rebalance': the problem as given, every case may move at
   * policy.weights.move each). 'intake': only new referrals (and cases of workers away) are placed;
   * 'handover': the workers in `leaving` leave and only their cases move (plus new referrals).
   */
  readonly mode?: Workflow;
  /** handover: the ids of the workers who leave. */
  readonly leaving?: readonly string[];
}

export const DEFAULT_WORKFLOW_OPTIONS = { mode: 'rebalance', leaving: [] } as const satisfies Pick<AllocateOptions, 'mode' | 'leaving'>;

/** The problem the engine solves for these options (a workflow's pins and leavers applied). */
export function problemFor(problem: unknown, options: AllocateOptions = {}) {
  const mode = options.mode ?? DEFAULT_WORKFLOW_OPTIONS.mode;
  return applyWorkflow(parseProblem(problem), mode, { leaving: options.leaving ?? DEFAULT_WORKFLOW_OPTIONS.leaving });
}

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
  const result = allocateTeam(buildTeam(problemFor(problem, options)), options);
  return options.mode === undefined ? result : { ...result, mode: options.mode };
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
  if (!solution.unitWorker) {
    const result = buildResult({ ...base, status: solution.status, caseWorker: null, check: null });
    // No allocation: say which hard rules conflict (a minimal set, proven where the model is small).
    const d = diagnose(team);
    if (d.verdict === 'feasible') return { ...result, diagnosis: { proven: true, summary: `${d.summary}; the search found none in the time given (raise --time-limit)`, conflicts: [], details: [] } };
    // A proven conflict makes the outcome 'infeasible', whatever the search reported.
    const status = d.verdict === 'infeasible' ? 'infeasible' : result.status;
    return { ...result, status, diagnosis: { proven: d.verdict === 'infeasible' && d.proven, summary: d.summary, conflicts: d.groups.map((g) => ({ group: g.id, words: g.words })), details: d.details } };
  }
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
