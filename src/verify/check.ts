/**
 * The independent checker. Given the parsed problem and an allocation (worker index per case, -1 =
 * unallocated) it re-verifies every hard rule and recomputes the objective from the problem itself,
 * using only the weighting rules (case points, capacity), the eligibility rules and the over-capacity
 * rules (src/domain/holding.ts) — none of the model, solver or unit-building code. Every answer passes
 * through here before it leaves the engine. A pin keeps its family with the pinned worker even where a
 * skill, role or type rule would bar them (validate warns), but never where a case excludes the worker.
 */
import { ineligibility } from '../domain/eligibility.js';
import { holdings, keptCaseLimit, keptPointsLimit, mayCoWork, mayReceive, mayWait, pinBinds, pinWaives, waitingCost } from '../domain/holding.js';
import { casePoints, workerCapacityPoints, workerCaseTypeCap, workerMaxCases } from '../domain/weights.js';
import type { Problem } from '../input/schema.js';
import { CaseloadError } from '../util/errors.js';
import { OBJECTIVE_AGREEMENT, roundTo } from '../util/numbers.js';

export interface CheckResult {
  readonly ok: boolean;
  /** Each broken hard rule, in words with ids. */
  readonly violations: readonly string[];
  /** The objective recomputed from scratch. */
  readonly objective: number;
  /** Per worker: points and cases carried. */
  readonly points: Float64Array;
  readonly cases: Int32Array;
  /** Number of moves away from available current workers (the ones the move budget counts). */
  readonly chargedMoves: number;
}

const EPS = 1e-7;

/**
 * `caseWorker`: worker index per case (-1 = unallocated). `coWorker`: per case, the co-worker's index
 * (-1 = none); only co-worked cases may have one, and each co-worked case without one counts as an
 * unallocated co-working (weights.unallocated). Omitted = no co-workers.
 */
export function checkAllocation(problem: Problem, caseWorker: Int32Array, coWorker?: Int32Array): CheckResult {
  const { workers, cases, policy } = problem;
  const w8 = policy.weights;
  const m = workers.length;
  const violations: string[] = [];
  const byId = new Map(workers.map((w, i) => [w.id, i]));
  if (caseWorker.length !== cases.length) {
    return { ok: false, violations: [`allocation has ${caseWorker.length} entries for ${cases.length} cases`], objective: NaN, points: new Float64Array(m), cases: new Int32Array(m), chargedMoves: 0 };
  }

  // Families (when siblings are kept together): members, and whether the family is pinned to someone.
  const family = new Map<string, number[]>();
  cases.forEach((c, j) => {
    const key = policy.keepSiblingsTogether && c.familyId !== null ? `f:${c.familyId}` : `c:${j}`;
    const list = family.get(key);
    if (list) list.push(j);
    else family.set(key, [j]);
  });

  const held = holdings(problem);
  const points = new Float64Array(m);
  const count = new Int32Array(m);
  const pinnedPoints = new Float64Array(m);
  const pinnedCount = new Int32Array(m);
  const typeCount = new Map<string, number>();
  const pinnedTypeCount = new Map<string, number>();
  let objective = 0;
  let chargedMoves = 0;

  for (const members of family.values()) {
    const pinnedCase = members.find((j) => cases[j].pinned);
    const pinnedTo = pinnedCase === undefined ? -1 : byId.get(cases[pinnedCase].currentWorkerId!)!;
    // Siblings share a worker. Under keep-held a family's new siblings may wait while the held ones stay.
    const placed = members.filter((j) => caseWorker[j] >= 0);
    const shared = held.keepHeld ? placed : members;
    for (const j of shared) {
      if (caseWorker[j] !== caseWorker[shared[0]]) {
        violations.push(`siblings split: cases ${cases[shared[0]].id} and ${cases[j].id} (family ${cases[j].familyId}) are with different workers`);
        break;
      }
    }
    for (const j of members) {
      const c = cases[j];
      const i = caseWorker[j];
      if (i < -1 || i >= m || !Number.isInteger(i)) {
        violations.push(`case ${c.id}: worker index ${i} out of range`);
        continue;
      }
      // A pin holds its family; under keep-held only the family's held cases must stay with it.
      if (pinBinds(held, pinnedTo, i, j) && i !== pinnedTo) violations.push(`case ${c.id}: family pinned to ${workers[pinnedTo].id} but allocated to ${i < 0 ? 'nobody' : workers[i].id}`);
      const pts = casePoints(c, policy);
      if (i < 0) {
        objective += waitingCost(policy, c.type);
        if (!policy.allowUnallocated) {
          // Allowed only where no worker may legally take the whole family.
          // A pinned family may go only to its pinned worker.
          const someoneCould = workers.some((w, k) => (pinnedTo < 0 || k === pinnedTo) && members.every((q) => (pinWaives(held, pinnedTo, k, q) || ineligibility(w, cases[q], policy, workerCaseTypeCap(w, cases[q].type, policy)) === null) && mayReceive(held, k, q)));
          if (someoneCould) violations.push(`case ${c.id}: left unallocated although the policy does not allow it and a worker may take it`);
        }
        if (!mayWait(problem, held, j)) violations.push(`case ${c.id}: held by ${workers[held.heldBy[j]].id}, who is available and may keep it, but left unallocated`);
      } else {
        const w = workers[i];
        const why = ineligibility(w, c, policy, workerCaseTypeCap(w, c.type, policy));
        // A pin waives the skill, role and type rules at the pinned worker (see pinWaives), never an exclusion.
        if (why && (!pinWaives(held, pinnedTo, i, j) || why.rule === 'excluded')) violations.push(`case ${c.id}: worker ${w.id} may not take it (${why.rule})`);
        if (!mayReceive(held, i, j)) violations.push(`case ${c.id}: worker ${w.id} is above the limit already and may receive no case (it was held by ${held.heldBy[j] < 0 ? 'nobody' : workers[held.heldBy[j]].id})`);
        points[i] += pts;
        count[i] += 1;
        const key = `${i}|${c.type}`;
        typeCount.set(key, (typeCount.get(key) ?? 0) + 1);
        if (i === pinnedTo) {
          pinnedPoints[i] += pts;
          pinnedCount[i] += 1;
          pinnedTypeCount.set(key, (pinnedTypeCount.get(key) ?? 0) + 1);
        }
        for (const s of c.preferredSkills) if (!w.skills.includes(s)) objective += w8.preferredSkillMissing;
      }
      if (c.currentWorkerId !== null) {
        const cur = byId.get(c.currentWorkerId)!;
        if (cur !== i && workers[cur].available) {
          chargedMoves++;
          objective += w8.move;
        }
      }
    }
  }

  // Co-workers: another worker than the lead, who may hold the case alone, carrying a share of its points.
  cases.forEach((c, j) => {
    const i = coWorker ? coWorker[j] : -1;
    if (!c.coWorked) {
      if (i >= 0) violations.push(`case ${c.id}: has a co-worker but is not co-worked`);
      return;
    }
    if (i < 0) {
      objective += w8.unallocated;
      if (!policy.allowUnallocated && workers.some((w, k) => ineligibility(w, c, policy, workerCaseTypeCap(w, c.type, policy), true) === null && mayCoWork(held, k))) {
        violations.push(`case ${c.id}: co-worker left unallocated although the policy does not allow it and a worker may co-work it`);
      }
      return;
    }
    if (i >= m || !Number.isInteger(i)) {
      violations.push(`case ${c.id}: co-worker index ${i} out of range`);
      return;
    }
    const w = workers[i];
    if (i === caseWorker[j]) violations.push(`case ${c.id}: ${w.id} is both its worker and its co-worker`);
    const why = ineligibility(w, c, policy, workerCaseTypeCap(w, c.type, policy), true);
    if (why) violations.push(`case ${c.id}: ${w.id} may not co-work it (${why.rule})`);
    if (!mayCoWork(held, i)) violations.push(`case ${c.id}: co-worker ${w.id} is above the limit already and may take on nothing new`);
    points[i] += casePoints(c, policy) * policy.coWorkerShare;
    if (policy.coWorkerCountsAsCase) count[i] += 1;
    const key = `${i}|${c.type}`;
    typeCount.set(key, (typeCount.get(key) ?? 0) + 1);
  });

  let maxUtilisation = 0;
  for (let i = 0; i < m; i++) {
    const w = workers[i];
    const capacity = workerCapacityPoints(w, policy);
    const limit = keptPointsLimit(held, i, Math.max(capacity * policy.maxUtilisation, pinnedPoints[i]));
    if (points[i] > limit + EPS) violations.push(`worker ${w.id}: ${roundTo(points[i])} points exceed the limit of ${roundTo(limit)}`);
    const maxCases = keptCaseLimit(held, i, Math.max(workerMaxCases(w, policy), pinnedCount[i]));
    if (count[i] > maxCases) violations.push(`worker ${w.id}: ${count[i]} cases exceed the maximum of ${maxCases}`);
    if (!w.available && count[i] > 0) violations.push(`worker ${w.id} is not available but holds ${count[i]} cases`);
    objective += w8.overTarget * Math.max(0, points[i] - capacity * policy.targetUtilisation);
    for (const t of policy.balanceThresholds) objective += w8.spread * Math.max(0, points[i] - t * capacity);
    if (capacity > 0) maxUtilisation = Math.max(maxUtilisation, points[i] / capacity);
  }
  const types = Object.keys(policy.caseTypes);
  for (const [key, n] of typeCount) {
    const [iText, type] = splitKey(key);
    const i = Number(iText);
    const heldOfType = held.keepHeld ? held.heldTypeCount[i * types.length + types.indexOf(type)] : 0;
    const cap = Math.max(workerCaseTypeCap(workers[i], type, policy), pinnedTypeCount.get(key) ?? 0, heldOfType);
    if (n > cap) violations.push(`worker ${workers[i].id}: ${n} ${type} cases exceed the cap of ${cap}`);
  }
  objective += w8.maxUtilisation * 100 * maxUtilisation;
  if (policy.maxMoves !== null && chargedMoves > policy.maxMoves) violations.push(`${chargedMoves} moves exceed the budget of ${policy.maxMoves}`);
  return { ok: violations.length === 0, violations, objective, points, cases: count, chargedMoves };
}

function splitKey(key: string): [string, string] {
  const at = key.indexOf('|');
  return [key.slice(0, at), key.slice(at + 1)];
}


/** Do two objective values agree (they are sums of floating-point terms)? */
export function sameObjective(a: number, b: number): boolean {
  return Math.abs(a - b) <= OBJECTIVE_AGREEMENT * Math.max(1, Math.abs(a), Math.abs(b));
}

/**
 * A solver's answer that failed the independent check: a bug in the engine, never an answer
 * (code CHECK_FAILED). `violations` are the broken hard rules (empty when only the objective disagrees).
 */
export class CheckFailure extends CaseloadError {
  constructor(
    message: string,
    readonly violations: readonly string[] = [],
  ) {
    super('CHECK_FAILED', message);
    this.name = 'CheckFailure';
  }
}
