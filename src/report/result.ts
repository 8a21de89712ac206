/**
 * The allocation result a user reads: the verified allocation in ids, per-worker figures with bands,
 * moves, and unallocated cases with the reason in words.
 */
import { describeIneligibility } from '../domain/eligibility.js';
import type { Team } from '../domain/team.js';
import { utilisationBand, type Band } from '../domain/weights.js';
import type { SolveStatus } from '../solvers/team.js';
import type { CheckResult } from '../verify/check.js';

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
  readonly workers: readonly WorkerSummary[];
  readonly stats: { readonly solver: string; readonly seconds: number; readonly iterations: number; readonly verified: boolean };
}

export interface ResultInput {
  readonly team: Team;
  readonly status: SolveStatus;
  /** Worker per case (-1 = unallocated), or null when there is no allocation. */
  readonly caseWorker: Int32Array | null;
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
  cases.forEach((_, j) => {
    const i = caseWorker[j];
    if (i >= 0) {
      points[i] += team.casePoints[j];
      count[i]++;
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

  const summaries: WorkerSummary[] = workers.map((w, i) => {
    const capacityPoints = team.capacityPoints[i];
    const utilisation = capacityPoints > 0 ? points[i] / capacityPoints : 0;
    return {
      workerId: w.id,
      team: w.team,
      role: w.role,
      available: w.available,
      cases: count[i],
      points: round(points[i]),
      capacityPoints: round(capacityPoints),
      utilisation: Math.round(utilisation * 10000) / 10000,
      band: capacityPoints > 0 ? utilisationBand(utilisation) : count[i] > 0 ? 'red' : 'blue',
      maxCases: team.maxCases[i],
      casesBefore: countBefore[i],
      pointsBefore: round(pointsBefore[i]),
    };
  });

  const objective = r.check ? r.check.objective : null;
  const bound = r.bound;
  const gap = objective !== null && bound !== null ? Math.max(0, objective - bound) / Math.max(1, Math.abs(objective)) : null;
  return {
    status: r.status,
    objective: objective === null ? null : round(objective, 6),
    bound: bound === null ? null : round(bound, 6),
    gap: gap === null ? null : round(gap, 6),
    assignments,
    unallocated,
    moves,
    workers: summaries,
    stats: { solver: r.solver, seconds: round(r.seconds, 3), iterations: r.iterations, verified: r.check?.ok ?? false },
  };
}

/** Why a unit is unallocated, in words, from the final loads. */
function unallocatedReason(team: Team, u: number, points: Float64Array, count: Int32Array, caseWorker: Int32Array): string {
  const unit = team.units[u];
  const { workers, policy } = team.problem;
  const family = unit.cases.length > 1 ? ` (sibling group of ${unit.cases.length}, ${round(unit.points)} points together)` : '';
  if (unit.eligible.length === 0) {
    const tally = new Map<string, number>();
    for (const [i, why] of unit.ineligible) {
      const words = why.reason.rule === 'unavailable' ? 'not available' : describeIneligibility(why.reason, workers[i].id).replace(`${workers[i].id} `, '');
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
    const parts = [`every eligible worker (${k}) is at capacity${family}: it needs ${round(unit.points)} points and the most any has free is ${round(Math.max(0, mostFree))} (short by ${round(unit.points - Math.max(0, mostFree))})`];
    if (blockedByCount) parts.push(`${blockedByCount} with points free are at their maximum number of cases`);
    if (blockedByType) parts.push(`${blockedByType} with room are at a case-type cap`);
    return parts.join('; ');
  }
  if (policy.maxMoves !== null) return `the move budget (${policy.maxMoves}) left no room to make space for it${family}`;
  return `allocating it would cost more under the policy weights than leaving it${family}`;
}

function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
