import { tolerance } from '../../util/numbers.js';
import type { SearchLimits } from '../../util/limits.js';
import { agentLoadPenalty, type GapBalance, type GapInstance } from '../instance.js';

/**
 * A Lagrangian lower bound for GAP instances with a balance term (GapBalance), where the plain
 * assignment relaxation is weak because it drops the convex load penalty and the min-max term.
 *
 * Relax the assignment constraints (each free job on exactly one agent or out) with multipliers u_j.
 * The min-max term is bounded below by a convex combination:
 *   M * max_i L_i/ref_i  >=  M * sum_i mu_i L_i/ref_i     for mu >= 0, sum_i mu_i = 1
 * (agents with ref_i = 0 count 0 and get mu_i = 0), so the relaxation splits by agent:
 *   L(u, mu) = sum_j u_j + sum_j min(0, p_j - u_j)
 *            + sum_i min_{x_i} [ sum_j (c_ij - u_j) x_ij + f_i(L_i) ]   s.t. the agent's resources 0 (and 1)
 * with f_i(L) = penalty_i(L) + M mu_i L / ref_i, convex and nondecreasing. Each agent subproblem is solved
 * exactly by dynamic programming over the integer resource-0 load (and the integer resource-1 load,
 * the case count, when its limit binds); further resources are dropped (a relaxation, still valid).
 * Loads that are not integral are scaled and floored: sum floor(s w) <= s sum w, and f_i is
 * nondecreasing, so the DP then under-estimates every agent's value (valid, weaker).
 * u follows Polyak subgradient steps; mu follows exponentiated-gradient steps on the simplex.
 */

/** Limits (SearchLimits): maxIterations counts subgradient iterations (default 400). */
export interface BalanceBoundOptions extends SearchLimits {
  /** A known objective (feasible solution) for Polyak steps. Default: estimated. */
  readonly upperBound?: number;
  /** Starting job multipliers u (length n). Default: cheapest cost plus the marginal penalty at mean load. */
  readonly initialMultipliers?: Float64Array;
  /** Starting utilisation weights mu (length m, on the simplex) and Polyak factor: to continue an earlier run. */
  readonly initialWeights?: Float64Array;
  readonly initialTheta?: number;
  /** Called with the relaxed solution (as in BalanceBoundResult.relaxed) every `relaxedEvery` iterations. */
  readonly onRelaxed?: (relaxed: Int32Array) => void;
  readonly relaxedEvery?: number;
}

export interface BalanceBoundResult {
  /** A valid lower bound on the optimum (-Infinity if none; Infinity when the relaxation is infeasible). */
  readonly lowerBound: number;
  /** Job multipliers u at the best bound. */
  readonly multipliers: Float64Array;
  /** Per agent: the weight mu_i of its utilisation in the min-max share, at the best bound. */
  readonly utilisationWeights: Float64Array;
  /** Relaxed solution at the best bound: agent per job when exactly one agent took it, -1 when out, -2 otherwise. */
  readonly relaxed: Int32Array;
  readonly iterations: number;
  /** True when resource-0 weights were integral after scaling (the DP is exact on resource 0). */
  readonly exactLoads: boolean;
  /** The Polyak factor reached (pass it back as initialTheta to continue). */
  readonly theta: number;
  /** True when the ascent stopped because its step vanished (more iterations would not help much). */
  readonly converged: boolean;
}

export const BALANCE_BOUND_DEFAULTS = {
  maxIterations: 400,
  /** Initial Polyak factor; halved after `patience` iterations without a better bound. */
  theta: 1,
  patience: 15,
  minTheta: 1e-3,
  /** Polyak target at most this relative margin above the best bound; shrunk with theta. */
  margin: 0.05,
  /** Deflection factor of the subgradient direction (0 = plain subgradient). */
  deflection: 1.5,
  marginDecay: 0.7,
  minMargin: 0.001,
  /** Exponentiated-gradient step on mu, per unit of utilisation difference, times theta. */
  muStep: 4,
  /** Largest number of DP states (points x cases) per agent; above, the count limit is dropped. */
  maxStates: 400000,
  /** Largest items x states of an agent's exact 2-D DP; above, the count limit is priced (Lagrangian) instead. */
  maxWork2D: 300000,
  /** Largest scaled resource-0 capacity when weights must be scaled (non-integral). */
  maxScaledCapacity: 4000,
} as const;

const SCALES = [1, 2, 4, 5, 8, 10, 20, 25, 50, 100];

function isIntegral(x: number): boolean {
  return Math.abs(x - Math.round(x)) <= tolerance(x);
}

export function balanceBound(inst: GapInstance, options: BalanceBoundOptions = {}): BalanceBoundResult {
  const balance = inst.balance;
  if (!balance) throw new Error('balanceBound: the instance has no balance term');
  const fixed = fixedJobs(inst);
  const { agents: m, resources: K, capacity } = inst;
  for (let i = 0; i < m; i++) {
    if (fixed.load[i] > capacity[i] + 1e-9 || (K >= 2 && fixed.count[i] > capacity[m + i] + 1e-9)) return infeasibleRelaxation(inst);
  }
  return new BalanceRelaxation(inst, balance, options, fixed).ascend();
}

/** Jobs pinned to an agent: their constant cost, load and case count per agent; the rest are free. */
interface FixedJobs {
  readonly cost: Float64Array;
  readonly load: Float64Array;
  readonly count: Float64Array;
  readonly free: number[];
}

function fixedJobs(inst: GapInstance): FixedJobs {
  const { agents: m, jobs: n, resources: K, cost, weight } = inst;
  const fixedCost = new Float64Array(m);
  const fixedLoad = new Float64Array(m);
  const fixedCount = new Float64Array(m);
  const free: number[] = [];
  for (let j = 0; j < n; j++) {
    const f = inst.fixedAgent ? inst.fixedAgent[j] : -1;
    if (f >= 0) {
      fixedCost[f] += cost[f * n + j];
      fixedLoad[f] += weight[f * n + j];
      if (K >= 2) fixedCount[f] += weight[(m + f) * n + j];
    } else free.push(j);
  }
  return { cost: fixedCost, load: fixedLoad, count: fixedCount, free };
}

/** The answer when the pinned jobs alone overfill an agent: no assignment exists. */
function infeasibleRelaxation(inst: GapInstance): BalanceBoundResult {
  const { agents: m, jobs: n } = inst;
  return {
    lowerBound: Infinity,
    multipliers: new Float64Array(n),
    utilisationWeights: new Float64Array(m),
    relaxed: new Int32Array(n).fill(-2),
    iterations: 0,
    exactLoads: false,
    theta: 0,
    converged: true,
  };
}

/**
 * The balance Lagrangian of one instance: the agent/job pairs, the scaled integer loads and limits,
 * the penalty table, the multipliers (u per job, mu per agent, lambda per agent's case count) and
 * the DP work buffers; one method per step of an iteration (solveAgent with its pruning, the
 * relaxed solution, the multiplier updates) and ascend() for the subgradient loop.
 */
class BalanceRelaxation {
  private readonly m: number;
  private readonly n: number;
  private readonly cost: Float64Array;
  private readonly weight: Float64Array;
  private readonly capacity: Float64Array;
  private readonly maxIterations: number;
  private readonly deadline: number;
  /** The min-max utilisation cost (never negative). */
  private readonly M: number;
  private readonly ref: Float64Array;
  private readonly refSum: number;
  private readonly fixedAgent: Int32Array | null;
  private readonly unassigned: Float64Array | null;
  private readonly fixedCost: Float64Array;
  private readonly fixedLoad: Float64Array;
  private readonly fixedCount: Float64Array;
  private readonly free: number[];
  /** Pairs q (agent-major): the free jobs each agent may take, agentStart[i]..agentStart[i+1]. */
  private readonly agentStart: Int32Array;
  private readonly P: number;
  private readonly pairJob: Int32Array;
  private readonly pairAgent: Int32Array;
  /** Largest unscaled resource-0 room of an agent after its fixed load. */
  private readonly maxCap: number;
  /** Resource-0 scale, and whether every weight is integral after it (the DP then exact). */
  private readonly scale: number;
  private readonly exactLoads: boolean;
  /** Per pair: scaled resource-0 weight and case count; per agent: their limits. */
  private readonly w0: Int32Array;
  private readonly cap0: Int32Array;
  private readonly w1: Int32Array;
  private readonly cap1: Int32Array;
  /** Whether the case count is held in the DP (integral counts and few enough states). */
  private readonly useCount: boolean;
  /** Per agent, at each scaled load from fStart[i]: the penalty (the mu share is added per call). */
  private readonly fStart: Int32Array;
  private readonly penaltyTable: Float64Array;
  /** Multipliers: u per job, mu per agent (on the simplex), lambda per agent's case count. */
  private readonly u: Float64Array;
  private readonly mu: Float64Array;
  private readonly lambda: Float64Array;
  private readonly lambdaUsed: Uint8Array;
  /** Agents whose exact 2-D DP (points x cases) is small enough to run. */
  private readonly twoDAllowed: Uint8Array;
  // Work buffers.
  private readonly dp: Float64Array;
  private readonly keep: Uint8Array;
  private readonly items: Int32Array;
  private readonly reduced: Float64Array;
  private readonly bucketCount: Int32Array;
  private readonly scratch: Float64Array;
  private readonly bucketStart: Int32Array;
  private readonly sortedItems: Int32Array;
  private readonly sortedReduced: Float64Array;
  private readonly take: Uint8Array;
  private readonly cover: Int32Array;
  private readonly out: Uint8Array;
  private readonly g: Float64Array;
  private readonly dir: Float64Array;
  private readonly agentLoad: Float64Array;
  private readonly agentCases: Float64Array;

  constructor(inst: GapInstance, private readonly balance: GapBalance, private readonly options: BalanceBoundOptions, fixed: FixedJobs) {
    const D = BALANCE_BOUND_DEFAULTS;
    this.maxIterations = options.maxIterations ?? D.maxIterations;
    this.deadline = options.deadline ?? Infinity;
    const { agents: m, jobs: n, resources: K, cost, weight, capacity } = inst;
    this.m = m;
    this.n = n;
    this.cost = cost;
    this.weight = weight;
    this.capacity = capacity;
    this.M = Math.max(0, balance.maxUtilisationCost);
    const ref = new Float64Array(m);
    for (let i = 0; i < m; i++) ref[i] = balance.reference ? balance.reference[i] : capacity[i];
    this.ref = ref;
    this.fixedAgent = inst.fixedAgent;
    this.unassigned = inst.unassignedCost;
    const { load: fixedLoad, count: fixedCount, free } = fixed;
    this.fixedCost = fixed.cost;
    this.fixedLoad = fixedLoad;
    this.fixedCount = fixedCount;
    this.free = free;

    // Per agent: the free jobs it may take (finite cost, fits alone on resources 0 and 1 after the fixed load).
    const agentStart = new Int32Array(m + 1);
    const pairs: number[] = [];
    let maxCap = 0;
    for (let i = 0; i < m; i++) {
      agentStart[i] = pairs.length;
      const room0 = capacity[i] - fixedLoad[i];
      const room1 = K >= 2 ? capacity[m + i] - fixedCount[i] : Infinity;
      for (const j of free) {
        if (!Number.isFinite(cost[i * n + j])) continue;
        if (weight[i * n + j] > room0 + 1e-9 || (K >= 2 && weight[(m + i) * n + j] > room1 + 1e-9)) continue;
        let fits = true;
        for (let k = 2; k < K && fits; k++) if (weight[(k * m + i) * n + j] > capacity[k * m + i] + 1e-9) fits = false;
        if (fits) pairs.push(j);
      }
      maxCap = Math.max(maxCap, room0);
    }
    agentStart[m] = pairs.length;
    this.agentStart = agentStart;
    this.maxCap = maxCap;
    const P = pairs.length;
    this.P = P;
    const pairJob = Int32Array.from(pairs);
    const pairAgent = new Int32Array(P);
    for (let i = 0; i < m; i++) for (let q = agentStart[i]; q < agentStart[i + 1]; q++) pairAgent[q] = i;
    this.pairJob = pairJob;
    this.pairAgent = pairAgent;

    const scale = this.exactScale();
    this.exactLoads = scale > 0;
    this.scale = this.exactLoads ? scale : maxCap > 0 ? Math.min(100, D.maxScaledCapacity / maxCap) : 1;
    const w0 = new Int32Array(P);
    // Floors (an item never counts more than its scaled weight, beyond float noise); capacities may round generously.
    for (let q = 0; q < P; q++) w0[q] = Math.max(0, Math.floor(this.scale * weight[pairAgent[q] * n + pairJob[q]] + 1e-9));
    const cap0 = new Int32Array(m);
    for (let i = 0; i < m; i++) cap0[i] = Math.max(0, Math.floor(this.scale * (capacity[i] - fixedLoad[i]) + 1e-7));
    this.w0 = w0;
    this.cap0 = cap0;

    // Resource 1 (case count) in the DP when its weights are integral and the state space stays small.
    let useCount = K >= 2;
    for (let q = 0; q < P && useCount; q++) if (!isIntegral(weight[(m + pairAgent[q]) * n + pairJob[q]])) useCount = false;
    const w1 = new Int32Array(P);
    const cap1 = new Int32Array(m);
    if (useCount) {
      for (let q = 0; q < P; q++) w1[q] = Math.round(weight[(m + pairAgent[q]) * n + pairJob[q]]);
      for (let i = 0; i < m; i++) {
        const c = Math.floor(capacity[m + i] - fixedCount[i] + 1e-7);
        cap1[i] = Math.max(0, c);
        // More cases than all its jobs together hold is no limit at all.
        let total = 0;
        for (let q = agentStart[i]; q < agentStart[i + 1]; q++) total += w1[q];
        if (cap1[i] > total) cap1[i] = total;
        if ((cap0[i] + 1) * (cap1[i] + 1) > D.maxStates) useCount = false;
      }
    }
    this.useCount = useCount;
    this.w1 = w1;
    this.cap1 = cap1;

    // f_i at each scaled load (penalty at the smallest true load consistent with it, plus the mu share).
    let maxCap0 = 0;
    for (let i = 0; i < m; i++) maxCap0 = Math.max(maxCap0, cap0[i]);
    const fStart = new Int32Array(m + 1);
    for (let i = 0; i < m; i++) fStart[i + 1] = fStart[i] + cap0[i] + 1;
    const penaltyTable = new Float64Array(fStart[m]);
    for (let i = 0; i < m; i++) {
      for (let d = 0; d <= cap0[i]; d++) penaltyTable[fStart[i] + d] = agentLoadPenalty(balance, fixedLoad[i] + d / this.scale, ref[i]);
    }
    this.fStart = fStart;
    this.penaltyTable = penaltyTable;
    let refSum = 0;
    for (let i = 0; i < m; i++) if (ref[i] > 0) refSum += ref[i];
    this.refSum = refSum;
    const mu = new Float64Array(m);
    for (let i = 0; i < m; i++) mu[i] = ref[i] > 0 && refSum > 0 ? ref[i] / refSum : 0;
    if (options.initialWeights) {
      let z = 0;
      for (let i = 0; i < m; i++) if (ref[i] > 0) z += Math.max(0, options.initialWeights[i]);
      if (z > 0) for (let i = 0; i < m; i++) mu[i] = ref[i] > 0 ? Math.max(0, options.initialWeights[i]) / z : 0;
    }
    this.mu = mu;

    this.u = new Float64Array(n);
    if (options.initialMultipliers) this.u.set(options.initialMultipliers);
    else this.estimateMultipliers();

    // Work buffers.
    let maxItems = 0;
    for (let i = 0; i < m; i++) maxItems = Math.max(maxItems, agentStart[i + 1] - agentStart[i]);
    let maxStates = maxCap0 + 1;
    const twoDAllowed = new Uint8Array(m);
    if (useCount) {
      for (let i = 0; i < m; i++) {
        const S = (cap0[i] + 1) * (cap1[i] + 1);
        if ((agentStart[i + 1] - agentStart[i]) * S <= D.maxWork2D) {
          twoDAllowed[i] = 1;
          maxStates = Math.max(maxStates, S);
        }
      }
    }
    this.twoDAllowed = twoDAllowed;
    this.dp = new Float64Array(maxStates);
    this.keep = new Uint8Array(Math.max(1, maxItems * maxStates));
    this.items = new Int32Array(maxItems);
    this.reduced = new Float64Array(maxItems);
    this.bucketCount = new Int32Array(maxCap0 + 2);
    this.scratch = new Float64Array(maxItems);
    this.bucketStart = new Int32Array(maxCap0 + 2);
    this.sortedItems = new Int32Array(maxItems);
    this.sortedReduced = new Float64Array(maxItems);
    this.take = new Uint8Array(P);
    this.cover = new Int32Array(n);
    this.out = new Uint8Array(n);
    this.g = new Float64Array(n);
    this.dir = new Float64Array(n);
    this.agentLoad = new Float64Array(m);
    this.agentCases = new Float64Array(m);
    // Per agent: the price of a case when the count limit is relaxed instead of held in the DP.
    this.lambda = new Float64Array(m);
    this.lambdaUsed = new Uint8Array(m);
  }

  /** Scale for resource 0: the smallest of SCALES that makes every pair weight integral, else 0. */
  private exactScale(): number {
    const { P, pairAgent, pairJob, weight, n } = this;
    for (const s of SCALES) {
      if (s * this.maxCap > BALANCE_BOUND_DEFAULTS.maxScaledCapacity * 5) break;
      let ok = true;
      for (let q = 0; q < P && ok; q++) if (!isIntegral(s * weight[pairAgent[q] * n + pairJob[q]])) ok = false;
      if (ok) return s;
    }
    return 0;
  }

  /** Starting u: cheapest agent plus the marginal penalty at the mean utilisation, capped at p_j. */
  private estimateMultipliers(): void {
    const { u, m, n, cost, weight, capacity, fixedAgent, ref, agentStart, fixedLoad, refSum, M, balance, unassigned, P, pairAgent, pairJob, free } = this;
    let total = 0;
    for (let j = 0; j < n; j++) {
      const f = fixedAgent ? fixedAgent[j] : -1;
      if (f < 0) {
        let lo = Infinity;
        for (let i = 0; i < m; i++) if (Number.isFinite(cost[i * n + j])) lo = Math.min(lo, weight[i * n + j]);
        if (Number.isFinite(lo)) total += lo;
      } else total += weight[f * n + j];
    }
    // Mean utilisation over the agents that can take jobs at all (one on leave holds nothing).
    let activeRef = 0;
    for (let i = 0; i < m; i++) if (ref[i] > 0 && (agentStart[i + 1] > agentStart[i] || fixedLoad[i] > 0)) activeRef += ref[i];
    const rho = activeRef > 0 ? total / activeRef : 0;
    let marginal = refSum > 0 ? M / refSum : 0;
    for (let s = 0; s < balance.thresholds.length; s++) if (balance.thresholds[s] < rho) marginal += balance.slopes[s];
    // Overloaded (more load than room): a point is worth what the marginal job left out saves,
    // (p_j - c_j) / w_j of the job where the jobs, best ratio first, fill the room of all agents.
    let room = 0;
    for (let i = 0; i < m; i++) if (agentStart[i + 1] > agentStart[i]) room += Math.max(0, capacity[i] - fixedLoad[i]);
    if (total > room && unassigned) {
      const minCost = new Float64Array(n).fill(Infinity);
      const minWeight = new Float64Array(n).fill(Infinity);
      for (let q = 0; q < P; q++) {
        const i = pairAgent[q];
        const j = pairJob[q];
        minCost[j] = Math.min(minCost[j], cost[i * n + j]);
        minWeight[j] = Math.min(minWeight[j], weight[i * n + j]);
      }
      const ratio = new Float64Array(n);
      const order: number[] = [];
      for (const j of free) {
        if (!Number.isFinite(minCost[j])) continue;
        ratio[j] = minWeight[j] > 0 ? (unassigned[j] - minCost[j]) / minWeight[j] : Infinity;
        order.push(j);
      }
      order.sort((a, b) => ratio[b] - ratio[a] || a - b);
      let filled = 0;
      for (const j of order) {
        filled += minWeight[j];
        if (filled > room) {
          if (Number.isFinite(ratio[j])) marginal = Math.max(marginal, ratio[j]);
          break;
        }
      }
    }
    const lo = new Float64Array(n).fill(Infinity);
    for (let q = 0; q < P; q++) {
      const i = pairAgent[q];
      const j = pairJob[q];
      lo[j] = Math.min(lo[j], cost[i * n + j] + marginal * weight[i * n + j]);
    }
    for (const j of free) {
      const p = unassigned ? unassigned[j] : Infinity;
      u[j] = Math.min(p, lo[j]);
      if (!Number.isFinite(u[j])) u[j] = 0;
    }
  }

  /** k-th smallest (0-based) of scratch[0..len). */
  private select(len: number, kth: number): number {
    const scratch = this.scratch;
    let lo = 0;
    let hi = len - 1;
    while (lo < hi) {
      const pivot = scratch[(lo + hi) >> 1];
      let a = lo;
      let b = hi;
      while (a <= b) {
        while (scratch[a] < pivot) a++;
        while (scratch[b] > pivot) b--;
        if (a <= b) {
          const t = scratch[a];
          scratch[a] = scratch[b];
          scratch[b] = t;
          a++;
          b--;
        }
      }
      if (kth <= b) hi = b;
      else if (kth >= a) lo = a;
      else return scratch[kth];
    }
    return scratch[kth];
  }

  /**
   * Keeps, among items[0..T) of equal scaled weight w, only the floor(C0/w) with the lowest reduced
   * cost (no solution holds more of them; exact for the 1-D DP). Items come out grouped by weight.
   * Returns the new T.
   */
  private pruneByWeight(T: number, C0: number): number {
    const { bucketCount, bucketStart, items, reduced, sortedItems, sortedReduced, scratch, w0 } = this;
    bucketCount.fill(0, 0, C0 + 2);
    for (let t = 0; t < T; t++) bucketCount[w0[items[t]]]++;
    let over = false;
    for (let w = 1; w <= C0; w++) if (bucketCount[w] > Math.floor(C0 / w)) over = true;
    if (!over) return T;
    // Counting sort by weight into sortedItems / sortedReduced.
    let acc = 0;
    for (let w = 0; w <= C0; w++) {
      const c = bucketCount[w];
      bucketStart[w] = acc;
      acc += c;
    }
    for (let t = 0; t < T; t++) {
      const w = w0[items[t]];
      const at = bucketStart[w]++;
      sortedItems[at] = items[t];
      sortedReduced[at] = reduced[t];
    }
    let T2 = 0;
    let from = 0;
    for (let w = 0; w <= C0; w++) {
      const c = bucketCount[w];
      const limit = w === 0 ? c : Math.floor(C0 / w);
      if (c <= limit) {
        for (let t = from; t < from + c; t++) {
          items[T2] = sortedItems[t];
          reduced[T2++] = sortedReduced[t];
        }
      } else if (limit > 0) {
        for (let t = 0; t < c; t++) scratch[t] = sortedReduced[from + t];
        const threshold = this.select(c, limit - 1);
        let below = 0;
        for (let t = from; t < from + c; t++) if (sortedReduced[t] < threshold) below++;
        let ties = limit - below;
        for (let t = from; t < from + c; t++) {
          const r = sortedReduced[t];
          if (r < threshold || (r === threshold && ties-- > 0)) {
            items[T2] = sortedItems[t];
            reduced[T2++] = r;
          }
        }
      }
      from += c;
    }
    return T2;
  }

  /** f_i at scaled load d: the penalty plus the mu share of the min-max term. */
  private loadValue(i: number, d: number, muShare: number): number {
    return this.penaltyTable[this.fStart[i] + d] + muShare * (this.fixedLoad[i] + d / this.scale);
  }

  /** Solves agent i's subproblem at (u, mu, lambda); marks taken pairs; returns its value. */
  private solveAgent(i: number): number {
    const { agentStart, cap0, cap1, take, pairJob, cost, u, w0, w1, items, reduced, useCount, ref, mu, M, lambda, lambdaUsed, twoDAllowed, n } = this;
    const a = agentStart[i];
    const b = agentStart[i + 1];
    const C0 = cap0[i];
    const C1 = cap1[i];
    let T = 0;
    let countSum = 0;
    for (let q = a; q < b; q++) {
      take[q] = 0;
      const j = pairJob[q];
      const r = cost[i * n + j] - u[j];
      if (r < -1e-12 && w0[q] <= C0 && (!useCount || w1[q] <= C1)) {
        items[T] = q;
        reduced[T++] = r;
        countSum += w1[q];
      }
    }
    const muShare = ref[i] > 0 ? (M * mu[i]) / ref[i] : 0;
    const countBinds = useCount && countSum > C1;
    lambdaUsed[i] = 0;
    if (!countBinds || !twoDAllowed[i]) {
      let shift = 0;
      if (countBinds) {
        // Count relaxed with price lambda_i >= 0: items cost r + lambda q, minus lambda * C1.
        lambdaUsed[i] = 1;
        shift = -lambda[i] * C1;
        let T2 = 0;
        for (let t = 0; t < T; t++) {
          const r = reduced[t] + lambda[i] * w1[items[t]];
          if (r < -1e-12) {
            items[T2] = items[t];
            reduced[T2++] = r;
          }
        }
        T = T2;
      }
      T = this.pruneByWeight(T, C0);
      return this.solveAgentByLoad(i, T, muShare) + shift;
    }
    return this.solveAgentByLoadAndCases(i, T, muShare);
  }

  /** The 1-D DP over agent i's scaled resource-0 load on items[0..T). */
  private solveAgentByLoad(i: number, T: number, muShare: number): number {
    const { cap0, dp, keep, items, reduced, w0, w1, take, agentLoad, agentCases, fixedLoad } = this;
    const C0 = cap0[i];
    const S = C0 + 1;
    dp.fill(Infinity, 0, S);
    dp[0] = 0;
    let reach = 0;
    for (let t = 0; t < T; t++) {
      const q = items[t];
      const w = w0[q];
      const r = reduced[t];
      const row = t * S;
      reach = Math.min(C0, reach + w);
      keep.fill(0, row, row + reach + 1);
      for (let d = reach; d >= w; d--) {
        const v = dp[d - w] + r;
        if (v < dp[d]) {
          dp[d] = v;
          keep[row + d] = 1;
        }
      }
    }
    let bestD = 0;
    let bestV = Infinity;
    for (let d = 0; d <= reach; d++) {
      if (dp[d] === Infinity) continue;
      const v = dp[d] + this.loadValue(i, d, muShare);
      if (v < bestV) {
        bestV = v;
        bestD = d;
      }
    }
    let d = bestD;
    let cases = 0;
    for (let t = T - 1; t >= 0; t--) {
      if (d < w0[items[t]]) continue;
      if (keep[t * S + d]) {
        take[items[t]] = 1;
        cases += w1[items[t]];
        d -= w0[items[t]];
      }
    }
    agentLoad[i] = fixedLoad[i] + bestD / this.scale;
    agentCases[i] = cases;
    return bestV;
  }

  /** The exact 2-D DP over agent i's scaled resource-0 load and case count on items[0..T). */
  private solveAgentByLoadAndCases(i: number, T: number, muShare: number): number {
    const { cap0, cap1, dp, keep, items, reduced, w0, w1, take, agentLoad, agentCases, fixedLoad } = this;
    const C0 = cap0[i];
    const C1 = cap1[i];
    const W = C1 + 1;
    const S = (C0 + 1) * W;
    dp.fill(Infinity, 0, S);
    dp[0] = 0;
    for (let t = 0; t < T; t++) {
      const q = items[t];
      const w = w0[q];
      const c = w1[q];
      const r = reduced[t];
      const row = t * S;
      keep.fill(0, row, row + S);
      for (let d = C0; d >= w; d--) {
        const to = d * W;
        const from = (d - w) * W;
        for (let k = C1; k >= c; k--) {
          const v = dp[from + k - c] + r;
          if (v < dp[to + k]) {
            dp[to + k] = v;
            keep[row + to + k] = 1;
          }
        }
      }
    }
    let bestD = 0;
    let bestK = 0;
    let bestV = Infinity;
    for (let d = 0; d <= C0; d++) {
      let lo = Infinity;
      let loK = 0;
      for (let k = 0; k <= C1; k++) {
        if (dp[d * W + k] < lo) {
          lo = dp[d * W + k];
          loK = k;
        }
      }
      if (lo === Infinity) continue;
      const v = lo + this.loadValue(i, d, muShare);
      if (v < bestV) {
        bestV = v;
        bestD = d;
        bestK = loK;
      }
    }
    let d = bestD;
    let k = bestK;
    for (let t = T - 1; t >= 0; t--) {
      if (keep[t * S + d * W + k]) {
        take[items[t]] = 1;
        d -= w0[items[t]];
        k -= w1[items[t]];
      }
    }
    agentLoad[i] = fixedLoad[i] + bestD / this.scale;
    agentCases[i] = bestK;
    return bestV;
  }

  /** The Lagrangian value at the current multipliers; leaves the agents' choices in take / cover / out. */
  private evaluate(constant: number): number {
    const { free, unassigned, u, out, cover, agentStart, take, pairJob, m } = this;
    let value = constant;
    cover.fill(0);
    for (const j of free) {
      value += u[j];
      const p = unassigned ? unassigned[j] : Infinity;
      out[j] = p - u[j] < 0 ? 1 : 0;
      if (out[j]) value += p - u[j];
    }
    for (let i = 0; i < m; i++) {
      value += this.solveAgent(i);
      for (let q = agentStart[i]; q < agentStart[i + 1]; q++) if (take[q]) cover[pairJob[q]]++;
    }
    return value;
  }

  /** The relaxed solution of the last evaluate() into `into` (see BalanceBoundResult.relaxed). */
  private relaxedSolution(into: Int32Array): void {
    const { fixedAgent, out, cover, take, pairJob, pairAgent, P, n } = this;
    for (let j = 0; j < n; j++) {
      into[j] = fixedAgent && fixedAgent[j] >= 0 ? fixedAgent[j] : out[j] && cover[j] === 0 ? -1 : cover[j] === 1 && !out[j] ? -3 : -2;
    }
    for (let q = 0; q < P; q++) if (take[q] && into[pairJob[q]] === -3) into[pairJob[q]] = pairAgent[q];
  }

  /** Moves u (deflected direction) and lambda by `step`, given the subgradient in g. */
  private stepMultipliers(step: number): void {
    const { free, u, dir, lambda, lambdaUsed, agentCases, cap1, m } = this;
    for (const j of free) u[j] += step * dir[j];
    for (let i = 0; i < m; i++) {
      if (!lambdaUsed[i] && lambda[i] === 0) continue;
      lambda[i] = Math.max(0, lambda[i] + step * (agentCases[i] - cap1[i]));
    }
  }

  /** Exponentiated-gradient step on mu toward the agents above the mu-weighted mean utilisation. */
  private stepUtilisationWeights(theta: number): void {
    const { mu, ref, agentLoad, m } = this;
    let mean = 0;
    for (let i = 0; i < m; i++) if (ref[i] > 0) mean += mu[i] * (agentLoad[i] / ref[i]);
    let z = 0;
    const eta = BALANCE_BOUND_DEFAULTS.muStep * theta;
    for (let i = 0; i < m; i++) {
      if (ref[i] <= 0) continue;
      mu[i] = Math.max(1e-12, mu[i] * Math.exp(eta * (agentLoad[i] / ref[i] - mean)));
      z += mu[i];
    }
    for (let i = 0; i < m; i++) mu[i] /= z;
  }

  /** The subgradient ascent (Polyak steps with a shrinking target margin, deflected directions). */
  ascend(): BalanceBoundResult {
    const D = BALANCE_BOUND_DEFAULTS;
    const { options, free, u, mu, g, dir, lambda, lambdaUsed, agentCases, cap1, fixedCost, M, m, n } = this;
    let best = -Infinity;
    const bestU = new Float64Array(n);
    const bestMu = new Float64Array(m);
    const relaxed = new Int32Array(n).fill(-2);
    let theta: number = options.initialTheta ?? D.theta;
    let converged = false;
    let sinceBest = 0;
    let iterations = 0;
    let constant = 0;
    for (let i = 0; i < m; i++) constant += fixedCost[i];
    let upper = options.upperBound ?? Infinity;
    let margin: number = D.margin;

    for (; iterations < this.maxIterations; iterations++) {
      // Every iteration: one is O(mn) and more (a DP per agent), the clock costs nothing next to it.
      // The first always runs: its repaired relaxed solution may be the first feasible answer.
      if (iterations > 0 && performance.now() >= this.deadline) break;
      const value = this.evaluate(constant);
      if (options.onRelaxed && iterations % (options.relaxedEvery ?? 10) === 0) {
        const current = new Int32Array(n);
        this.relaxedSolution(current);
        options.onRelaxed(current);
      }
      let norm = 0;
      for (const j of free) {
        g[j] = 1 - this.cover[j] - this.out[j];
        norm += g[j] * g[j];
      }
      let lambdaNorm = 0;
      for (let i = 0; i < m; i++) {
        if (!lambdaUsed[i] && lambda[i] === 0) continue;
        const gl = agentCases[i] - cap1[i];
        if (lambda[i] > 0 || gl > 0) lambdaNorm += gl * gl;
      }
      if (best === -Infinity || value > best + 1e-12 * Math.abs(best)) {
        if (best === -Infinity || value > best + tolerance(best, 1e-6)) sinceBest = 0;
        best = value;
        bestU.set(u);
        bestMu.set(mu);
        this.relaxedSolution(relaxed);
      } else if (++sinceBest >= D.patience) {
        theta /= 2;
        margin = Math.max(D.minMargin, margin * D.marginDecay);
        sinceBest = 0;
        if (theta < D.minTheta) {
          converged = true;
          break;
        }
      }
      // Every job covered once and no priced count: the relaxed solution is optimal for the relaxation.
      if (norm === 0 && lambdaNorm === 0) {
        converged = true;
        break;
      }
      if (!Number.isFinite(upper) || upper <= value) upper = Math.max(value + 0.05 * Math.abs(value) + 1, upper);
      // Polyak target: the upper bound, but no further above the best bound than a shrinking margin
      // (an upper bound far from the optimum makes steps that overshoot and stall).
      const gap = Math.min(upper, best + margin * Math.max(1, Math.abs(best))) - value;
      if (gap <= tolerance(value)) {
        converged = true;
        break;
      }
      // Deflected direction (Camerini-Fratta-Maffioli): d = g + beta d_prev when they point apart.
      let dot = 0;
      let prevNorm = 0;
      for (const j of free) {
        dot += g[j] * dir[j];
        prevNorm += dir[j] * dir[j];
      }
      const beta = prevNorm > 0 && dot < 0 ? (-D.deflection * dot) / prevNorm : 0;
      let dirNorm = 0;
      for (const j of free) {
        dir[j] = g[j] + beta * dir[j];
        dirNorm += dir[j] * dir[j];
      }
      this.stepMultipliers((theta * gap) / (dirNorm + lambdaNorm));
      if (M > 0 && this.refSum > 0) this.stepUtilisationWeights(theta);
    }
    // Floating-point slack: the DP sums many terms.
    const lowerBound = Number.isFinite(best) ? best - tolerance(best) : best;
    return { lowerBound, multipliers: bestU, utilisationWeights: bestMu, relaxed, iterations, exactLoads: this.exactLoads, theta, converged };
  }
}
