/**
 * The allocation problem in indices: workers and cases become dense indices, siblings become one
 * allocation unit, and every (unit, worker) pair is classified as eligible or not, with the reason.
 * Everything later (model, solvers, checker, report) works from this; no user ids beyond here.
 */
import type { Problem } from '../input/schema.js';
import { ineligibility, type Ineligibility } from './eligibility.js';
import { casePoints, workerCapacityPoints, workerCaseTypeCap, workerMaxCases } from './weights.js';

/** Cases allocated together (a sibling group, or one case alone). */
export interface AllocationUnit {
  /** Indices into problem.cases. */
  readonly cases: readonly number[];
  readonly points: number;
  /** Count of the unit's cases per case type (index into Team.caseTypes). */
  readonly typeCounts: Float64Array;
  /** Worker index the unit is pinned to, or -1. */
  readonly pinnedWorker: number;
  /** Workers that may take the whole unit (ascending index). Pinned units: just the pinned worker. */
  readonly eligible: Int32Array;
  /** For each worker not eligible: why (first failing rule, and the case it failed on). */
  readonly ineligible: ReadonlyMap<number, { readonly caseIndex: number; readonly reason: Ineligibility }>;
}

/** The co-worker's share of a co-worked case: a second allocation to a different worker. */
export interface CoWorkUnit {
  /** Index into problem.cases. */
  readonly caseIndex: number;
  /** The unit of the case itself (its lead worker's allocation). */
  readonly leadUnit: number;
  /** policy.coWorkerShare × the case's points. */
  readonly points: number;
  /** 1 when policy.coWorkerCountsAsCase, else 0. */
  readonly count: number;
  readonly typeCounts: Float64Array;
  /** Workers who may co-work it (every rule, no co-working waiver). */
  readonly eligible: Int32Array;
  readonly ineligible: ReadonlyMap<number, Ineligibility>;
}

export interface Team {
  readonly problem: Problem;
  readonly caseTypes: readonly string[];
  /** Per worker (index as in problem.workers). */
  readonly capacityPoints: Float64Array;
  /** Hard limit on points: policy.maxUtilisation × capacity, raised to the pinned load where pins exceed it. */
  readonly limitPoints: Float64Array;
  readonly targetPoints: Float64Array;
  /** Hard limit on the number of cases (raised to the pinned count where pins exceed it). */
  readonly maxCases: Float64Array;
  /** Per worker × case type: cap on cases of that type (Infinity = none), row per worker. */
  readonly typeCaps: Float64Array;
  /** Per case. */
  readonly casePoints: Float64Array;
  readonly caseType: Int32Array;
  readonly caseUnit: Int32Array;
  /** Current worker index or -1. */
  readonly currentWorker: Int32Array;
  readonly units: readonly AllocationUnit[];
  /** Co-worker allocations, one per co-worked case (jobs after the units in the model). */
  readonly coWork: readonly CoWorkUnit[];
  /** Per case: index into coWork, or -1. */
  readonly caseCoWork: Int32Array;
  /** Per worker: index by id. */
  readonly workerIndex: ReadonlyMap<string, number>;
}

export function buildTeam(problem: Problem): Team {
  const { workers, cases, policy } = problem;
  const m = workers.length;
  const caseTypes = Object.keys(policy.caseTypes);
  const typeIndex = new Map(caseTypes.map((t, k) => [t, k]));
  const T = caseTypes.length;
  const workerIndex = new Map(workers.map((w, i) => [w.id, i]));

  const capacityPoints = new Float64Array(m);
  const limitPoints = new Float64Array(m);
  const targetPoints = new Float64Array(m);
  const maxCases = new Float64Array(m);
  const typeCaps = new Float64Array(m * T);
  workers.forEach((w, i) => {
    capacityPoints[i] = workerCapacityPoints(w, policy);
    limitPoints[i] = capacityPoints[i] * policy.maxUtilisation;
    targetPoints[i] = capacityPoints[i] * policy.targetUtilisation;
    maxCases[i] = workerMaxCases(w, policy);
    caseTypes.forEach((t, k) => (typeCaps[i * T + k] = workerCaseTypeCap(w, t, policy)));
  });

  const n = cases.length;
  const pointsOf = new Float64Array(n);
  const caseType = new Int32Array(n);
  const currentWorker = new Int32Array(n).fill(-1);
  cases.forEach((c, j) => {
    pointsOf[j] = casePoints(c, policy);
    caseType[j] = typeIndex.get(c.type)!;
    if (c.currentWorkerId !== null) currentWorker[j] = workerIndex.get(c.currentWorkerId)!;
  });

  // Group siblings: first appearance of a family fixes the unit's position (stable order).
  const caseUnit = new Int32Array(n);
  const groups: number[][] = [];
  const familyUnit = new Map<string, number>();
  cases.forEach((c, j) => {
    const key = policy.keepSiblingsTogether ? c.familyId : null;
    let u = key === null ? undefined : familyUnit.get(key);
    if (u === undefined) {
      u = groups.length;
      groups.push([]);
      if (key !== null) familyUnit.set(key, u);
    }
    groups[u].push(j);
    caseUnit[j] = u;
  });

  const units: AllocationUnit[] = groups.map((members) => {
    let points = 0;
    const typeCounts = new Float64Array(T);
    let pinnedWorker = -1;
    for (const j of members) {
      points += pointsOf[j];
      typeCounts[caseType[j]] += 1;
      if (cases[j].pinned) pinnedWorker = currentWorker[j];
    }
    const eligible: number[] = [];
    const ineligible = new Map<number, { caseIndex: number; reason: Ineligibility }>();
    for (let i = 0; i < m; i++) {
      let why: { caseIndex: number; reason: Ineligibility } | null = null;
      for (const j of members) {
        const reason = ineligibility(workers[i], cases[j], policy, typeCaps[i * T + caseType[j]]);
        if (reason) {
          why = { caseIndex: j, reason };
          break;
        }
      }
      if (pinnedWorker >= 0 && i !== pinnedWorker) continue; // pinned: no other worker is considered
      // A pin is the manager's decision: it stands even where a rule would say no.
      if (why === null || i === pinnedWorker) eligible.push(i);
      else ineligible.set(i, why);
    }
    return { cases: members, points, typeCounts, pinnedWorker, eligible: Int32Array.from(eligible), ineligible };
  });

  // Pins are never moved, so where pinned load alone exceeds a limit the limit rises to it.
  const pinnedPoints = new Float64Array(m);
  const pinnedCount = new Float64Array(m);
  const pinnedTypes = new Float64Array(m * T);
  for (const u of units) {
    if (u.pinnedWorker < 0) continue;
    pinnedPoints[u.pinnedWorker] += u.points;
    pinnedCount[u.pinnedWorker] += u.cases.length;
    for (let k = 0; k < T; k++) pinnedTypes[u.pinnedWorker * T + k] += u.typeCounts[k];
  }
  for (let i = 0; i < m; i++) {
    limitPoints[i] = Math.max(limitPoints[i], pinnedPoints[i]);
    maxCases[i] = Math.max(maxCases[i], pinnedCount[i]);
    for (let k = 0; k < T; k++) typeCaps[i * T + k] = Math.max(typeCaps[i * T + k], pinnedTypes[i * T + k]);
  }

  const coWork: CoWorkUnit[] = [];
  const caseCoWork = new Int32Array(n).fill(-1);
  cases.forEach((c, j) => {
    if (!c.coWorked) return;
    const typeCounts = new Float64Array(T);
    typeCounts[caseType[j]] = 1;
    const eligible: number[] = [];
    const ineligible = new Map<number, Ineligibility>();
    for (let i = 0; i < m; i++) {
      // The policy's cap, as the checker reads it (pins raise limits for the lead's unit only).
      const reason = ineligibility(workers[i], c, policy, workerCaseTypeCap(workers[i], c.type, policy), true);
      if (reason) ineligible.set(i, reason);
      else eligible.push(i);
    }
    caseCoWork[j] = coWork.length;
    coWork.push({ caseIndex: j, leadUnit: caseUnit[j], points: pointsOf[j] * policy.coWorkerShare, count: policy.coWorkerCountsAsCase ? 1 : 0, typeCounts, eligible: Int32Array.from(eligible), ineligible });
  });

  return { problem, caseTypes, capacityPoints, limitPoints, targetPoints, maxCases, typeCaps, casePoints: pointsOf, caseType, caseUnit, currentWorker, units, coWork, caseCoWork, workerIndex };
}

/**
 * Everything the model allocates, in one list: the units (cases and sibling groups), then the
 * co-worker allocations. Each job goes to one eligible worker or stays unallocated.
 */
export interface AllocationJob {
  readonly points: number;
  /** Cases it adds to a worker's count. */
  readonly count: number;
  readonly typeCounts: Float64Array;
  readonly eligible: Int32Array;
  /** Worker it is pinned to, or -1. */
  readonly pinnedWorker: number;
  /** For a co-worker allocation: the job index of its case's unit (it must go to another worker); else -1. */
  readonly partner: number;
  /** Linear cost of putting it on a worker (moves, preferences). */
  cost(worker: number): number;
  /** Charged moves when it goes to a worker (-1 = unallocated). */
  moves(worker: number): number;
  /** Cost of leaving it unallocated (Infinity where the policy forbids it). */
  readonly unallocatedCost: number;
}

/** A starting allocation by case (a warm start, e.g. an earlier result): lead workers and co-workers. */
export interface StartingAllocation {
  readonly assignments: readonly { readonly caseId: string; readonly workerId: string }[];
  readonly coWorkers?: readonly { readonly caseId: string; readonly workerId: string }[];
}

/**
 * Worker per allocation job (the units, then the co-work jobs; -1 = unallocated) from a starting
 * allocation. A unit goes where its first listed case goes; cases or workers the team does not have
 * are ignored. The result may break a hard rule: solvers use it only where it is feasible.
 */
export function startingJobs(team: Team, start: StartingAllocation): Int32Array {
  const caseIndex = new Map(team.problem.cases.map((c, j) => [c.id, j]));
  const jobs = new Int32Array(team.units.length + team.coWork.length).fill(-1);
  /** Case index and worker index of an entry, or null when the team has either not. */
  const resolve = (a: { readonly caseId: string; readonly workerId: string }): [number, number] | null => {
    const j = caseIndex.get(a.caseId);
    const w = team.workerIndex.get(a.workerId);
    return j === undefined || w === undefined ? null : [j, w];
  };
  for (const a of start.assignments) {
    const found = resolve(a);
    // The unit's first listed case decides (a unit already placed keeps its worker).
    if (found && jobs[team.caseUnit[found[0]]] < 0) jobs[team.caseUnit[found[0]]] = found[1];
  }
  for (const a of start.coWorkers ?? []) {
    const found = resolve(a);
    if (found && team.caseCoWork[found[0]] >= 0) jobs[team.units.length + team.caseCoWork[found[0]]] = found[1];
  }
  return jobs;
}

export function allocationJobs(team: Team): AllocationJob[] {
  const policy = team.problem.policy;
  const fromUnits = team.units.map((unit): AllocationJob => ({
    points: unit.points,
    count: unit.cases.length,
    typeCounts: unit.typeCounts,
    eligible: unit.eligible,
    pinnedWorker: unit.pinnedWorker,
    partner: -1,
    cost: (w) => unitAssignmentCost(team, unit, w),
    moves: (w) => unitMoves(team, unit, w),
    unallocatedCost: unitUnallocatedCost(team, unit),
  }));
  const fromCoWork = team.coWork.map((cw): AllocationJob => ({
    points: cw.points,
    count: cw.count,
    typeCounts: cw.typeCounts,
    eligible: cw.eligible,
    pinnedWorker: -1,
    partner: cw.leadUnit,
    cost: () => 0,
    moves: () => 0,
    unallocatedCost: !policy.allowUnallocated && cw.eligible.length > 0 ? Infinity : policy.weights.unallocated,
  }));
  return [...fromUnits, ...fromCoWork];
}

/**
 * Moves charged when a unit goes to a worker (-1 = left unallocated): its cases whose available
 * current worker is someone else. Cases of unavailable workers must move, so they are not charged.
 */
export function unitMoves(team: Team, unit: AllocationUnit, worker: number): number {
  let moves = 0;
  for (const j of unit.cases) {
    const cur = team.currentWorker[j];
    if (cur >= 0 && cur !== worker && team.problem.workers[cur].available) moves++;
  }
  return moves;
}

/** Preferred skills the worker lacks, summed over the unit's cases. */
export function unitMissingPreferred(team: Team, unit: AllocationUnit, worker: number): number {
  const skills = team.problem.workers[worker].skills;
  let missing = 0;
  for (const j of unit.cases) for (const s of team.problem.cases[j].preferredSkills) if (!skills.includes(s)) missing++;
  return missing;
}

/** The linear part of the objective for putting a unit on a worker: moves and missing preferences. */
export function unitAssignmentCost(team: Team, unit: AllocationUnit, worker: number): number {
  const w = team.problem.policy.weights;
  return w.move * unitMoves(team, unit, worker) + w.preferredSkillMissing * unitMissingPreferred(team, unit, worker);
}

/**
 * Cost of leaving a unit unallocated (per case, plus the moves it makes away from current workers);
 * Infinity where the policy forbids it and some worker is eligible.
 */
export function unitUnallocatedCost(team: Team, unit: AllocationUnit): number {
  const policy = team.problem.policy;
  if (!policy.allowUnallocated && unit.eligible.length > 0) return Infinity;
  return policy.weights.unallocated * unit.cases.length + policy.weights.move * unitMoves(team, unit, -1);
}
