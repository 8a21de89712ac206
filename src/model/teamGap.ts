/**
 * The allocation problem as a GAP-core instance: jobs = allocation units then co-worker allocations
 * (allocationJobs), agents = workers, resources = points, case count, then one per capped case type.
 * The balance terms become the core's convex load penalty, expressed against each worker's nominal
 * capacity. The core cannot hold "a co-worker is not the lead"; `partner` lets the solve rule repair it.
 */
import { allocationJobs, type Team } from '../domain/team.js';
import type { GapInstance } from '../gap/instance.js';

export interface TeamGap {
  readonly instance: GapInstance;
  /** Per resource k ≥ 2: the case type it caps. */
  readonly cappedTypes: readonly number[];
  /** Charged moves of each (worker, unit) pair, layout as cost; and of leaving each unit unallocated. */
  readonly pairMoves: Float64Array;
  readonly unassignedMoves: Float64Array;
  /** Per job: the job it must not share a worker with (a co-worker's lead), or -1. */
  readonly partner: Int32Array;
}

/**
 * The same instance with every charged move priced `price` higher: the Lagrangian relaxation of the
 * team-wide move budget (a budget is not a per-worker resource, so the core cannot hold it directly).
 */
export function withMovePrice(teamGap: TeamGap, price: number): GapInstance {
  const base = teamGap.instance;
  if (price === 0) return base;
  const cost = Float64Array.from(base.cost, (c, x) => c + price * teamGap.pairMoves[x]);
  const unassignedCost = Float64Array.from(base.unassignedCost!, (c, j) => c + price * teamGap.unassignedMoves[j]);
  return { ...base, cost, unassignedCost };
}

export function teamToGap(team: Team): TeamGap {
  const { problem } = team;
  const { policy } = problem;
  const jobs = allocationJobs(team);
  const m = problem.workers.length;
  const n = jobs.length;
  const T = team.caseTypes.length;
  // Only case types with a finite cap for some worker become resources.
  const cappedTypes: number[] = [];
  for (let t = 0; t < T; t++) {
    for (let i = 0; i < m; i++) {
      if (Number.isFinite(team.typeCaps[i * T + t])) {
        cappedTypes.push(t);
        break;
      }
    }
  }
  const K = 2 + cappedTypes.length;
  const cost = new Float64Array(m * n).fill(Infinity);
  const weight = new Float64Array(K * m * n);
  const capacity = new Float64Array(K * m);
  for (let i = 0; i < m; i++) {
    capacity[i] = team.limitPoints[i];
    capacity[m + i] = team.maxCases[i];
    cappedTypes.forEach((t, k) => {
      const cap = team.typeCaps[i * T + t];
      capacity[(2 + k) * m + i] = Number.isFinite(cap) ? cap : n * 1e6;
    });
  }
  const unassignedCost = new Float64Array(n);
  const pairMoves = new Float64Array(m * n);
  const unassignedMoves = new Float64Array(n);
  const fixedAgent = new Int32Array(n).fill(-1);
  const partner = new Int32Array(n);
  // A job's weight is the same on every worker: one row per resource, copied to each worker's block
  // (measured: the per-pair loop it replaces took most of teamToGap's time, 60-160 ms on 150 x 3,500).
  const rows = Array.from({ length: K }, () => new Float64Array(n));
  for (let j = 0; j < n; j++) {
    const job = jobs[j];
    partner[j] = job.partner;
    unassignedCost[j] = job.unallocatedCost;
    unassignedMoves[j] = job.moves(-1);
    if (job.pinnedWorker >= 0) fixedAgent[j] = job.pinnedWorker;
    const eligible = job.eligible;
    for (let e = 0; e < eligible.length; e++) {
      const i = eligible[e];
      cost[i * n + j] = job.cost(i);
      pairMoves[i * n + j] = job.moves(i);
    }
    rows[0][j] = job.points;
    rows[1][j] = job.count;
    for (let k = 0; k < cappedTypes.length; k++) rows[2 + k][j] = job.typeCounts[cappedTypes[k]];
  }
  for (let k = 0; k < K; k++) for (let i = 0; i < m; i++) weight.set(rows[k], (k * m + i) * n);
  const w = policy.weights;
  // Spread thresholds and the target, as one convex piecewise-linear penalty (sorted by threshold).
  const pieces = [...policy.balanceThresholds.map((t) => [t, w.spread]), [policy.targetUtilisation, w.overTarget]].sort((a, b) => a[0] - b[0]);
  const thresholds = pieces.map((piece) => piece[0]);
  const slopes = pieces.map((piece) => piece[1]);
  const instance: GapInstance = {
    agents: m,
    jobs: n,
    resources: K,
    cost,
    weight,
    capacity,
    unassignedCost,
    fixedAgent,
    balance: {
      thresholds: Float64Array.from(thresholds),
      slopes: Float64Array.from(slopes),
      maxUtilisationCost: w.maxUtilisation * 100,
      reference: Float64Array.from(team.capacityPoints),
    },
  };
  return { instance, cappedTypes, pairMoves, unassignedMoves, partner };
}
