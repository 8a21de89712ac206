/**
 * The allocation problem in indices: workers and cases become dense indices, siblings become one
 * allocation unit, and every (unit, worker) pair is classified as eligible or not, with the reason.
 * Everything later (model, solvers, checker, report) works from this; no user ids beyond here.
 */
import type { Problem } from '../input/schema.js';
import { ineligibility, type Ineligibility } from './eligibility.js';
import { holdings, keptCaseLimit, keptPointsLimit, keptTypeCap, mayCoWork, waitingCost, type Holdings } from './holding.js';
import { casePoints, workerCapacityPoints, workerCaseTypeCap, workerMaxCases } from './weights.js';

/** Cases allocated together (a sibling group, or one case alone). */
export interface AllocationUnit {
  /** Indices into problem.cases. */
  readonly cases: readonly number[];
  readonly points: number;
  /** Count of the unit's cases per case type (index into Team.caseTypes). */
  readonly typeCounts: Float64Array;
  /** Worker index the unit is pinned to (by a user's pin, or as the held part of a family whose new siblings may wait), or -1. */
  readonly pinnedWorker: number;
  /** Over capacity (keep-held): the unit is held by an available worker who may keep it, so it is never left unallocated. */
  readonly mustAllocate: boolean;
  /** The new siblings of a held family that stay apart from it: the worker they join (or they wait); else -1. */
  readonly joinsWorker: number;
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
  /** Who holds what now and who is above a limit already (the over-capacity rules, src/domain/holding.ts). */
  readonly holdings: Holdings;
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

  const held = holdings(problem);
  const keepHeld = held.keepHeld;

  // Group siblings: first appearance of a family fixes the unit's position (stable order).
  const groups: number[][] = [];
  const familyGroup = new Map<string, number>();
  cases.forEach((c, j) => {
    const key = policy.keepSiblingsTogether ? c.familyId : null;
    let g = key === null ? undefined : familyGroup.get(key);
    if (g === undefined) {
      g = groups.length;
      groups.push([]);
      if (key !== null) familyGroup.set(key, g);
    }
    groups[g].push(j);
  });

  // The policy's caps as the rules read them (typeCaps is raised to pinned and held loads below; the
  // reasons of the units, built on demand, read these).
  const ruleTypeCaps = Float64Array.from(typeCaps);
  /** The first rule that bars worker i from the cases (null = none). */
  const barred = (i: number, members: readonly number[]): { caseIndex: number; reason: Ineligibility } | null => {
    for (const j of members) {
      const reason = ineligibility(workers[i], cases[j], policy, ruleTypeCaps[i * T + caseType[j]]);
      if (reason) return { caseIndex: j, reason };
    }
    return null;
  };
  /** Who may take these cases together, and (withReasons) why each other worker may not. */
  const eligibility = (members: readonly number[], pinnedWorker: number, joinsWorker: number, withReasons = false) => {
    const eligible: number[] = [];
    const ineligible = new Map<number, { caseIndex: number; reason: Ineligibility }>();
    for (let i = 0; i < m; i++) {
      if (pinnedWorker >= 0 && i !== pinnedWorker) continue; // pinned: no other worker is considered
      // A pin is the manager's decision: it stands even where a rule would say no (validate warns);
      // under keep-held it covers the family's held cases only.
      let why = barred(i, i === pinnedWorker ? members.filter((j) => keepHeld && held.heldBy[j] !== i) : members);
      if (why === null && joinsWorker >= 0 && i !== joinsWorker) why = { caseIndex: members[0], reason: { rule: 'family-worker', workerId: workers[joinsWorker].id } };
      if (why === null && keepHeld && held.aboveLimit[i] && gains(i, members)) why = { caseIndex: members.find((j) => held.heldBy[j] !== i)!, reason: { rule: 'above-limit' } };
      if (why === null) eligible.push(i);
      else if (withReasons) ineligible.set(i, why);
    }
    return { eligible, ineligible };
  };
  /** Keep-held: a worker above the limit takes only cases they hold now. */
  const gains = (i: number, members: readonly number[]): boolean => members.some((j) => held.heldBy[j] !== i);
  const pointsOfMembers = (members: readonly number[]) => members.reduce((sum, j) => sum + pointsOf[j], 0);

  // Keep-held: the new siblings of a family held by one worker (and held siblings that worker may not
  // keep by rule) join that worker while the family fits within their limits (families taken in case
  // order); otherwise the siblings the worker keeps stay with them, and the others join them later if
  // the search makes room, or wait — two units tied to one worker.
  const added = new Float64Array(m);
  const addedCount = new Float64Array(m);
  const addedTypes = new Float64Array(m * T);
  interface Draft { members: number[]; pinnedWorker: number; mustAllocate: boolean; joinsWorker: number }
  const drafts: Draft[] = [];
  for (const members of groups) {
    let pinnedWorker = -1;
    for (const j of members) if (cases[j].pinned) pinnedWorker = currentWorker[j];
    const holders = new Set<number>();
    for (const j of members) if (held.heldBy[j] >= 0) holders.add(held.heldBy[j]);
    if (!keepHeld) {
      drafts.push({ members, pinnedWorker, mustAllocate: false, joinsWorker: -1 });
      continue;
    }
    // The family's worker: the pinned worker, else the one worker who holds it now.
    const h = pinnedWorker >= 0 ? pinnedWorker : holders.size === 1 ? [...holders][0] : -1;
    if (h < 0) {
      // New referrals (or a family held by two workers, to be reunited): they may wait.
      drafts.push({ members, pinnedWorker, mustAllocate: false, joinsWorker: -1 });
      continue;
    }
    // The cases the holder keeps: those they may hold by rule (a pin keeps the whole held family).
    const stays = members.filter((j) => held.heldBy[j] === h && (pinnedWorker === h || barred(h, [j]) === null));
    const others = members.filter((j) => !stays.includes(j));
    if (stays.length === 0 || others.length === 0) {
      drafts.push({ members, pinnedWorker, mustAllocate: stays.length > 0, joinsWorker: -1 });
      continue;
    }
    let fits = held.aboveLimit[h] === 0 && barred(h, others) === null;
    if (fits) {
      const pts = pointsOfMembers(others);
      fits = held.heldPoints[h] + added[h] + pts <= limitPoints[h] + 1e-9 && held.heldCount[h] + addedCount[h] + others.length <= maxCases[h];
      for (const j of others) {
        const t = caseType[j];
        if (held.heldTypeCount[h * T + t] + addedTypes[h * T + t] + others.filter((q) => caseType[q] === t).length > typeCaps[h * T + t]) fits = false;
      }
      if (fits) {
        added[h] += pts;
        addedCount[h] += others.length;
        for (const j of others) addedTypes[h * T + caseType[j]] += 1;
      }
    }
    // Where no case may wait (allowUnallocated false) an unpinned family stays one unit that must go
    // somewhere whole, unless nobody may take it whole.
    const whole = fits || (!policy.allowUnallocated && pinnedWorker < 0 && eligibility(members, pinnedWorker, -1).eligible.length > 0);
    if (whole) drafts.push({ members, pinnedWorker, mustAllocate: true, joinsWorker: -1 });
    else {
      drafts.push({ members: stays, pinnedWorker: h, mustAllocate: true, joinsWorker: -1 });
      drafts.push({ members: others, pinnedWorker: -1, mustAllocate: false, joinsWorker: h });
    }
  }

  const caseUnit = new Int32Array(n);
  const units: AllocationUnit[] = drafts.map((d, u) => {
    const { members, pinnedWorker, mustAllocate, joinsWorker } = d;
    let points = 0;
    const typeCounts = new Float64Array(T);
    for (const j of members) {
      caseUnit[j] = u;
      points += pointsOf[j];
      typeCounts[caseType[j]] += 1;
    }
    const eligible = Int32Array.from(eligibility(members, pinnedWorker, joinsWorker).eligible);
    // The reasons (a map entry per ineligible pair) are read only for units that wait, by the report
    // and the diagnosis: built on first use (measured: 187,000 entries on 150 x 3,500, about a third
    // of buildTeam's time with the garbage they leave).
    return withLazyReasons({ cases: members, points, typeCounts, pinnedWorker, mustAllocate, joinsWorker, eligible }, () => eligibility(members, pinnedWorker, joinsWorker, true).ineligible);
  });

  // Pins are never moved, so where pinned load alone exceeds a limit the limit rises to it; under
  // keep-held every limit rises to what the worker holds now (they keep it, and gain nothing when above).
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
    limitPoints[i] = keptPointsLimit(held, i, Math.max(limitPoints[i], pinnedPoints[i]));
    maxCases[i] = keptCaseLimit(held, i, Math.max(maxCases[i], pinnedCount[i]));
    for (let k = 0; k < T; k++) typeCaps[i * T + k] = keptTypeCap(held, i, k, T, Math.max(typeCaps[i * T + k], pinnedTypes[i * T + k]));
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
      const reason = ineligibility(workers[i], c, policy, workerCaseTypeCap(workers[i], c.type, policy), true) ?? (mayCoWork(held, i) ? null : ({ rule: 'above-limit' } as const));
      if (reason) ineligible.set(i, reason);
      else eligible.push(i);
    }
    caseCoWork[j] = coWork.length;
    coWork.push({ caseIndex: j, leadUnit: caseUnit[j], points: pointsOf[j] * policy.coWorkerShare, count: policy.coWorkerCountsAsCase ? 1 : 0, typeCounts, eligible: Int32Array.from(eligible), ineligible });
  });

  return { problem, caseTypes, capacityPoints, limitPoints, targetPoints, maxCases, typeCaps, casePoints: pointsOf, caseType, caseUnit, currentWorker, units, coWork, caseCoWork, workerIndex, holdings: held };
}

/** A unit whose `ineligible` map is computed on first read (then kept as a plain property). */
function withLazyReasons(unit: Omit<AllocationUnit, 'ineligible'>, reasons: () => AllocationUnit['ineligible']): AllocationUnit {
  return Object.defineProperty(unit, 'ineligible', {
    enumerable: true,
    configurable: true,
    get(this: AllocationUnit) {
      const value = reasons();
      Object.defineProperty(this, 'ineligible', { value, enumerable: true, writable: false, configurable: false });
      return value;
    },
  }) as AllocationUnit;
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
 * Cost of leaving a unit unallocated (per case weights.unallocated × its type's priority, plus the moves
 * it makes away from current workers); Infinity where some worker is eligible and the policy forbids
 * it, or the unit is held by an available worker who may keep it (keep-held).
 */
export function unitUnallocatedCost(team: Team, unit: AllocationUnit): number {
  const policy = team.problem.policy;
  if (unit.eligible.length > 0 && (unit.mustAllocate || !policy.allowUnallocated)) return Infinity;
  let waiting = 0;
  for (const j of unit.cases) waiting += waitingCost(policy, team.problem.cases[j].type);
  return waiting + policy.weights.move * unitMoves(team, unit, -1);
}
