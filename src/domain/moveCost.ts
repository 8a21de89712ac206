/**
 * The objective change of moving one allocation unit (a case, or its sibling group) to another worker,
 * evaluated incrementally on precomputed loads: O(unit size + touched workers), not a re-solve.
 * Explanations ("why this worker") and recommendations ("who should take this referral") both use it.
 *
 * It follows the objective and hard rules exactly as the independent checker (src/verify/check.ts)
 * defines them; a property test proves that the change it reports equals the checker's objective of the
 * allocation with the move applied minus the checker's objective before, and that it calls a move
 * feasible exactly when the checker passes the moved allocation.
 */
import type { Case, Problem } from '../input/schema.js';
import { describeIneligibility, ineligibility } from './eligibility.js';
import { holdings, keptCaseLimit, keptPointsLimit, mayCoWork, mayReceive, mayWait, pinBinds, pinWaives, waitingCost, type Holdings } from './holding.js';
import { casePoints, workerCapacityPoints, workerCaseTypeCap, workerMaxCases } from './weights.js';
import { roundTo } from '../util/numbers.js';

/**
 * Per-worker loads of one allocation (worker index per case, -1 = unallocated), co-workers included:
 * a co-worker carries policy.coWorkerShare of the case's points, counts as a case when
 * policy.coWorkerCountsAsCase, and counts towards the per-type caps, exactly as the checker counts them.
 */
export interface LoadState {
  readonly problem: Problem;
  readonly caseWorker: Int32Array;
  /** Co-worker per case (-1 = none, or not co-worked). */
  readonly coWorker: Int32Array;
  readonly casePoints: Float64Array;
  readonly typeIndex: ReadonlyMap<string, number>;
  readonly workerIndex: ReadonlyMap<string, number>;
  readonly capacity: Float64Array;
  readonly points: Float64Array;
  readonly count: Float64Array;
  /** Worker × type (row per worker). */
  readonly typeCount: Float64Array;
  /** Pinned load per worker (pins raise limits to what they hold). */
  readonly pinnedPoints: Float64Array;
  readonly pinnedCount: Float64Array;
  readonly pinnedTypeCount: Float64Array;
  /** Per case: the worker its family is pinned to, or -1. */
  readonly pinnedTo: Int32Array;
  /** Moves away from available current workers (what the move budget counts). */
  readonly chargedMoves: number;
  /** Who holds what now, and who is above a limit already (the over-capacity rules). */
  readonly holdings: Holdings;
  /** Workers with capacity > 0, the few most utilised first (for the team's highest utilisation). */
  readonly top: Int32Array;
  readonly maxUtilisation: number;
}

/** The objective terms a move changes (each the change in that term's contribution). */
export interface ObjectiveTerms {
  readonly unallocated: number;
  readonly moves: number;
  readonly preferences: number;
  readonly overTarget: number;
  readonly spread: number;
  readonly maxUtilisation: number;
}

export interface MoveEvaluation {
  /** Worker index, or -1 for "leave unallocated". */
  readonly worker: number;
  readonly feasible: boolean;
  /** Why not, in words (empty when feasible). */
  readonly reasons: readonly string[];
  /** Objective change (new − old); 0 for the worker it is with now. */
  readonly delta: number;
  readonly terms: ObjectiveTerms;
  /** Points over the receiving worker's limit, when that is one of the reasons (else 0). */
  readonly shortBy?: number;
}

const EPS = 1e-7;
const TOP = 4;

/** Cases allocated together with case j: its siblings when the policy keeps them together. */
export function unitMembers(problem: Problem, j: number): number[] {
  const c = problem.cases[j];
  if (!problem.policy.keepSiblingsTogether || c.familyId === null) return [j];
  const members: number[] = [];
  problem.cases.forEach((d, k) => {
    if (d.familyId === c.familyId) members.push(k);
  });
  return members;
}

export function loadState(problem: Problem, caseWorker: Int32Array, coWorker?: Int32Array): LoadState {
  const { workers, cases, policy } = problem;
  const m = workers.length;
  const types = Object.keys(policy.caseTypes);
  const T = types.length;
  const typeIndex = new Map(types.map((t, k) => [t, k]));
  const workerIndex = new Map(workers.map((w, i) => [w.id, i]));
  const capacity = Float64Array.from(workers, (w) => workerCapacityPoints(w, policy));
  const pts = Float64Array.from(cases, (c) => casePoints(c, policy));
  // Family pins, as the checker reads them: the first pinned case of the family.
  const familyPin = new Map<string, number>();
  const pinnedTo = new Int32Array(cases.length).fill(-1);
  cases.forEach((c, j) => {
    if (c.pinned && policy.keepSiblingsTogether && c.familyId !== null && !familyPin.has(c.familyId)) familyPin.set(c.familyId, workerIndex.get(c.currentWorkerId!)!);
  });
  cases.forEach((c, j) => {
    if (policy.keepSiblingsTogether && c.familyId !== null) pinnedTo[j] = familyPin.get(c.familyId) ?? -1;
    else if (c.pinned) pinnedTo[j] = workerIndex.get(c.currentWorkerId!)!;
  });
  const points = new Float64Array(m);
  const count = new Float64Array(m);
  const typeCount = new Float64Array(m * T);
  const pinnedPoints = new Float64Array(m);
  const pinnedCount = new Float64Array(m);
  const pinnedTypeCount = new Float64Array(m * T);
  let chargedMoves = 0;
  cases.forEach((c, j) => {
    const i = caseWorker[j];
    if (i >= 0) {
      const t = typeIndex.get(c.type)!;
      points[i] += pts[j];
      count[i] += 1;
      typeCount[i * T + t] += 1;
      if (pinnedTo[j] === i) {
        pinnedPoints[i] += pts[j];
        pinnedCount[i] += 1;
        pinnedTypeCount[i * T + t] += 1;
      }
    }
    if (isCharged(problem, workerIndex, c, i)) chargedMoves++;
    const k = coWorker ? coWorker[j] : -1;
    if (k >= 0) {
      points[k] += pts[j] * policy.coWorkerShare;
      if (policy.coWorkerCountsAsCase) count[k] += 1;
      typeCount[k * T + typeIndex.get(c.type)!] += 1;
    }
  });
  const ranked: number[] = [];
  for (let i = 0; i < m; i++) if (capacity[i] > 0) ranked.push(i);
  ranked.sort((a, b) => points[b] / capacity[b] - points[a] / capacity[a]);
  const top = Int32Array.from(ranked.slice(0, TOP));
  const maxUtilisation = top.length ? points[top[0]] / capacity[top[0]] : 0;
  const co = coWorker ? Int32Array.from(coWorker) : new Int32Array(cases.length).fill(-1);
  return { problem, caseWorker: Int32Array.from(caseWorker), coWorker: co, casePoints: pts, typeIndex, workerIndex, capacity, points, count, typeCount, pinnedPoints, pinnedCount, pinnedTypeCount, pinnedTo, chargedMoves, holdings: holdings(problem), top, maxUtilisation };
}

function isCharged(problem: Problem, workerIndex: ReadonlyMap<string, number>, c: Case, worker: number): boolean {
  if (c.currentWorkerId === null) return false;
  const cur = workerIndex.get(c.currentWorkerId)!;
  return cur !== worker && problem.workers[cur].available;
}

/** The load terms of one worker carrying `points` (over target and spread). */
function loadTerms(problem: Problem, capacity: number, points: number): { overTarget: number; spread: number } {
  const { policy } = problem;
  const w = policy.weights;
  let spread = 0;
  for (const t of policy.balanceThresholds) spread += w.spread * Math.max(0, points - t * capacity);
  return { overTarget: w.overTarget * Math.max(0, points - capacity * policy.targetUtilisation), spread };
}

/**
 * Evaluates moving the unit `members` (case indices; they may sit with different workers now, e.g. a new
 * referral joining its family) to worker `to` (-1 = leave unallocated) from the allocation in `state`.
 */
export function evaluateMove(state: LoadState, members: readonly number[], to: number): MoveEvaluation {
  const { problem, caseWorker } = state;
  const { workers, cases, policy } = problem;
  const w8 = policy.weights;
  const T = state.typeIndex.size;
  const reasons: string[] = [];
  let unallocated = 0;
  let chargedDelta = 0;
  let preferences = 0;
  let movedPoints = 0;
  let movedCount = 0;
  const movedTypes = new Map<number, number>();
  let pinned = -1;
  // Points leaving each source worker.
  const leaving = new Map<number, number>();
  for (const j of members) {
    const c = cases[j];
    const from = caseWorker[j];
    if (state.pinnedTo[j] >= 0) pinned = state.pinnedTo[j];
    if (from === to) continue;
    if (from >= 0) leaving.set(from, (leaving.get(from) ?? 0) + state.casePoints[j]);
    unallocated += waitingCost(policy, c.type) * ((to < 0 ? 1 : 0) - (from < 0 ? 1 : 0));
    chargedDelta += (isCharged(problem, state.workerIndex, c, to) ? 1 : 0) - (isCharged(problem, state.workerIndex, c, from) ? 1 : 0);
    preferences += w8.preferredSkillMissing * (missingPreferred(problem, c, to) - missingPreferred(problem, c, from));
    movedPoints += state.casePoints[j];
    movedCount += 1;
    const t = state.typeIndex.get(c.type)!;
    movedTypes.set(t, (movedTypes.get(t) ?? 0) + 1);
  }

  const moves = w8.move * chargedDelta;
  const held = state.holdings;
  let shortBy = 0;
  // Hard rules.
  if (to !== pinned && members.some((j) => pinBinds(held, pinned, to, j))) reasons.push(`pinned to ${workers[pinned].id}`);
  if (to < 0) {
    if (!policy.allowUnallocated && someoneMayTake(problem, held, members, pinned)) reasons.push('the policy does not allow cases to stay unallocated');
    const kept = members.find((j) => !mayWait(problem, held, j));
    if (kept !== undefined) reasons.push(`held by ${workers[held.heldBy[kept]].id}, who may keep it: a held case is not left unallocated`);
  } else {
    const w = workers[to];
    for (const j of members) if (state.coWorker[j] === to) reasons.push(`is the co-worker of ${cases[j].id}`);
    const seen = new Set<string>();
    for (const j of members) {
      const why = ineligibility(w, cases[j], policy, workerCaseTypeCap(w, cases[j].type, policy));
      // A pin waives the skill, role and type rules at the pinned worker, never an exclusion.
      if (!why || (pinWaives(held, pinned, to, j) && why.rule !== 'excluded')) continue;
      const words = why.rule === 'missing-skill' ? `lacks skill ${why.skill}` : why.rule === 'unavailable' ? 'not available' : withoutSubject(describeIneligibility(why, w.id), w.id);
      if (!seen.has(words)) reasons.push(words);
      seen.add(words);
    }
    if (members.some((j) => !mayReceive(held, to, j))) reasons.push(`above the limit already (holds ${roundTo(held.heldPoints[to])} points, ${held.heldCount[to]} cases): takes nothing new`);
    const limit = pointsLimit(state, to, pinned, movedPoints);
    const after = state.points[to] + movedPoints;
    if (after > limit + EPS) {
      shortBy = after - limit;
      reasons.push(`no room: short by ${roundTo(shortBy)} points`);
    }
    const maxCases = keptCaseLimit(held, to, Math.max(workerMaxCases(w, policy), state.pinnedCount[to] + (to === pinned ? movedCount : 0)));
    if (state.count[to] + movedCount > maxCases) reasons.push(`at the maximum of ${maxCases} case${maxCases === 1 ? '' : 's'}`);
    for (const [t, k] of movedTypes) {
      const type = [...state.typeIndex.keys()][t];
      const heldOfType = held.keepHeld ? held.heldTypeCount[to * T + t] : 0;
      const cap = Math.max(workerCaseTypeCap(w, type, policy), state.pinnedTypeCount[to * T + t] + (to === pinned ? k : 0), heldOfType);
      if (Number.isFinite(cap) && cap > 0 && state.typeCount[to * T + t] + k > cap) reasons.push(`at the cap of ${cap} ${type} cases`);
    }
  }
  if (policy.maxMoves !== null && state.chargedMoves + chargedDelta > policy.maxMoves) reasons.push(`over the move budget of ${policy.maxMoves} moves`);

  // Load terms: every touched worker.
  const touched = new Map<number, number>(); // worker → new points
  for (const [i, p] of leaving) touched.set(i, state.points[i] - p);
  if (to >= 0 && movedPoints > 0) touched.set(to, (touched.get(to) ?? state.points[to]) + movedPoints);
  const { overTarget, spread, maxUtilisation } = loadChange(state, touched);
  const terms = { unallocated, moves, preferences, overTarget, spread, maxUtilisation };
  const delta = unallocated + moves + preferences + overTarget + spread + maxUtilisation;
  return { worker: to, feasible: reasons.length === 0, reasons, delta, terms, shortBy };
}

/** The points limit of worker `to` receiving `movedPoints` of a unit pinned to `pinned` (-1: none), as evaluateMove reads it. */
function pointsLimit(state: LoadState, to: number, pinned: number, movedPoints: number): number {
  const pinnedHere = to === pinned ? movedPoints : 0;
  return keptPointsLimit(state.holdings, to, Math.max(state.capacity[to] * state.problem.policy.maxUtilisation, state.pinnedPoints[to] + pinnedHere));
}

/**
 * Whether moving the unit `members` to worker `to` (≥ 0) breaks that worker's points limit: one of the
 * reasons evaluateMove gives, by the same arithmetic, so a caller that only wants feasible moves can
 * skip the full evaluation (and its words) of those (placeWaiting: most workers of a full team).
 */
export function overPointsLimit(state: LoadState, members: readonly number[], to: number): boolean {
  let pinned = -1;
  let movedPoints = 0;
  for (const j of members) {
    if (state.pinnedTo[j] >= 0) pinned = state.pinnedTo[j];
    if (state.caseWorker[j] === to) continue;
    movedPoints += state.casePoints[j];
  }
  return state.points[to] + movedPoints > pointsLimit(state, to, pinned, movedPoints) + EPS;
}

/**
 * Evaluates giving co-worked case `j` the co-worker `to` (-1 = none) in place of its co-worker in
 * `state`, the lead staying where it is. Same contract as evaluateMove: the change equals the checker's.
 */
export function evaluateCoWorkerMove(state: LoadState, j: number, to: number): MoveEvaluation {
  const { problem, caseWorker } = state;
  const { workers, cases, policy } = problem;
  const w8 = policy.weights;
  const T = state.typeIndex.size;
  const c = cases[j];
  const from = state.coWorker[j];
  const reasons: string[] = [];
  const zero = { unallocated: 0, moves: 0, preferences: 0, overTarget: 0, spread: 0, maxUtilisation: 0 };
  if (!c.coWorked) return { worker: to, feasible: to < 0, reasons: to < 0 ? [] : [`${c.id} is not co-worked`], delta: 0, terms: zero };
  const share = state.casePoints[j] * policy.coWorkerShare;
  const count = policy.coWorkerCountsAsCase ? 1 : 0;
  const t = state.typeIndex.get(c.type)!;
  const unallocated = w8.unallocated * ((to < 0 ? 1 : 0) - (from < 0 ? 1 : 0));
  if (to < 0) {
    if (!policy.allowUnallocated && workers.some((w, k) => ineligibility(w, c, policy, workerCaseTypeCap(w, c.type, policy), true) === null && mayCoWork(state.holdings, k))) reasons.push('the policy does not allow a co-worked case to go without a co-worker');
  } else {
    const w = workers[to];
    if (caseWorker[j] === to) reasons.push(`is its lead worker`);
    if (!mayCoWork(state.holdings, to)) reasons.push('above the limit already: takes nothing new');
    const why = ineligibility(w, c, policy, workerCaseTypeCap(w, c.type, policy), true);
    if (why) reasons.push(why.rule === 'missing-skill' ? `lacks skill ${why.skill}` : why.rule === 'unavailable' ? 'not available' : withoutSubject(describeIneligibility(why, w.id), w.id));
    const moving = to === from ? 0 : 1; // staying: the co-worker's share is in the loads already
    const limit = Math.max(state.capacity[to] * policy.maxUtilisation, state.pinnedPoints[to]);
    const after = state.points[to] + moving * share;
    if (after > limit + EPS) reasons.push(`no room: short by ${roundTo(after - limit)} points`);
    const maxCases = Math.max(workerMaxCases(w, policy), state.pinnedCount[to]);
    if (state.count[to] + moving * count > maxCases) reasons.push(`at the maximum of ${maxCases} case${maxCases === 1 ? '' : 's'}`);
    const cap = Math.max(workerCaseTypeCap(w, c.type, policy), state.pinnedTypeCount[to * T + t]);
    if (Number.isFinite(cap) && cap > 0 && state.typeCount[to * T + t] + moving > cap) reasons.push(`at the cap of ${cap} ${c.type} cases`);
  }
  if (from === to) return { worker: to, feasible: reasons.length === 0, reasons, delta: 0, terms: zero };
  if (policy.maxMoves !== null && state.chargedMoves > policy.maxMoves) reasons.push(`over the move budget of ${policy.maxMoves} moves`);
  const touched = new Map<number, number>();
  if (from >= 0) touched.set(from, state.points[from] - share);
  if (to >= 0) touched.set(to, state.points[to] + share);
  const load = loadChange(state, touched);
  const terms = { ...zero, unallocated, ...load };
  const delta = unallocated + load.overTarget + load.spread + load.maxUtilisation;
  return { worker: to, feasible: reasons.length === 0, reasons, delta, terms };
}

/** The load terms' change when the touched workers carry the given points. */
function loadChange(state: LoadState, touched: ReadonlyMap<number, number>): { overTarget: number; spread: number; maxUtilisation: number } {
  const { problem } = state;
  let overTarget = 0;
  let spread = 0;
  let newMax = 0;
  for (const [i, p] of touched) {
    const before = loadTerms(problem, state.capacity[i], state.points[i]);
    const after = loadTerms(problem, state.capacity[i], p);
    overTarget += after.overTarget - before.overTarget;
    spread += after.spread - before.spread;
    if (state.capacity[i] > 0) newMax = Math.max(newMax, p / state.capacity[i]);
  }
  newMax = Math.max(newMax, untouchedMax(state, touched));
  return { overTarget, spread, maxUtilisation: problem.policy.weights.maxUtilisation * 100 * (newMax - state.maxUtilisation) };
}

/** Highest utilisation among workers the move does not touch. */
function untouchedMax(state: LoadState, touched: ReadonlyMap<number, number>): number {
  for (const i of state.top) if (!touched.has(i)) return state.points[i] / state.capacity[i];
  if (state.top.length < TOP) return 0;
  let best = 0;
  for (let i = 0; i < state.capacity.length; i++) if (state.capacity[i] > 0 && !touched.has(i)) best = Math.max(best, state.points[i] / state.capacity[i]);
  return best;
}

function withoutSubject(words: string, workerId: string): string {
  return words.startsWith(`${workerId} `) ? words.slice(workerId.length + 1) : words;
}

function missingPreferred(problem: Problem, c: Case, worker: number): number {
  if (worker < 0) return 0;
  const skills = problem.workers[worker].skills;
  let missing = 0;
  for (const s of c.preferredSkills) if (!skills.includes(s)) missing++;
  return missing;
}

/** Could some worker legally take the whole unit (the checker's test for "may stay unallocated")? */
function someoneMayTake(problem: Problem, held: Holdings, members: readonly number[], pinned: number): boolean {
  const { workers, cases, policy } = problem;
  return workers.some((w, k) => (pinned < 0 || k === pinned) && members.every((q) => (pinWaives(held, pinned, k, q) || ineligibility(w, cases[q], policy, workerCaseTypeCap(w, cases[q].type, policy)) === null) && mayReceive(held, k, q)));
}

/** The terms that decide a comparison, largest first, in a manager's words. */
export function describeTerms(terms: ObjectiveTerms): string[] {
  const names: [keyof ObjectiveTerms, string][] = [
    ['unallocated', 'unallocated'],
    ['moves', 'continuity/moves'],
    ['overTarget', 'over target'],
    ['spread', 'load spread'],
    ['maxUtilisation', 'highest utilisation'],
    ['preferences', 'preferred skills'],
  ];
  return names
    .filter(([k]) => Math.abs(terms[k]) > 1e-9)
    .sort((a, b) => Math.abs(terms[b[0]]) - Math.abs(terms[a[0]]))
    .map(([k, words]) => `${words} ${terms[k] > 0 ? '+' : ''}${roundTo(terms[k])}`);
}

