/**
 * One team's solve: picks or combines the backends behind one interface.
 *  - core:  the GAP-family engine (Lagrangian bound + local search + branch-and-bound), any size;
 *  - exact: javascript-lp-solver on the integer program, small models only (it cannot hold more);
 *  - highs: HiGHS (WebAssembly MIP solver) on the integer program: its solution and proven dual bound;
 *  - auto (default): the core first; on a small model the exact backend then tries to prove optimality
 *    in the time left, and the better answer wins. Where this thread has HiGHS loaded (loadHighs; the
 *    pool's threads and allocate() load it) and the run is time-limited (no maxIterations), HiGHS
 *    takes the exact backend's place on small models, and joins larger ones from AUTO_HIGHS_MIN_TIME
 *    seconds while the model has at most AUTO_HIGHS_PAIRS_PER_SECOND pairs a second of the limit and
 *    at most AUTO_HIGHS_MAX_PAIRS: it gets the rest of the time, cold (see AUTO_CORE_SHARE for why
 *    not from the core's answer); the lower objective wins and the bound is the higher of the two
 *    proven bounds. Effort-limited runs never use HiGHS, so they remain reproducible.
 * A team-wide move budget is not a per-worker resource, so the core meets it by pricing moves
 * (Lagrangian relaxation of the budget) and searching the price until the budget holds.
 */
import { startingJobs, type StartingAllocation, type Team } from '../domain/team.js';
import { teamToGap, withMovePrice, type TeamGap } from '../model/teamGap.js';
import { buildProgram } from '../model/program.js';
import { EXACT_MAX_PAIRS, solveExact } from './exact.js';
import { loadedHighs, solveHighs, valuesOf } from './highs.js';
import { gapFeasible, gapObjective, type GapResult } from '../gap/instance.js';
import { solveGap } from '../gap/solve.js';
import { tolerance } from '../util/numbers.js';

export type SolverChoice = 'auto' | 'core' | 'exact' | 'highs';
export type SolveStatus = 'optimal' | 'feasible' | 'infeasible' | 'timedout';

export interface SolveOptions {
  /** Wall-clock limit in seconds. Default 3. */
  readonly timeLimit?: number;
  /** Seed for all randomness. Default 1. */
  readonly seed?: number;
  /** Effort limit (core iterations) for reproducible runs; the time limit still applies. Default Infinity. */
  readonly maxIterations?: number;
  /** Which backend. Default 'auto'. */
  readonly solver?: SolverChoice;
  /** Stop when the relative gap to the bound is at most this. Default 0. */
  readonly targetGap?: number;
  /** Called when a better allocation is found. */
  readonly onImprove?: (objective: number, bound: number, seconds: number) => void;
  /** A starting allocation (warm start, e.g. an earlier result); used only where it keeps every hard rule. Default none. */
  readonly initial?: StartingAllocation;
  /** 'auto' with HiGHS on a model above EXACT_MAX_PAIRS: share of the time the core has before HiGHS takes the rest. Default AUTO_CORE_SHARE. */
  readonly coreShare?: number;
}

type Options = Required<Omit<SolveOptions, 'onImprove' | 'initial'>> & Pick<SolveOptions, 'onImprove' | 'initial'>;

/**
 * 'auto' with HiGHS loaded, time-limited runs, models above EXACT_MAX_PAIRS: HiGHS joins from this time
 * limit (seconds), on models of at most AUTO_HIGHS_PAIRS_PER_SECOND × the limit pairs and at most
 * AUTO_HIGHS_MAX_PAIRS, cold, after the core has had AUTO_CORE_SHARE of the time. Why each (figures in
 * bench/RESULTS.md, Part 5 and "HiGHS's gate at 10 s"):
 *  - cold: a start from the core's early answer changed HiGHS's path for the worse on two of three teams;
 *  - from 2 s: below, loading the WebAssembly (~0.6 s a thread) and its overrun cost more than it adds;
 *  - the pairs rate: above it HiGHS's root does not finish in the time and only starves the core;
 *  - the cap: above it HiGHS's root phases outlast its own clock (seconds over, for a worse answer).
 * Small models: half and half.
 */
export const AUTO_HIGHS_MIN_TIME = 2;
export const AUTO_HIGHS_PAIRS_PER_SECOND = 4000;
export const AUTO_HIGHS_MAX_PAIRS = 30000;
export const AUTO_CORE_SHARE = 0.1;

/** The defaults of SolveOptions, in one place. */
export const DEFAULT_SOLVE_OPTIONS: Readonly<Options> = {
  timeLimit: 3,
  seed: 1,
  maxIterations: Infinity,
  solver: 'auto',
  targetGap: 0,
  coreShare: AUTO_CORE_SHARE,
};

export interface TeamSolution {
  readonly status: SolveStatus;
  /** Worker per job — the allocation units, then the co-worker allocations (-1 = unallocated); null when none was found. */
  readonly unitWorker: Int32Array | null;
  /** The objective as the solver sees it (the checker recomputes it independently). */
  readonly objective: number;
  /** Proven lower bound, or null. */
  readonly bound: number | null;
  readonly solver: string;
  readonly seconds: number;
  readonly iterations: number;
  /** Seconds from the solve's call to the core's first allocation, where the core found one (stopReason compares it with the limit). */
  readonly secondsToFirst?: number;
  /** The core's runs all ended on their own (effort, or nothing left to try), none on the clock: stopReason says 'effort'. */
  readonly endedOnEffort?: boolean;
}

/** The team's eligible (job, worker) pairs: the size of its model. */
export function pairsOf(team: Team): number {
  return team.units.reduce((s, u) => s + u.eligible.length, 0) + team.coWork.reduce((s, c) => s + c.eligible.length, 0);
}

/**
 * Would this solve use HiGHS (once loaded)? Callers that can wait ask first and `await loadHighs()`
 * only then, so runs that never use it never pay for loading it (~0.6 s of compiling, once a thread).
 */
export function usesHighs(team: Team, options: SolveOptions = {}): boolean {
  const o: Options = { ...DEFAULT_SOLVE_OPTIONS, ...options };
  if (o.solver === 'highs') return true;
  if (o.solver !== 'auto' || Number.isFinite(o.maxIterations)) return false;
  const pairs = pairsOf(team);
  return pairs <= EXACT_MAX_PAIRS || (o.timeLimit >= AUTO_HIGHS_MIN_TIME && pairs <= Math.min(AUTO_HIGHS_PAIRS_PER_SECOND * o.timeLimit, AUTO_HIGHS_MAX_PAIRS));
}

export function solveTeam(team: Team, options: SolveOptions = {}): TeamSolution {
  const o: Options = { ...DEFAULT_SOLVE_OPTIONS, ...options };
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  const pairs = pairsOf(team);

  if (o.solver === 'exact') return { ...exactSolve(team, o.timeLimit), seconds: elapsed() };
  const initial = o.initial ? startingJobs(team, o.initial) : undefined;
  if (o.solver === 'highs') return { ...highsSolve(team, o.timeLimit - elapsed(), o.seed, initial ?? null), seconds: elapsed() };

  const small = pairs <= EXACT_MAX_PAIRS;
  // HiGHS, where loaded and the team is not too large for the limit (usesHighs), takes the exact backend's place after the core.
  const highs = o.solver === 'auto' && usesHighs(team, o) && loadedHighs() !== null;
  const coreTime = o.solver === 'auto' && small ? o.timeLimit / 2 : highs ? o.timeLimit * o.coreShare : o.timeLimit;
  // The conversion to the core's model is inside the limit (0.1–0.15 s on 150 × 3,500).
  const tg = teamToGap(team);
  const core = coreSolve(tg, team.problem.policy.maxMoves, { ...o, timeLimit: Math.max(0.01, coreTime - elapsed()) }, initial, started);
  if (highs && core.status !== 'optimal' && core.status !== 'infeasible') {
    const h = highsSolve(team, o.timeLimit - elapsed(), o.seed, null);
    const combined = better(core, h);
    if (combined.unitWorker && combined.objective < core.objective) o.onImprove?.(combined.objective, combined.bound ?? -Infinity, elapsed());
    return { ...combined, seconds: elapsed() };
  }
  if (o.solver === 'core' || !small || core.status === 'optimal' || core.status === 'infeasible') {
    return { ...core, seconds: elapsed() };
  }
  const exact = exactSolve(team, Math.max(0.2, o.timeLimit - elapsed()));
  if (exact.status === 'optimal' || exact.status === 'infeasible') {
    // Proven by the exact backend; keep the core's allocation if it is just as good (same objective).
    if (exact.status === 'optimal' && core.unitWorker && core.objective <= exact.objective + 1e-9) {
      return { ...core, status: 'optimal', bound: core.objective, solver: 'core+exact', seconds: elapsed() };
    }
    return { ...exact, solver: 'exact', seconds: elapsed() };
  }
  if (exact.unitWorker && exact.objective < core.objective - 1e-9) return { ...exact, bound: core.bound, seconds: elapsed() };
  return { ...core, seconds: elapsed() };
}

/**
 * The better of two answers on one model: the lower objective (ties keep the first), the higher of
 * the two proven bounds, and 'optimal' where that bound meets the objective.
 */
function better(a: Omit<TeamSolution, 'seconds'>, b: Omit<TeamSolution, 'seconds'>): Omit<TeamSolution, 'seconds'> {
  if (!a.unitWorker && !b.unitWorker && (a.status === 'infeasible' || b.status === 'infeasible')) return a.status === 'infeasible' ? a : b;
  const best = b.unitWorker && (!a.unitWorker || b.objective < a.objective - tolerance(a.objective)) ? b : a;
  const bounds = [a.bound, b.bound].filter((x): x is number => x !== null);
  // A bound never above a feasible objective (a tolerance-level overshoot is rounding).
  const bound = bounds.length ? Math.min(Math.max(...bounds), best.unitWorker ? best.objective : Infinity) : null;
  // Proven where the bound meets the objective, or where one side proved its answer optimal (HiGHS to its
  // own tolerance, ~1e-7 relative) and the best is no worse than that answer.
  const provenBy = (s: Omit<TeamSolution, 'seconds'>): boolean => s.status === 'optimal' && s.unitWorker !== null && best.objective <= s.objective + tolerance(s.objective);
  const proven = provenBy(a) || provenBy(b) || (best.unitWorker !== null && bound !== null && best.objective - bound <= tolerance(best.objective));
  const solver = best === a ? `${a.solver}+${b.solver}` : `${b.solver}+${a.solver}`;
  return { ...best, status: proven ? 'optimal' : best.status, bound, solver, iterations: a.iterations + b.iterations };
}

/** HiGHS on the integer program, started from `start` (worker per job) where given and feasible. */
function highsSolve(team: Team, timeLimit: number, seed: number, start: Int32Array | null): Omit<TeamSolution, 'seconds'> {
  const highs = loadedHighs();
  if (!highs) throw new Error("solver 'highs': HiGHS is not loaded in this thread (await loadHighs() first; allocate() and the worker pool do)");
  const program = buildProgram(team);
  const startValues = start ? valuesOf(program, start) : null;
  const r = solveHighs(highs, program, { timeLimit: Math.max(0.05, timeLimit - HIGHS_TIME_MARGIN), seed, ...(startValues ? { start: startValues } : {}) });
  // An infeasible model's bound is +Infinity; TeamSolution carries finite bounds or null, as the core does.
  const bound = r.bound !== null && Number.isFinite(r.bound) ? r.bound : null;
  if (!r.values) return { status: r.status, unitWorker: null, objective: Infinity, bound, solver: 'highs', iterations: r.nodes };
  const unitWorker = new Int32Array(team.units.length + team.coWork.length).fill(-1);
  for (let q = 0; q < program.pairUnit.length; q++) if (r.values[q] > 0.5) unitWorker[program.pairUnit[q]] = program.pairWorker[q];
  // HiGHS's continuous values carry its feasibility tolerance (~1e-7 a row); the objective is the
  // allocation's own, with each balance term at the least value its rows allow.
  const exact = valuesOf(program, unitWorker);
  let objective = 0;
  if (exact) for (let v = 0; v < program.variables; v++) objective += program.objective[v] * exact[v];
  else objective = r.objective;
  return { status: r.status, unitWorker, objective, bound, solver: 'highs', iterations: r.nodes };
}

/**
 * HiGHS overruns its time limit (model set-up, phases between its clock checks; 0.002–0.05 s measured
 * on overloadedService's teams, bench/RESULTS.md): it gets what is left, less this margin (seconds).
 */
const HIGHS_TIME_MARGIN = 0.05;

function exactSolve(team: Team, timeLimit: number): Omit<TeamSolution, 'seconds'> {
  const program = buildProgram(team);
  const r = solveExact(program, { timeLimit });
  if (!r.values) return { status: r.status, unitWorker: null, objective: Infinity, bound: null, solver: 'exact', iterations: 0 };
  const unitWorker = new Int32Array(team.units.length + team.coWork.length).fill(-1);
  for (let q = 0; q < program.pairUnit.length; q++) if (r.values[q] > 0.5) unitWorker[program.pairUnit[q]] = program.pairWorker[q];
  return { status: r.status, unitWorker, objective: r.objective, bound: r.status === 'optimal' ? r.objective : null, solver: 'exact', iterations: 0 };
}

/** A core run that ended on its own, not on the clock. */
function endedOnEffort(r: GapResult): boolean {
  return r.stats.stop === 'effort' || r.stats.stop === 'exhausted';
}

/** `secondsBefore`: seconds from the solve's call to solveGap's (the first answer's time counts from the former). */
function fromGap(tg: TeamGap, r: GapResult, bound: number, secondsBefore: number): Omit<TeamSolution, 'seconds'> {
  const apart = r.assignment ? keepApart(tg, r.assignment) : null;
  const changed = apart !== r.assignment;
  const unitWorker = apart;
  const objective = unitWorker ? gapObjective(tg.instance, unitWorker) : Infinity;
  const proven = r.optimal && (!changed || objective <= bound + tolerance(objective));
  const status: SolveStatus = r.infeasible ? 'infeasible' : unitWorker === null ? 'timedout' : proven ? 'optimal' : 'feasible';
  const secondsToFirst = unitWorker && Number.isFinite(r.stats.secondsToFirst) ? secondsBefore + r.stats.secondsToFirst : undefined;
  return { status, unitWorker, objective, bound: Number.isFinite(bound) ? bound : null, solver: 'core', iterations: r.stats.iterations, endedOnEffort: endedOnEffort(r), ...(secondsToFirst !== undefined ? { secondsToFirst } : {}) };
}

/**
 * "A co-worker is not the lead" is the one rule the core does not hold (its bound, a relaxation,
 * stays valid). Where a solution breaks it, move the co-worker — or else the lead — to the best
 * feasible other place, or leave the co-worker unallocated where allowed. Returns the same array when
 * nothing needed changing, a repaired copy, or null when no repair exists.
 */
export function keepApart(tg: TeamGap, assignment: Int32Array): Int32Array | null {
  const inst = tg.instance;
  const { agents: m, jobs: n } = inst;
  let out = assignment;
  for (let c = 0; c < n; c++) {
    const lead = tg.partner[c];
    if (lead < 0 || out[c] < 0 || out[c] !== out[lead]) continue;
    if (out === assignment) out = Int32Array.from(assignment);
    const best = { job: -1, to: -1 };
    let bestObjective = Infinity;
    const tryPlace = (job: number, to: number): void => {
      const from = out[job];
      out[job] = to;
      if ((to < 0 || to !== out[job === c ? lead : c]) && gapFeasible(inst, out)) {
        const objective = gapObjective(inst, out);
        if (objective < bestObjective) {
          bestObjective = objective;
          best.job = job;
          best.to = to;
        }
      }
      out[job] = from;
    };
    for (let i = 0; i < m; i++) {
      if (Number.isFinite(inst.cost[i * n + c])) tryPlace(c, i);
      if (Number.isFinite(inst.cost[i * n + lead]) && !(inst.fixedAgent && inst.fixedAgent[lead] >= 0)) tryPlace(lead, i);
    }
    tryPlace(c, -1);
    if (best.job < 0) return null;
    out[best.job] = best.to;
  }
  return out;
}

function chargedMoves(tg: TeamGap, assignment: Int32Array): number {
  const n = tg.instance.jobs;
  let moves = 0;
  for (let j = 0; j < n; j++) moves += assignment[j] < 0 ? tg.unassignedMoves[j] : tg.pairMoves[assignment[j] * n + j];
  return moves;
}

/** A move budget's price runs: at most this many core runs, each with this share of the effort (and, without an effort limit, of the time). */
export const MOVE_PRICE_RUNS = 6;

/** The core, with a move budget met by searching the price of a move. `since`: performance.now() of the solve's call. */
function coreSolve(tg: TeamGap, maxMoves: number | null, o: Options, initial: Int32Array | undefined, since: number): Omit<TeamSolution, 'seconds'> {
  const base = tg.instance;
  const gapOptions = { timeLimit: o.timeLimit, seed: o.seed, maxIterations: o.maxIterations, targetGap: o.targetGap, onImprove: o.onImprove, initial };
  if (maxMoves === null) {
    const secondsBefore = (performance.now() - since) / 1000;
    const r = solveGap(base, gapOptions);
    return fromGap(tg, r, r.lowerBound, secondsBefore);
  }
  // Budgeted: each price run gets a slice of the effort, and of the time where no effort limit is set.
  // Under an effort limit each run may use all the time left, so that, as without a budget, the effort
  // decides where every run stops and the answer is the same whatever the machine (a sixth of the
  // time boxed each run's phases and made effort-limited answers differ from run to run).
  const slices = MOVE_PRICE_RUNS;
  const effortLimited = Number.isFinite(o.maxIterations);
  const begun = performance.now();
  const secondsLeft = (): number => o.timeLimit - (performance.now() - begun) / 1000;
  const sliceOptions = (): typeof gapOptions => ({
    ...gapOptions,
    timeLimit: effortLimited ? Math.max(0.01, secondsLeft()) : o.timeLimit / slices,
    maxIterations: o.maxIterations / slices,
    onImprove: undefined,
  });
  let best: Int32Array | null = null;
  let bestObjective = Infinity;
  let bound = -Infinity;
  let iterations = 0;
  let optimal = false;
  let secondsToFirst: number | undefined;
  let onEffort = true;
  // Under an effort limit the runs share the time left: none starts once it is spent (each would
  // still build its constructions, past the limit).
  const timeLeft = (): boolean => !effortLimited || secondsLeft() > 0;
  const tryPrice = (price: number, initial?: Int32Array): { assignment: Int32Array | null; fits: boolean } => {
    const slice = sliceOptions();
    const r = solveGap(withMovePrice(tg, price), initial ? { ...slice, initial } : slice);
    iterations += r.stats.iterations;
    onEffort &&= endedOnEffort(r) || r.stats.stop === 'optimal';
    // Lagrangian bound of the budget: f(x) >= f_price(x) - price * maxMoves for any x within budget.
    if (Number.isFinite(r.lowerBound)) bound = Math.max(bound, r.lowerBound - price * maxMoves);
    const assignment = r.assignment ? keepApart(tg, r.assignment) : null;
    if (!assignment) return { assignment: null, fits: false };
    const fits = chargedMoves(tg, assignment) <= maxMoves && gapFeasible(base, assignment);
    if (fits) {
      const objective = gapObjective(base, assignment);
      if (objective < bestObjective) {
        secondsToFirst ??= (performance.now() - since) / 1000;
        bestObjective = objective;
        best = assignment;
        if (price === 0 && r.optimal && assignment === r.assignment) optimal = true;
      }
    }
    return { assignment, fits };
  };
  const first = tryPrice(0);
  if (!first.fits) {
    let low = 0;
    let high = Infinity;
    let runs = 1;
    let start = first.assignment ?? undefined;
    // Raise the price until the budget holds, then bisect towards the cheapest price that holds.
    for (let price = 1; runs < slices && best === null && timeLeft(); price *= 8, runs++) {
      const r = tryPrice(price, start);
      start = r.assignment ?? start;
      if (r.fits) high = price;
      else low = price;
    }
    while (runs < slices && best !== null && timeLeft()) {
      const price = (low + high) / 2;
      const r = tryPrice(price, best);
      runs++;
      if (r.fits) high = price;
      else low = price;
    }
  }
  if (best === null) return { status: 'timedout', unitWorker: null, objective: Infinity, bound: Number.isFinite(bound) ? bound : null, solver: 'core', iterations };
  if (bestObjective - bound < tolerance(bestObjective)) optimal = true;
  return { status: optimal ? 'optimal' : 'feasible', unitWorker: best, objective: bestObjective, bound: Number.isFinite(bound) ? bound : null, solver: 'core', iterations, endedOnEffort: onEffort && timeLeft(), ...(secondsToFirst !== undefined ? { secondsToFirst } : {}) };
}
