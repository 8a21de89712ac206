/**
 * The allocation result a user reads: the verified allocation in ids, per-worker figures with bands,
 * moves, and unallocated cases with the reason in words.
 */
import { describeIneligibility } from '../domain/eligibility.js';
import { pinWarnings, type PinWarning } from '../domain/pins.js';
import { describeTerms, evaluateMove, loadState, type LoadState } from '../domain/moveCost.js';
import type { Team } from '../domain/team.js';
import { utilisationBand, type Band } from '../domain/weights.js';
import type { SolveStatus } from '../solvers/team.js';
import type { CheckResult } from '../verify/check.js';
import { explainWorkers } from './explain.js';
import { capacityFigures, capacityHeadline, combineCapacity, type CapacityFigures, type WaitingCase, type WorkerLoad } from './capacity.js';
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
  /** stop: why the solve stopped — proven 'optimal' or 'infeasible', or its 'time', 'effort' or 'target-gap' limit, or 'first-answer': the time limit passed before a first allocation was found and the answer (unimproved) came after it. queueSeconds: seconds the solve waited before it started — set by the HTTP service (in its queue) and on a batch's teams (for a pool thread, or inline for the teams before it; their `seconds` are their own solve's). */
  readonly stats: { readonly solver: string; readonly seconds: number; readonly iterations: number; readonly verified: boolean; readonly stop?: 'optimal' | 'infeasible' | 'time' | 'effort' | 'target-gap' | 'first-answer'; readonly queueSeconds?: number };
  /** The continuity workflow solved (absent = rebalance, the problem as given). */
  readonly mode?: 'rebalance' | 'intake' | 'handover';
  /** handover: the workers who left. */
  readonly leaving?: readonly string[];
  /** When no allocation satisfies the hard rules: a minimal set of conflicting rules, in words. */
  readonly diagnosis?: Diagnosis;
  /** Demand against capacity for the service and per team (src/report/capacity.ts). */
  readonly capacity: CapacityReport;
  /** Pinned children whose pin overrides a skill, role or case-type rule, each with the rule. */
  readonly pinWarnings: readonly PinWarning[];
}

export interface CapacityReport extends CapacityFigures {
  /** The figures in one sentence, e.g. "Demand 1,520 points against 1,010 at target (150 %): …". */
  readonly headline: string;
  readonly teams: readonly ({ readonly team: string } & CapacityFigures)[];
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
  const state = r.caseWorker ? loadState(team.problem, caseWorker, coWorker) : null;
  cases.forEach((c, j) => {
    if (caseWorker[j] >= 0) return;
    const u = team.caseUnit[j];
    let reason = explained.get(u);
    if (reason === undefined) {
      reason = state ? unallocatedReason(team, u, state) : 'no allocation satisfies every hard rule (the policy does not allow cases to stay unallocated)';
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

  const capacity = capacityReport(team, points, caseWorker, coWorker);
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
    capacity,
    pinWarnings: pinWarnings(team.problem, team.holdings),
  };
}

/** Demand against capacity per team (workers by their team; a waiting case by its team, else its current worker's). */
function capacityReport(team: Team, points: Float64Array, caseWorker: Int32Array, coWorker: Int32Array): CapacityReport {
  const { workers, cases, policy } = team.problem;
  const names = workers.length ? [...new Set(workers.map((w) => w.team))] : ['team'];
  const loads = new Map<string, WorkerLoad[]>(names.map((t) => [t, []]));
  const waiting = new Map<string, WaitingCase[]>(names.map((t) => [t, []]));
  workers.forEach((w, i) => loads.get(w.team)!.push({ workerId: w.id, available: w.available, points: points[i], capacityPoints: team.capacityPoints[i] }));
  cases.forEach((c, j) => {
    const cur = team.currentWorker[j];
    const t = c.team ?? (cur >= 0 ? workers[cur].team : names[0]);
    const list = waiting.get(t) ?? waiting.get(names[0])!;
    if (caseWorker[j] < 0) list.push({ type: c.type, points: team.casePoints[j] });
    if (c.coWorked && coWorker[j] < 0) list.push({ type: c.type, points: team.casePoints[j] * policy.coWorkerShare, share: true });
  });
  const teams = names.map((t) => ({ team: t, ...capacityFigures(policy, loads.get(t)!, waiting.get(t)!) }));
  const service = teams.length === 1 ? capacityFigures(policy, loads.get(names[0])!, waiting.get(names[0])!) : combineCapacity(policy, teams);
  return { ...service, headline: capacityHeadline(service), teams };
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

/**
 * Why a unit waits, in words, from the final allocation: each worker who may take it by the rules is
 * tried with the exact move cost (the checker's arithmetic), so every figure in the reason is true —
 * "short by" is the real excess over that worker's limit, and "costs more" means the best feasible
 * placement really raises the objective (the pipeline has placed every unit whose placement lowers it).
 */
function unallocatedReason(team: Team, u: number, state: LoadState): string {
  const unit = team.units[u];
  const { workers } = team.problem;
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
  const tries = Array.from(unit.eligible, (i) => evaluateMove(state, unit.cases, i));
  const feasible = tries.filter((e) => e.feasible).sort((a, b) => a.delta - b.delta);
  if (feasible.length > 0) {
    const best = feasible[0];
    return `placing it costs more under the policy weights than leaving it waiting${family}: with the best of the ${feasible.length} worker${feasible.length === 1 ? '' : 's'} who could take it, ${workers[best.worker].id}, the objective would rise by ${roundTo(best.delta)} (${describeTerms(best.terms).join(', ')})`;
  }
  // Nobody with room: each worker counted once, under the first of these that applies.
  const kinds: [RegExp, string, string][] = [
    [/^above the limit/, 'is above the limit already and takes nothing new', 'are above the limit already and take nothing new'],
    [/^no room/, 'has no room', 'have no room'],
    [/^at the maximum/, 'is at their maximum number of cases', 'are at their maximum number of cases'],
    [/^at the cap/, 'is at a case-type cap', 'are at a case-type cap'],
    [/^over the move budget/, 'would need a move over the budget', 'would need a move over the budget'],
  ];
  const counts = new Map<number, number>();
  const otherWords = new Map<string, number>();
  let closest = Infinity;
  for (const e of tries) {
    const k = kinds.findIndex(([re]) => e.reasons.some((r) => re.test(r)));
    if (k < 0) {
      otherWords.set(e.reasons[0], (otherWords.get(e.reasons[0]) ?? 0) + 1);
      continue;
    }
    counts.set(k, (counts.get(k) ?? 0) + 1);
    if (k === 1 && e.shortBy !== undefined && e.shortBy > 0) closest = Math.min(closest, e.shortBy);
  }
  const parts = [...counts].sort((a, b) => a[0] - b[0]).map(([k, n]) => `${n} ${n === 1 ? kinds[k][1] : kinds[k][2]}${k === 1 && Number.isFinite(closest) ? ` (it needs ${roundTo(unit.points)} points; the closest is short by ${roundTo(closest)})` : ''}`);
  for (const [words, n] of otherWords) parts.push(`${n} cannot take it: ${words}`);
  // Why the others may not take it by the rules.
  const barred = new Map<string, number>();
  for (const [i, why] of unit.ineligible) {
    if (!workers[i].available) continue;
    const words = withoutSubject(describeIneligibility(why.reason, workers[i].id), workers[i].id);
    barred.set(words, (barred.get(words) ?? 0) + 1);
  }
  for (const [words, n] of barred) parts.push(`${n} other${n === 1 ? '' : 's'}: ${words}`);
  const k = tries.length;
  return `no worker who may take it has room${family}: of the ${k} who may take it by the rules, ${parts.join('; ')}`;
}

/** "w03 lacks …" → "lacks …" (only a leading worker id is taken off). */
function withoutSubject(words: string, workerId: string): string {
  const rest = words.startsWith(`${workerId} `) ? words.slice(workerId.length + 1) : words;
  // "9 others: above the limit already, …" reads for one worker and for several.
  return rest.startsWith('is ') ? rest.slice(3) : rest;
}

