/**
 * The library's answers a manager can check: why a case is with its worker, who should take a new
 * referral (without re-solving the team), what each cap on moves buys, and why no allocation exists.
 * Each runs the stages in order (input → domain → solvers → verify → report), like allocate.ts.
 */
import { allocate, allocateSync } from './allocate.js';
import { DIAGNOSIS_BACKSTOP, problemFor, type AllocateOptions } from './pipeline.js';
import { defaultThreads, diagnoseInPool } from '../pool/pool.js';
import { IN_THREAD_DIAGNOSIS } from '../solvers/bounded.js';
import { describeTerms, evaluateCoWorkerMove, evaluateMove, loadState, unitMembers, type ObjectiveTerms } from '../domain/moveCost.js';
import { waitingCost } from '../domain/holding.js';
import { buildTeam } from '../domain/team.js';
import { utilisationBand, workerCapacityPoints, type Band } from '../domain/weights.js';
import { InputError } from '../input/errors.js';
import { checkOptions } from '../input/options.js';
import { parseProblem } from '../input/parse.js';
import type { Problem } from '../input/schema.js';
import { explainCaseIn, type CaseExplanation } from '../report/explain.js';
import type { AllocationResult } from '../report/result.js';
import { DEFAULT_DIAGNOSE_OPTIONS, diagnose as diagnoseTeam, type DiagnoseOptions, type DiagnosisResult } from '../solvers/diagnose.js';
import { roundTo } from '../util/numbers.js';

/**
 * Why is this case with its worker? Every worker ranked by the objective change of moving the case's
 * allocation unit there from the allocation in `result` (pass the same options as to `allocate`, so
 * the workflow's pins apply). Co-workers in `result.coWorkers` count in the loads; a co-worked case also
 * gets its co-worker ranked against every other worker.
 */
export function explainCase(problem: unknown, result: AllocationResult, caseId: string, options: AllocateOptions = {}): CaseExplanation {
  checkOptions(options);
  const p = problemFor(problem, { mode: options.mode ?? result.mode, leaving: options.leaving ?? result.leaving });
  const j = p.cases.findIndex((c) => c.id === caseId);
  if (j < 0) throw new InputError([{ path: 'caseId', message: `no case ${JSON.stringify(caseId)} in the problem` }]);
  return explainCaseIn(p, caseWorkerOf(p, result), j, coWorkerOf(p, result));
}

/** Worker index per case from a result's assignments (-1 = unallocated). */
export function caseWorkerOf(problem: Problem, result: AllocationResult): Int32Array {
  const at = new Map(problem.workers.map((w, i) => [w.id, i]));
  const byCase = new Map(result.assignments.map((a) => [a.caseId, at.get(a.workerId)!]));
  return Int32Array.from(problem.cases, (c) => byCase.get(c.id) ?? -1);
}

/** Co-worker index per case from a result's coWorkers (-1 = none). */
export function coWorkerOf(problem: Problem, result: AllocationResult): Int32Array {
  const at = new Map(problem.workers.map((w, i) => [w.id, i]));
  const byCase = new Map((result.coWorkers ?? []).map((a) => [a.caseId, at.get(a.workerId)!]));
  return Int32Array.from(problem.cases, (c) => byCase.get(c.id) ?? -1);
}

export interface RecommendOptions {
  /** How many workers to return. Default 5. */
  readonly k?: number;
}

export const DEFAULT_RECOMMEND_OPTIONS: Required<RecommendOptions> = { k: 5 };

export interface RecommendedWorker {
  readonly rank: number;
  readonly workerId: string;
  /** Objective change against the team as it stands without the referral (lower is better). */
  readonly scoreChange: number;
  readonly terms: ObjectiveTerms;
  readonly pointsAfter: number;
  readonly capacityPoints: number;
  readonly utilisationAfter: number;
  readonly bandAfter: Band;
  /** The deciding terms and facts, in words. */
  readonly reasons: readonly string[];
  /**
   * A co-worked referral only: the best co-worker beside this worker (null = none can, and the policy
   * lets it go without; the score then carries the missing co-worker's unallocated charge).
   */
  readonly coWorker?: { readonly workerId: string; readonly pointsAfter: number; readonly utilisationAfter: number } | null;
}

export interface Recommendation {
  readonly caseId: string;
  /** The case and any siblings already in the team (they go together). */
  readonly unit: readonly string[];
  readonly points: number;
  /** The best k feasible workers, best first. */
  readonly workers: readonly RecommendedWorker[];
  /** Workers who cannot take it, and why. */
  readonly cannot: readonly { readonly workerId: string; readonly reasons: readonly string[] }[];
  /** The referral is co-worked: each recommended worker is its lead and comes with the best co-worker beside them. */
  readonly coWorked?: boolean;
}

/**
 * The top-k workers for one new referral, given the current allocation (each case with its
 * currentWorkerId), WITHOUT re-solving the team: one incremental evaluation per worker on precomputed
 * loads. A new sibling of a family already held goes with the family (moving the family is scored).
 *
 * A co-worked referral needs two workers: each worker is scored as its lead together with the best
 * co-worker beside them (the pair's score change, against the team without the referral); a lead with
 * no possible co-worker is scored with the missing co-worker's unallocated charge, or listed under
 * `cannot` where the policy does not allow it to go without. Existing co-worked cases carry no
 * co-worker in the loads: the input records only each case's current (lead) worker.
 */
export function recommend(problem: unknown, newCase: unknown, options: RecommendOptions = {}): Recommendation {
  checkOptions(options);
  const k = options.k ?? DEFAULT_RECOMMEND_OPTIONS.k;
  const base = problem as { workers?: unknown; cases?: unknown; policy?: unknown };
  if (base === null || typeof base !== 'object' || !Array.isArray(base.cases)) {
    parseProblem(problem); // throws InputError naming what is wrong
    throw new InputError([{ path: 'cases', message: 'expected a list of cases' }]);
  }
  const n = base.cases.length;
  let p: Problem;
  try {
    p = parseProblem({ ...base, cases: [...base.cases, newCase] });
  } catch (e) {
    if (e instanceof InputError) throw new InputError(e.issues.map((i) => ({ ...i, path: i.path.replace(`cases[${n}]`, 'case') })));
    throw e;
  }
  const caseWorker = new Int32Array(n + 1).fill(-1);
  const at = new Map(p.workers.map((w, i) => [w.id, i]));
  for (let j = 0; j < n; j++) {
    const cur = p.cases[j].currentWorkerId;
    if (cur !== null) caseWorker[j] = at.get(cur)!;
  }
  const state = loadState(p, caseWorker);
  const members = unitMembers(p, n);
  const unitPoints = members.reduce((s, j) => s + state.casePoints[j], 0);
  const w8 = p.policy.weights;
  const feasible: RecommendedWorker[] = [];
  const cannot: { workerId: string; reasons: readonly string[] }[] = [];
  const coWorked = p.cases[n].coWorked;
  // A referral for a team goes to a worker of that team (a family's siblings may fix another worker,
  // who is then scored and must be in the team too).
  const team = p.cases[n].team;
  if (team !== null && !p.workers.some((w) => w.team === team)) {
    throw new InputError([{ path: 'case.team', message: `no team ${JSON.stringify(team)} (teams: ${[...new Set(p.workers.map((w) => w.team))].slice(0, 8).map((t) => JSON.stringify(t)).join(', ')})` }]);
  }
  p.workers.forEach((w, i) => {
    if (team !== null && w.team !== team) return;
    const ev = evaluateMove(state, members, i);
    if (!ev.feasible) return void cannot.push({ workerId: w.id, reasons: ev.reasons });
    // Against the team without the referral: the referral's own "unallocated" charge is not a gain,
    // nor (co-worked) its missing co-worker's.
    const ownCharge = waitingCost(p.policy, p.cases[n].type) + (coWorked ? w8.unallocated : 0);
    let terms: ObjectiveTerms = { ...ev.terms, unallocated: ev.terms.unallocated + ownCharge };
    let delta = ev.delta + ownCharge;
    let coWorker: RecommendedWorker['coWorker'];
    const coReasons: string[] = [];
    if (coWorked) {
      const placed = Int32Array.from(caseWorker);
      for (const j of members) placed[j] = i;
      const after = loadState(p, placed);
      let best: ReturnType<typeof evaluateCoWorkerMove> | null = null;
      const why: string[] = [];
      for (let k = -1; k < p.workers.length; k++) {
        const co = evaluateCoWorkerMove(after, n, k);
        if (!co.feasible) {
          if (k >= 0 && k !== i) why.push(`${p.workers[k].id}: ${co.reasons.join(', ')}`);
          continue;
        }
        if (best === null || co.delta < best.delta - 1e-9) best = co;
      }
      if (best === null) return void cannot.push({ workerId: w.id, reasons: [`no worker can co-work it beside ${w.id} (${why.slice(0, 3).join('; ')})`] });
      terms = sumTerms(terms, best.terms);
      delta += best.delta;
      if (best.worker < 0) {
        coWorker = null;
        coReasons.push(`needs a co-worker, but none can co-work it beside ${w.id}${why.length ? ` (${why.slice(0, 3).join('; ')})` : ''}`);
      } else {
        const k = best.worker;
        const coPoints = after.points[k] + after.casePoints[n] * p.policy.coWorkerShare;
        const coCapacity = workerCapacityPoints(p.workers[k], p.policy);
        coWorker = { workerId: p.workers[k].id, pointsAfter: roundTo(coPoints), utilisationAfter: roundTo(coCapacity > 0 ? coPoints / coCapacity : 0, 4) };
        coReasons.push(`co-worker: ${p.workers[k].id} (${roundTo(coPoints)} of ${roundTo(coCapacity)} points after)`);
      }
    }
    const moved = members.filter((j) => caseWorker[j] !== i).reduce((s, j) => s + state.casePoints[j], 0);
    const pointsAfter = state.points[i] + moved;
    const capacityPoints = workerCapacityPoints(w, p.policy);
    const utilisationAfter = capacityPoints > 0 ? pointsAfter / capacityPoints : 0;
    const reasons = [...describeTerms(terms)];
    const family = members.filter((j) => j !== n && caseWorker[j] === i).length;
    if (family) reasons.unshift(`keeps the family together (${family} sibling${family === 1 ? '' : 's'} already with ${w.id})`);
    const moving = members.filter((j) => j !== n && caseWorker[j] >= 0 && caseWorker[j] !== i);
    if (moving.length) reasons.unshift(`siblings go together: moves ${moving.map((j) => p.cases[j].id).join(', ')} from ${[...new Set(moving.map((j) => p.workers[caseWorker[j]].id))].join(', ')}`);
    const preferred = p.cases[n].preferredSkills.filter((s) => w.skills.includes(s));
    if (preferred.length) reasons.push(`holds preferred skill${preferred.length === 1 ? '' : 's'} ${preferred.join(', ')}`);
    reasons.push(`${roundTo(pointsAfter)} of ${roundTo(capacityPoints)} points after (${Math.round(utilisationAfter * 100)}%)`);
    reasons.push(...coReasons);
    feasible.push({ rank: 0, workerId: w.id, scoreChange: roundTo(delta, 4), terms, pointsAfter: roundTo(pointsAfter), capacityPoints: roundTo(capacityPoints), utilisationAfter: roundTo(utilisationAfter, 4), bandAfter: utilisationBand(utilisationAfter), reasons, ...(coWorked ? { coWorker } : {}) });
  });
  feasible.sort((a, b) => a.scoreChange - b.scoreChange || a.utilisationAfter - b.utilisationAfter || a.workerId.localeCompare(b.workerId));
  return {
    caseId: p.cases[n].id,
    unit: members.map((j) => p.cases[j].id),
    points: roundTo(unitPoints),
    workers: feasible.slice(0, k).map((r, q) => ({ ...r, rank: q + 1 })),
    cannot,
    ...(coWorked ? { coWorked: true } : {}),
  };
}

function sumTerms(a: ObjectiveTerms, b: ObjectiveTerms): ObjectiveTerms {
  return { unallocated: a.unallocated + b.unallocated, moves: a.moves + b.moves, preferences: a.preferences + b.preferences, overTarget: a.overTarget + b.overTarget, spread: a.spread + b.spread, maxUtilisation: a.maxUtilisation + b.maxUtilisation };
}

export interface TradeoffRow {
  /** The cap on moves (null = no cap). */
  readonly maxMoves: number | null;
  readonly status: AllocationResult['status'];
  /** Moves away from available current workers (what the cap counts); null when no allocation. */
  readonly moves: number | null;
  readonly highestUtilisation: number | null;
  readonly objective: number | null;
  readonly unallocated: number | null;
  /** Workers (available ones) per band; null when no allocation. */
  readonly bands: Readonly<Record<Band, number>> | null;
  /** Why there is no allocation under this cap (the diagnosis), when there is none. */
  readonly note?: string;
}

/**
 * What each cap on moves buys: one allocation per cap (rebalance), side by side. The caps are solved
 * off the calling thread, in parallel on the pool, so the event loop stays free; `signal` cancels them
 * all. threads: 0 solves them on the calling thread, as allocate does.
 */
export async function tradeoff(problem: unknown, caps: readonly (number | null)[], options: AllocateOptions = {}): Promise<TradeoffRow[]> {
  checkOptions(options);
  const parsed = problemFor(problem, options);
  const { mode: _mode, leaving: _leaving, ...rest } = options;
  // As many caps at a time as the pool has threads, one search each: each cap's time limit then counts
  // from when its solve can start (allocate's limit covers its whole call, queueing included).
  const rows: TradeoffRow[] = new Array(caps.length);
  const width = options.threads === 0 ? 1 : Math.max(1, defaultThreads());
  for (let k = 0; k < caps.length; k += width) {
    const chunk = caps.slice(k, k + width);
    const done = await Promise.all(chunk.map((cap) => allocate(withCap(parsed, cap), { portfolio: 1, ...rest })));
    done.forEach((r, q) => (rows[k + q] = tradeoffRow(withCap(parsed, chunk[q]), chunk[q], r)));
  }
  if (!rows.some(tooTight)) return rows;
  return withFewestMoves(rows, fewestOf(await allocate(fewestMovesProblem(parsed), { portfolio: 1, ...rest })));
}

/** `tradeoff` on the calling thread, synchronously (blocks the event loop for every cap's solve). */
export function tradeoffSync(problem: unknown, caps: readonly (number | null)[], options: Omit<AllocateOptions, 'threads' | 'portfolio' | 'signal'> = {}): TradeoffRow[] {
  checkOptions(options);
  const parsed = problemFor(problem, options);
  const rows = caps.map((cap) => tradeoffRow(withCap(parsed, cap), cap, allocateSync(withCap(parsed, cap), { ...options, mode: 'rebalance' })));
  if (!rows.some(tooTight)) return rows;
  return withFewestMoves(rows, fewestOf(allocateSync(fewestMovesProblem(parsed), { ...options, mode: 'rebalance' })));
}

/** The fewest moves that keep every hard rule: found, and proven at least (equal when proven). */
export interface FewestMoves {
  readonly found: number | null;
  readonly atLeast: number;
  readonly proven: boolean;
}

const tooTight = (r: TradeoffRow): boolean => r.maxMoves !== null && r.status !== 'optimal' && r.status !== 'feasible';

/** The problem of minimising moves alone: no cap, every other weight 0 (the hard rules unchanged). */
export function fewestMovesProblem(parsed: Problem): Problem {
  const zero = Object.fromEntries(Object.keys(parsed.policy.weights).map((k) => [k, 0])) as Problem['policy']['weights'];
  return { ...parsed, policy: { ...parsed.policy, maxMoves: null, weights: { ...zero, move: 1 } } };
}

function fewestOf(r: AllocationResult): FewestMoves {
  const atLeast = Math.max(0, Math.ceil((r.bound ?? 0) - 1e-6));
  if (r.objective === null) return { found: null, atLeast, proven: false };
  const found = Math.round(r.objective);
  return { found, atLeast: Math.min(found, atLeast), proven: r.status === 'optimal' || atLeast >= found };
}

/**
 * Where a cap cannot hold, its note gives the fewest moves that keep every hard rule, from a solve of
 * the moves alone: the moves it found and the proven lower bound, so "needs at least N" is never a
 * weak aggregate count.
 */
function withFewestMoves(rows: TradeoffRow[], fewest: FewestMoves): TradeoffRow[] {
  return rows.map((r) => {
    if (!tooTight(r)) return r;
    const cap = r.maxMoves!;
    let note = r.note;
    if (fewest.found !== null) {
      note = fewest.proven
        ? `the fewest moves that keep every hard rule is ${fewest.found} (proven); the cap is ${cap}`
        : `the fewest moves that keep every hard rule is at least ${fewest.atLeast} (proven) and at most ${fewest.found} (found); the cap is ${cap}`;
    } else if (fewest.atLeast > cap) note = `at least ${fewest.atLeast} moves are needed (proven); the cap is ${cap}`;
    return note === undefined ? r : { ...r, note };
  });
}

function withCap(parsed: Problem, cap: number | null): Problem {
  return { ...parsed, policy: { ...parsed.policy, maxMoves: cap } };
}

function tradeoffRow(p: Problem, cap: number | null, r: AllocationResult): TradeoffRow {
  const available = new Map(p.workers.map((w) => [w.id, w.available]));
  const bands: Record<Band, number> = { red: 0, amber: 0, green: 0, blue: 0 };
  for (const w of r.workers) if (w.available) bands[w.band]++;
  const some = r.status === 'optimal' || r.status === 'feasible';
  return {
    maxMoves: cap,
    status: r.status,
    moves: some ? r.moves.filter((mv) => available.get(mv.from)).length : null,
    highestUtilisation: some ? Math.max(0, ...r.workers.filter((w) => w.capacityPoints > 0).map((w) => w.utilisation)) : null,
    objective: r.objective,
    unallocated: some ? r.unallocated.length : null,
    bands: some ? bands : null,
    ...(r.diagnosis ? { note: r.diagnosis.details[0] ?? r.diagnosis.summary } : {}),
  };
}

/**
 * Why no allocation satisfies the hard rules: a minimal set of conflicting rules (deletion filter),
 * off the calling thread. The diagnosis honours its deadline (default 10 s) between exact checks; one
 * that runs on is stopped with its thread a moment after the deadline (the promise then rejects with
 * a SolveFailure, code 'aborted'), as does `signal`.
 */
export async function diagnose(problem: unknown, options: AllocateOptions & DiagnoseOptions = {}): Promise<DiagnosisResult> {
  checkOptions(options);
  const { timeLimit, maxPairs, deadline } = options;
  const d = { ...(timeLimit !== undefined ? { timeLimit } : {}), ...(maxPairs !== undefined ? { maxPairs } : {}), ...(deadline !== undefined ? { deadline } : {}) };
  const own = deadline ?? DEFAULT_DIAGNOSE_OPTIONS.deadline;
  return diagnoseInPool(problemFor(problem, options), d, {
    backstopSeconds: DIAGNOSIS_BACKSTOP.seconds + DIAGNOSIS_BACKSTOP.share * own,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.threads === 0 ? { dedicated: true } : {}),
  });
}

/**
 * `diagnose` on the calling thread, synchronously. By default without exact checks (IN_THREAD_DIAGNOSIS:
 * one cannot be stopped here); pass maxPairs to allow them, at the risk of a check that runs on.
 */
export function diagnoseSync(problem: unknown, options: AllocateOptions & DiagnoseOptions = {}): DiagnosisResult {
  checkOptions(options);
  return diagnoseTeam(buildTeam(problemFor(problem, options)), { ...IN_THREAD_DIAGNOSIS, ...options });
}
