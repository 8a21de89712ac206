/**
 * Batch reallocation of a whole service: each team solved in parallel on the pool (or, with
 * crossTeam, the whole service as one problem so cases may cross team boundaries), one combined report.
 * A team whose solve fails is reported; the others still finish.
 */
import { assertFitsOneSolve, resultOf, solvePooled, type AllocateOptions, type PooledRun } from './pipeline.js';
import { buildTeam } from '../domain/team.js';
import { splitByTeam } from '../domain/teams.js';
import { pinWarnings, type PinWarning } from '../domain/pins.js';
import { checkOptions } from '../input/options.js';
import { parseProblem } from '../input/parse.js';
import type { Problem } from '../input/schema.js';
import { defaultThreads } from '../pool/pool.js';
import { capacityHeadline, combineCapacity } from '../report/capacity.js';
import type { AllocationResult, CapacityReport, WorkerSummary } from '../report/result.js';
import { serviceFigures, type ServiceFigures } from '../report/service.js';
import { loadHighs } from '../solvers/highs.js';
import { solveBounded } from '../solvers/bounded.js';
import { DEFAULT_SOLVE_OPTIONS, usesHighs, type SolveStatus } from '../solvers/team.js';
import { roundTo } from '../util/numbers.js';

/**
 * Options of a batch. `timeLimit` is each team's own solve time (default 3 s, as for allocate); with
 * crossTeam it is the whole service's.
 */
export interface BatchOptions extends Omit<AllocateOptions, 'onProgress' | 'portfolio'> {
  /** Solve the whole service as one problem, so cases may move between teams. Default false. */
  readonly crossTeam?: boolean;
  /** Called as each team finishes (and, with crossTeam, as the search improves). */
  readonly onProgress?: (event: { done: number; total: number; objective: number; bound: number; seconds: number }) => void;
}

export interface TeamOutcome {
  readonly team: string;
  /** The team's verified result, or null when its solve failed. */
  readonly result: AllocationResult | null;
  readonly error: string | null;
}

/**
 * A batch's answer: the same top-level fields as allocate's result (status, objective, bound, gap, the
 * allocation, workers, capacity, stats), over every team that finished, plus each team's own result
 * and the service-wide figures.
 */
export interface BatchResult {
  /** The weakest team status ('failed' when a team's solve failed). */
  readonly status: SolveStatus | 'failed';
  /** Sum over teams (null when a team has none); with crossTeam, the service-wide solve's. */
  readonly objective: number | null;
  readonly bound: number | null;
  /** Relative gap (objective − bound) / max(1, |objective|), or null. */
  readonly gap: number | null;
  readonly crossTeam: boolean;
  readonly teams: readonly TeamOutcome[];
  /** Service-wide figures over every team that finished. */
  readonly service: ServiceFigures;
  readonly assignments: readonly { readonly caseId: string; readonly workerId: string }[];
  readonly unallocated: readonly { readonly caseId: string; readonly reason: string }[];
  /** Every case whose worker changes, across teams too (from the service's current workers). */
  readonly moves: readonly { readonly caseId: string; readonly from: string; readonly to: string | null }[];
  readonly coWorkers?: readonly { readonly caseId: string; readonly workerId: string }[];
  readonly unallocatedCoWorkers?: readonly { readonly caseId: string; readonly reason: string }[];
  readonly workers: readonly WorkerSummary[];
  /** Demand against capacity for the service and per team. */
  readonly capacity: CapacityReport;
  /** Pinned children whose pin overrides a rule, across teams. */
  readonly pinWarnings: readonly PinWarning[];
  readonly stats: { readonly solver: string; readonly seconds: number; readonly iterations: number; readonly verified: boolean; readonly threads: number };
}

/** Defaults of allocateBatch. */
export const BATCH_DEFAULTS = {
  /** With crossTeam: share of the time the teams get apart before the service-wide solve starts from their answers. */
  crossTeamWarmShare: 0.2,
} as const;

const STATUS_ORDER: readonly (SolveStatus | 'failed')[] = ['optimal', 'feasible', 'timedout', 'infeasible', 'failed'];

/** `run`: pool options for tests (another worker file, a shorter backstop); not part of the public surface. */
export async function allocateBatch(problem: unknown, options: BatchOptions = {}, run: PooledRun = {}): Promise<BatchResult> {
  checkOptions(options);
  const service = parseProblem(problem);
  const started = performance.now();
  const threads = options.threads === 0 ? 1 : defaultThreads();
  const { crossTeam = false, onProgress, ...solveOptions } = options;
  const timeLimit = solveOptions.timeLimit ?? DEFAULT_SOLVE_OPTIONS.timeLimit;

  const teams = splitByTeam(service);
  /**
   * Each team on its own, in parallel on the pool; progress as each finishes. Every team gets the same
   * time, `perTeam` seconds of its own solve (queueing for a thread does not count against it), so a
   * large team is never starved by the others: the batch's wall time is about
   * ⌈teams / threads⌉ × perTeam.
   */
  const solveTeams = (perTeam: number, total: number): Promise<TeamOutcome[]> => {
    let done = 0;
    let objective = 0;
    let bound = 0;
    return Promise.all(
      teams.map(async (t): Promise<TeamOutcome> => {
        try {
          // A team's seconds are its own: building its model and solving it, as on a pool thread. Its
          // wait (for a pool thread, or inline for the teams before it) is reported as queueSeconds.
          const own = performance.now();
          assertFitsOneSolve(t.problem, `team ${t.team}`);
          const team = buildTeam(t.problem);
          const teamOptions = { ...solveOptions, timeLimit: perTeam, portfolio: 1 };
          if (options.threads === 0 && usesHighs(team, teamOptions)) await loadHighs();
          const pooled = options.threads === 0 ? null : await solvePooled(t.problem, teamOptions, run);
          const solution = pooled ? { ...pooled, seconds: pooled.seconds - pooled.queueSeconds } : { ...solveBounded(team, teamOptions), seconds: (performance.now() - own) / 1000 };
          const waited = pooled ? pooled.queueSeconds : (own - started) / 1000;
          const solved = resultOf(team, solution);
          const result = { ...solved, stats: { ...solved.stats, queueSeconds: roundTo(waited, 3) } };
          done++;
          objective += result.objective ?? 0;
          bound += result.bound ?? 0;
          onProgress?.({ done, total, objective, bound, seconds: (performance.now() - started) / 1000 });
          return { team: t.team, result, error: null };
        } catch (e) {
          done++;
          return { team: t.team, result: null, error: e instanceof Error ? e.message : String(e) };
        }
      }),
    );
  };

  let outcomes: TeamOutcome[];
  if (crossTeam) assertFitsOneSolve(service, 'a cross-team batch solves the whole service at once');
  if (crossTeam) {
    // The teams solved apart first (a share of the time) start the service-wide search: cases
    // then cross teams only where that improves on them.
    const rounds = Math.ceil(teams.length / Math.max(1, Math.min(threads, teams.length)));
    const apart = teams.length > 1 ? await solveTeams((timeLimit * BATCH_DEFAULTS.crossTeamWarmShare) / rounds, teams.length + 1) : [];
    const initial = {
      assignments: apart.flatMap((o) => o.result?.assignments ?? []),
      coWorkers: apart.flatMap((o) => o.result?.coWorkers ?? []),
    };
    // As for the teams, a tenth of the time is left for building, checking and reporting the answer.
    const remaining = Math.max(0.05, (timeLimit - (performance.now() - started) / 1000) * 0.9);
    const result = resultOf(
      buildTeam(service),
      await solvePooled(service, {
        ...solveOptions,
        timeLimit: remaining,
        portfolio: 1,
        ...(initial.assignments.length > 0 ? { initial } : {}),
        ...(onProgress ? { onProgress: (e) => onProgress({ done: teams.length, total: teams.length + 1, ...e }) } : {}),
      }, run),
    );
    outcomes = splitResultByTeam(service, result);
  } else outcomes = await solveTeams(timeLimit, teams.length);
  return combine(service, outcomes, crossTeam, threads, (performance.now() - started) / 1000);
}

/** A service-wide result seen team by team (for cross-team solves). */
function splitResultByTeam(service: Problem, result: AllocationResult): TeamOutcome[] {
  const teamOf = new Map(service.workers.map((w) => [w.id, w.team]));
  const caseTeam = new Map(service.cases.map((c) => [c.id, c.team ?? (c.currentWorkerId ? teamOf.get(c.currentWorkerId)! : null)]));
  const teams = [...new Set(service.workers.map((w) => w.team))];
  return teams.map((team) => ({
    team,
    error: null,
    result: {
      ...result,
      assignments: result.assignments.filter((a) => teamOf.get(a.workerId) === team),
      unallocated: result.unallocated.filter((u) => (caseTeam.get(u.caseId) ?? teams[0]) === team),
      moves: result.moves.filter((mv) => teamOf.get(mv.to ?? mv.from) === team),
      workers: result.workers.filter((w) => w.team === team),
      capacity: teamCapacity(result.capacity, team),
    },
  }));
}

/** One team's part of a service-wide capacity report. */
function teamCapacity(c: CapacityReport, team: string): CapacityReport {
  const own = c.teams.find((t) => t.team === team) ?? c;
  const { team: _team, ...figures } = own as CapacityReport & { team?: string };
  return { ...figures, headline: capacityHeadline(figures), teams: c.teams.filter((t) => t.team === team) };
}

function combine(service: Problem, outcomes: TeamOutcome[], crossTeam: boolean, threads: number, seconds: number): BatchResult {
  const finished = outcomes.filter((o) => o.result !== null).map((o) => o.result!);
  const assignments = finished.flatMap((r) => r.assignments);
  const unallocated = finished.flatMap((r) => r.unallocated);
  const workers = finished.flatMap((r) => r.workers);
  const allocatedTo = new Map(assignments.map((a) => [a.caseId, a.workerId]));
  const solved = new Set([...assignments.map((a) => a.caseId), ...unallocated.map((u) => u.caseId)]);
  const moves = service.cases
    .filter((c) => c.currentWorkerId !== null && solved.has(c.id) && allocatedTo.get(c.id) !== c.currentWorkerId)
    .map((c) => ({ caseId: c.id, from: c.currentWorkerId!, to: allocatedTo.get(c.id) ?? null }));
  let status: SolveStatus | 'failed' = 'optimal';
  for (const o of outcomes) {
    const s = o.result ? o.result.status : 'failed';
    if (STATUS_ORDER.indexOf(s) > STATUS_ORDER.indexOf(status)) status = s;
  }
  const sum = (pick: (r: AllocationResult) => number | null): number | null => {
    if (crossTeam) return finished.length ? pick(finished[0]) : null;
    let total = 0;
    for (const r of finished) {
      const v = pick(r);
      if (v === null) return null;
      total += v;
    }
    return finished.length ? roundTo(total, 6) : null;
  };
  const objective = sum((r) => r.objective);
  const bound = sum((r) => r.bound);
  const gap = objective !== null && bound !== null ? roundTo(Math.max(0, objective - bound) / Math.max(1, Math.abs(objective)), 6) : null;
  const coWorked = finished.some((r) => r.coWorkers !== undefined);
  const teamFigures = finished.flatMap((r) => r.capacity.teams);
  const capacity = combineCapacity(service.policy, teamFigures);
  const solvers = [...new Set(finished.map((r) => r.stats.solver))];
  return {
    status,
    objective,
    bound,
    gap,
    crossTeam,
    teams: outcomes,
    service: serviceFigures(workers, unallocated.length, moves.length),
    assignments,
    unallocated,
    moves,
    ...(coWorked ? { coWorkers: finished.flatMap((r) => r.coWorkers ?? []), unallocatedCoWorkers: finished.flatMap((r) => r.unallocatedCoWorkers ?? []) } : {}),
    workers,
    capacity: { ...capacity, headline: capacityHeadline(capacity), teams: teamFigures },
    pinWarnings: pinWarnings(service),
    stats: {
      solver: solvers.join('+') || 'none',
      seconds: Math.round(seconds * 1000) / 1000,
      iterations: crossTeam ? (finished[0]?.stats.iterations ?? 0) : finished.reduce((s, r) => s + r.stats.iterations, 0),
      verified: finished.length === outcomes.length && finished.every((r) => r.stats.verified),
      threads,
    },
  };
}
