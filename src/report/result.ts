/**
 * The allocation result a user reads: the verified allocation in ids, per-worker figures with bands,
 * moves, and unallocated cases with the reason in words.
 */
import { describeIneligibility } from '../domain/eligibility.js';
import type { Team } from '../domain/team.js';
import { utilisationBand, type Band } from '../domain/weights.js';
import type { SolveStatus } from '../solvers/team.js';
import type { CheckResult } from '../verify/check.js';
import { explainWorkers } from './explain.js';
import { roundTo } from '../util/numbers.js';

export interface WorkerSummary {
  readonly workerId: string;
  readonly team: string;
  readonly role: string;
  readonly available: boolean;
  readonly cases: number;
  readonly points: number;
  readonly capacityPoints: number;
  /** points / capacityPoints (0 when capacity is 0). */
  readonly utilisation: number;
  readonly band: Band;
  readonly maxCases: number;
  /** Cases and points before this allocation (from currentWorkerId). */
  readonly casesBefore: number;
  readonly pointsBefore: number;
  /** Points carried per case type (present when there is an allocation). */
  readonly pointsByType?: Readonly<Record<string, number>>;
  /** Cases gained and where from (null = new referral); cases given up and where to (null = unallocated). */
  readonly casesIn?: readonly { readonly caseId: string; readonly from: string | null }[];
  readonly casesOut?: readonly { readonly caseId: string; readonly to: string | null }[];
  /** What changed for this worker and why, in words. */
  readonly notes?: readonly string[];
}

export interface AllocationResult {
  readonly status: SolveStatus;
  /** The objective recomputed by the checker (null when no allocation). */
  readonly objective: number | null;
  /** Proven lower bound on the objective, or null. */
  readonly bound: number | null;
  /** Relative gap (objective − bound) / max(1, |objective|), or null. */
  readonly gap: number | null;
  readonly assignments: readonly { readonly caseId: string; readonly workerId: string }[];
  readonly unallocated: readonly { readonly caseId: string; readonly reason: string }[];
  readonly moves: readonly { readonly caseId: string; readonly from: string; readonly to: string | null }[];
  /** Co-worked cases: the second worker of each (present only when some case is co-worked). */
  readonly coWorkers?: readonly { readonly caseId: string; readonly workerId: string }[];
  /** Co-worked cases left without a co-worker, with the reason. */
  readonly unallocatedCoWorkers?: readonly { readonly caseId: string; readonly reason: string }[];
  readonly workers: readonly WorkerSummary[];
  /** stop: why the solve stopped — proven 'optimal' or 'infeasible', or its 'time', 'effort' or 'target-gap' limit. */
  readonly stats: { readonly solver: string; readonly seconds: number; readonly iterations: number; readonly verified: boolean; readonly stop?: 'optimal' | 'infeasible' | 'time' | 'effort' | 'target-gap' };
  /** The continuity workflow solved (absent = rebalance, the problem as given). */
  readonly mode?: 'rebalance' | 'intake' | 'handover';
  /** handover: the workers who left. */
  readonly leaving?: readonly string[];
  /** When no allocation satisfies the hard rules: a minimal set of conflicting rules, in words. */
  readonly diagnosis?: Diagnosis;
}

/** A minimal set of conflicting constraint groups (see src/solvers/diagnose.ts). */
export interface Diagnosis {
  /** true: the conflict is proven (each group is necessary and together they cannot hold). */
  readonly proven: boolean;
  readonly summary: string;
  readonly conflicts: readonly { readonly group: string; readonly words: string }[];
  /** Aggregate facts behind the conflict, e.g. "… total 84 points; those workers may carry 60". */
  readonly details: readonly string[];
}

export interface ResultInput {
  readonly team: Team;
  readonly status: SolveStatus;
  /** Worker per case (-1 = unallocated), or null when there is no allocation. */
  readonly caseWorker: Int32Array | null;
  /** Co-worker per case (-1 = none). */
  readonly coWorker?: Int32Array;
  readonly check: CheckResult | null;
  readonly bound: number | null;
  readonly solver: string;
  readonly seconds: number;
  readonly iterations: number;
}

export function buildResult(r: ResultInput): AllocationResult {
  const { team } = r;
  const { workers, cases } = team.problem;
  const m = workers.length;
  const caseWorker = r.caseWorker ?? new Int32Array(cases.length).fill(-1);
  const points = new Float64Array(m);
  const count = new Int32Array(m);
  const pointsBefore = new Float64Array(m);
  const countBefore = new Int32Array(m);
  const coWorker = r.coWorker ?? new Int32Array(cases.length).fill(-1);
  const { coWorkerShare, coWorkerCountsAsCase } = team.problem.policy;
  cases.forEach((_, j) => {
    const i = caseWorker[j];
    if (i >= 0) {
      points[i] += team.casePoints[j];
      count[i]++;
    }
    const k = coWorker[j];
    if (k >= 0) {
      points[k] += team.casePoints[j] * coWorkerShare;
      if (coWorkerCountsAsCase) count[k]++;
    }
    const cur = team.currentWorker[j];
    if (cur >= 0) {
      pointsBefore[cur] += team.casePoints[j];
      countBefore[cur]++;
    }
  });

  const assignments: { caseId: string; workerId: string }[] = [];
  const moves: { caseId: string; from: string; to: string | null }[] = [];
  cases.forEach((c, j) => {
    const i = caseWorker[j];
    if (i >= 0) assignments.push({ caseId: c.id, workerId: workers[i].id });
    if (r.caseWorker && c.currentWorkerId !== null && team.currentWorker[j] !== i) {
      moves.push({ caseId: c.id, from: c.currentWorkerId, to: i >= 0 ? workers[i].id : null });
    }
  });

  const unallocated: { caseId: string; reason: string }[] = [];
  const explained = new Map<number, string>();
  cases.forEach((c, j) => {
    if (caseWorker[j] >= 0) return;
    const u = team.caseUnit[j];
    let reason = explained.get(u);
    if (reason === undefined) {
      reason = r.caseWorker ? unallocatedReason(team, u, points, count, caseWorker) : 'no allocation satisfies every hard rule (the policy does not allow cases to stay unallocated)';
      explained.set(u, reason);
    }
    unallocated.push({ caseId: c.id, reason });
  });

  const workerNotes = r.caseWorker ? explainWorkers(team, r.caseWorker, coWorker) : null;
  const summaries: WorkerSummary[] = workers.map((w, i) => {
    const capacityPoints = team.capacityPoints[i];
    const utilisation = capacityPoints > 0 ? points[i] / capacityPoints : 0;
    return {
      workerId: w.id,
      team: w.team,
      role: w.role,
      available: w.available,
      cases: count[i],
      points: roundTo(points[i]),
      capacityPoints: roundTo(capacityPoints),
      utilisation: Math.round(utilisation * 10000) / 10000,
      band: capacityPoints > 0 ? utilisationBand(utilisation) : count[i] > 0 ? 'red' : 'blue',
      maxCases: team.maxCases[i],
      casesBefore: countBefore[i],
      pointsBefore: roundTo(pointsBefore[i]),
      ...(workerNotes ? workerNotes[i] : {}),
    };
  });

  const coWorked = team.coWork.length > 0;
  const coWorkers = coWorked ? team.coWork.flatMap((cw) => (coWorker[cw.caseIndex] >= 0 ? [{ caseId: cases[cw.caseIndex].id, workerId: workers[coWorker[cw.caseIndex]].id }] : [])) : undefined;
  const unallocatedCoWorkers = coWorked
    ? team.coWork.flatMap((cw) => (coWorker[cw.caseIndex] >= 0 ? [] : [{ caseId: cases[cw.caseIndex].id, reason: coWorkReason(team, cw, points, count, caseWorker[cw.caseIndex]) }]))
    : undefined;

  const objective = r.check ? r.check.objective : null;
  const bound = r.bound;
  const gap = objective !== null && bound !== null ? Math.max(0, objective - bound) / Math.max(1, Math.abs(objective)) : null;
  return {
    status: r.status,
    objective: objective === null ? null : roundTo(objective, 6),
    bound: bound === null ? null : roundTo(bound, 6),
    gap: gap === null ? null : roundTo(gap, 6),
    assignments,
    unallocated,
    moves,
    ...(coWorked ? { coWorkers, unallocatedCoWorkers } : {}),
    workers: summaries,
    stats: { solver: r.solver, seconds: roundTo(r.seconds, 3), iterations: r.iterations, verified: r.check?.ok ?? false },
  };
}

/** Why a co-worked case has no co-worker, in words. */
function coWorkReason(team: Team, cw: Team['coWork'][number], points: Float64Array, count: Int32Array, lead: number): string {
  const { workers } = team.problem;
  if (cw.eligible.length === 0) {
    const tally = new Map<string, number>();
    for (const [i, reason] of cw.ineligible) {
      const words = reason.rule === 'unavailable' ? 'not available' : describeIneligibility(reason, workers[i].id).replace(`${workers[i].id} `, '');
      tally.set(words, (tally.get(words) ?? 0) + 1);
    }
    return `no worker may co-work it: ${[...tally].map(([words, k]) => `${k} worker${k === 1 ? '' : 's'}: ${words}`).join('; ')}`;
  }
  const others = Array.from(cw.eligible).filter((i) => i !== lead);
  if (others.length === 0) return `the only worker who may co-work it is its lead, ${workers[lead].id}`;
  let mostFree = 0;
  for (const i of others) mostFree = Math.max(mostFree, team.limitPoints[i] - points[i]);
  if (cw.points <= mostFree + 1e-9) {
    const roomy = others.filter((i) => cw.points <= team.limitPoints[i] - points[i] + 1e-9);
    if (roomy.every((i) => count[i] + cw.count > team.maxCases[i])) return `every worker with room to co-work it is at their maximum number of cases`;
    return 'the workers with room to co-work it are at a case-type cap, or co-working it would cost more under the policy weights than leaving it without';
  }
  return `every worker who may co-work it is at capacity: it needs ${roundTo(cw.points)} points, the most free is ${roundTo(mostFree)}`;
}

/** Why a unit is unallocated, in words, from the final loads. */
function unallocatedReason(team: Team, u: number, points: Float64Array, count: Int32Array, caseWorker: Int32Array): string {
  const unit = team.units[u];
  const { workers, policy } = team.problem;
  const family = unit.cases.length > 1 ? ` (sibling group of ${unit.cases.length}, ${roundTo(unit.points)} points together)` : '';
  if (unit.eligible.length === 0) {
    const tally = new Map<string, number>();
    for (const [i, why] of unit.ineligible) {
      const words = why.reason.rule === 'unavailable' ? 'not available' : withoutSubject(describeIneligibility(why.reason, workers[i].id), workers[i].id);
      tally.set(words, (tally.get(words) ?? 0) + 1);
    }
    const parts = [...tally].sort((a, b) => b[1] - a[1]).map(([words, k]) => `${k} worker${k === 1 ? '' : 's'}: ${words}`);
    return `no worker may take it${family}: ${parts.join('; ')}`;
  }
  const T = team.caseTypes.length;
  let mostFree = -Infinity;
  let blockedByCount = 0;
  let blockedByType = 0;
  let room = 0;
  for (const i of unit.eligible) {
    const free = team.limitPoints[i] - points[i];
    mostFree = Math.max(mostFree, free);
    const fitsPoints = unit.points <= free + 1e-9;
    const fitsCount = count[i] + unit.cases.length <= team.maxCases[i];
    let fitsTypes = true;
    for (let t = 0; t < T; t++) {
      if (unit.typeCounts[t] === 0) continue;
      let held = 0;
      caseWorker.forEach((w, j) => {
        if (w === i && team.caseType[j] === t) held++;
      });
      if (held + unit.typeCounts[t] > team.typeCaps[i * T + t]) fitsTypes = false;
    }
    if (fitsPoints && !fitsCount) blockedByCount++;
    if (fitsPoints && fitsCount && !fitsTypes) blockedByType++;
    if (fitsPoints && fitsCount && fitsTypes) room++;
  }
  const k = unit.eligible.length;
  if (room === 0) {
    const barred = new Map<string, number>();
    for (const [i, why] of unit.ineligible) {
      if (!workers[i].available) continue;
      const words = withoutSubject(describeIneligibility(why.reason, workers[i].id), workers[i].id);
      barred.set(words, (barred.get(words) ?? 0) + 1);
    }
    const parts = [`every eligible worker (${k}) is at capacity${family}: it needs ${roundTo(unit.points)} points and the most any has free is ${roundTo(Math.max(0, mostFree))} (short by ${roundTo(unit.points - Math.max(0, mostFree))})`];
    if (blockedByCount) parts.push(`${blockedByCount} with points free are at their maximum number of cases`);
    if (blockedByType) parts.push(`${blockedByType} with room are at a case-type cap`);
    for (const [words, n] of barred) parts.push(`${n} other${n === 1 ? '' : 's'}: ${words}`);
    return parts.join('; ');
  }
  if (policy.maxMoves !== null) return `the move budget (${policy.maxMoves}) left no room to make space for it${family}`;
  return `allocating it would cost more under the policy weights than leaving it${family}`;
}

/** "w03 lacks …" → "lacks …" (only a leading worker id is taken off). */
function withoutSubject(words: string, workerId: string): string {
  return words.startsWith(`${workerId} `) ? words.slice(workerId.length + 1) : words;
}

