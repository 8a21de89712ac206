import type { StopReason } from '../util/limits.js';

/**
 * The Generalized Assignment Problem core, in flat typed arrays.
 *
 * Assign each job j (a case, or a family group allocated as one unit) to one agent i (a worker),
 * or leave it unassigned at a penalty where that is allowed, so that every agent's load on every
 * resource stays within its capacity, at least total cost. Minimisation throughout.
 *
 * Layouts (row-major, agent-major):
 *   cost[i * n + j]               cost of job j on agent i; Infinity marks a forbidden pair
 *   weight[(k * m + i) * n + j]   resource k consumed when job j is on agent i (>= 0)
 *   capacity[k * m + i]           capacity of agent i on resource k
 * Resource 0 is the main one (weighted points in the domain; the only one in OR-Library files).
 * Further resources are side limits such as a case count or a per-type cap.
 */
export interface GapInstance {
  /** m: number of agents (workers). */
  readonly agents: number;
  /** n: number of jobs (cases or family units). */
  readonly jobs: number;
  /** K >= 1: number of resources. */
  readonly resources: number;
  /** m*n costs; Infinity = forbidden. */
  readonly cost: Float64Array;
  /** K*m*n resource use. */
  readonly weight: Float64Array;
  /** K*m capacities. */
  readonly capacity: Float64Array;
  /** Per job: the cost of leaving it unassigned; null (or Infinity for a job) = it must be assigned. */
  readonly unassignedCost: Float64Array | null;
  /** Per job: -1 when free, else the agent it is fixed to (pinned). null = nothing fixed. */
  readonly fixedAgent: Int32Array | null;
  /** Optional convex load penalty on resource 0 (the balance term); null = plain GAP. */
  readonly balance: GapBalance | null;
}

/**
 * A convex, per-agent penalty on the resource-0 load, plus a min-max term.
 *   penalty_i(load) = sum_s slopes[s] * max(0, load - thresholds[s] * ref_i)
 *   plus maxUtilisationCost * max_i (load_i / ref_i)       (an agent with ref_i = 0 counts 0)
 * where ref_i = reference[i] (the worker's nominal capacity; it may differ from the hard capacity
 * capacity[0*m + i]), or capacity[0*m + i] when reference is null.
 * Thresholds are utilisation fractions in increasing order; slopes are >= 0. Both are shared by all
 * agents, so the penalty is "the same policy relative to each worker's own capacity".
 */
export interface GapBalance {
  readonly thresholds: Float64Array;
  readonly slopes: Float64Array;
  readonly maxUtilisationCost: number;
  /** Per agent: the points thresholds and utilisation refer to; null = capacity[0*m + i]. */
  readonly reference: Float64Array | null;
}

/** The outcome of one core solve. Minimisation: lowerBound <= objective. */
export interface GapResult {
  /** Best assignment found: agent per job, -1 = unassigned. null when none was found. */
  readonly assignment: Int32Array | null;
  /** Objective of `assignment` (Infinity when none). */
  readonly objective: number;
  /** Proven lower bound on the optimum (-Infinity when none was computed). */
  readonly lowerBound: number;
  /** True only when optimality is proven (objective - lowerBound within rounding, or search complete). */
  readonly optimal: boolean;
  /** True only when infeasibility is proven. */
  readonly infeasible: boolean;
  readonly stats: GapStats;
}

export interface GapStats {
  /** Seconds spent in the solve. */
  readonly seconds: number;
  /** Seconds until the best assignment was found. */
  readonly secondsToBest: number;
  /** Seconds until the first feasible assignment was found (Infinity when none was). */
  readonly secondsToFirst: number;
  /** Effort units spent (the deterministic counter behind `maxIterations`). */
  readonly iterations: number;
  /** Branch-and-bound nodes explored (0 when none ran). */
  readonly nodes: number;
  /** Why the solve returned (see StopReason). */
  readonly stop: StopReason;
}

export interface GapOptions {
  /** Wall-clock limit in seconds, counted from the call. Default 1. */
  readonly timeLimit?: number;
  /**
   * Absolute deadline in performance.now() milliseconds (see SearchLimits), instead of timeLimit: a
   * caller that has spent time before the call says so (the CLI passes the limit counted from process
   * start, so start-up and parsing count). The phases' time shares then split what is left (under an
   * effort limit there are none: see solveGap).
   */
  readonly deadline?: number;
  /** Effort limit (deterministic): stops after this many iterations. Default Infinity. */
  readonly maxIterations?: number;
  /** Seed for all randomness. Default 1. */
  readonly seed?: number;
  /** Stop once (objective - lowerBound) / max(1, |objective|) <= targetGap. Default 0 (prove optimality). */
  readonly targetGap?: number;
  /** Starting assignment (warm start), agent per job, -1 = unassigned. Default none. */
  readonly initial?: Int32Array;
  /** Called each time a better assignment is found. */
  readonly onImprove?: (objective: number, lowerBound: number, seconds: number) => void;
}

/** Cost of leaving job j out; Infinity when it must be assigned. */
export function unassignedCostOf(inst: GapInstance, j: number): number {
  return inst.unassignedCost ? inst.unassignedCost[j] : Infinity;
}

/** Resource-0 load penalty of one agent (see GapBalance); `reference` = that agent's ref_i. */
export function agentLoadPenalty(balance: GapBalance, load: number, reference: number): number {
  let penalty = 0;
  for (let s = 0; s < balance.thresholds.length; s++) {
    const over = load - balance.thresholds[s] * reference;
    if (over > 0) penalty += balance.slopes[s] * over;
  }
  return penalty;
}

/**
 * Objective of an assignment (agent per job, -1 = unassigned). Returns Infinity if it uses a
 * forbidden pair or leaves a must-assign job out. Capacities are NOT checked here (see feasibility).
 */
export function gapObjective(inst: GapInstance, assignment: Int32Array): number {
  const { agents: m, jobs: n, cost, capacity, weight, balance } = inst;
  let total = 0;
  const load = balance ? new Float64Array(m) : null;
  for (let j = 0; j < n; j++) {
    const i = assignment[j];
    if (i < 0) {
      const u = inst.unassignedCost ? inst.unassignedCost[j] : Infinity;
      total += u;
    } else {
      total += cost[i * n + j];
      if (load) load[i] += weight[i * n + j];
    }
  }
  if (balance && load) {
    let maxUtil = 0;
    for (let i = 0; i < m; i++) {
      const ref = balance.reference ? balance.reference[i] : capacity[i];
      total += agentLoadPenalty(balance, load[i], ref);
      const u = ref > 0 ? load[i] / ref : 0;
      if (u > maxUtil) maxUtil = u;
    }
    if (balance.maxUtilisationCost > 0) total += balance.maxUtilisationCost * maxUtil;
  }
  return total;
}

/** True when every resource of every agent is within capacity (with a tiny tolerance). */
export function gapFeasible(inst: GapInstance, assignment: Int32Array): boolean {
  const { agents: m, jobs: n, resources: K, weight, capacity } = inst;
  const load = new Float64Array(K * m);
  for (let j = 0; j < n; j++) {
    const i = assignment[j];
    if (i < 0) continue;
    if (inst.fixedAgent && inst.fixedAgent[j] >= 0 && inst.fixedAgent[j] !== i) return false;
    for (let k = 0; k < K; k++) load[k * m + i] += weight[(k * m + i) * n + j];
  }
  for (let j = 0; j < n; j++) {
    if (inst.fixedAgent && inst.fixedAgent[j] >= 0 && assignment[j] !== inst.fixedAgent[j]) return false;
  }
  for (let x = 0; x < K * m; x++) if (load[x] > capacity[x] + 1e-9) return false;
  return true;
}

/** A plain single-resource GAP (the OR-Library form): cost and weight are m*n, row per agent. */
export function plainGap(agents: number, jobs: number, cost: Float64Array, weight: Float64Array, capacity: Float64Array): GapInstance {
  if (cost.length !== agents * jobs || weight.length !== agents * jobs || capacity.length !== agents) {
    throw new Error(`plainGap: expected cost and weight of length ${agents * jobs} and capacity of length ${agents}`);
  }
  return { agents, jobs, resources: 1, cost, weight, capacity, unassignedCost: null, fixedAgent: null, balance: null };
}
