import { tolerance } from '../../util/numbers.js';
import { agentLoadPenalty, gapFeasible, gapObjective, type GapInstance } from '../instance.js';
import { Random } from '../../util/random.js';
import type { SearchLimits } from '../../util/limits.js';

/**
 * Penalty-based local search for the GAP core, after Yagiura, Ibaraki & Glover (2004, 2006):
 * the search walks on pcost = objective + sum_{k,i} alpha_ki * excess_ki, so it may cross
 * capacity-infeasible regions; alpha adapts (raised on agents left overloaded at a local optimum,
 * lowered while the search stays feasible: strategic oscillation). Neighbourhoods, all restricted to
 * per-job candidate agent lists: shift (one job to another agent or out), ejection chains of depth
 * two (job j1 from i1 to i2, pushing j2 from i2 to i3; i3 = i1 is a swap), and on plain instances
 * where cost and weight are anti-correlated cyclic three-exchanges (j1 to i2, j2 to i3, j3 back to
 * i1: every agent keeps its job count; see cycleCorrelation). Random kicks at feasible local optima
 * and restarts from an elite set with path relinking keep it from drifting. The best capacity-feasible assignment seen is
 * always kept.
 */

/** Limits (SearchLimits): maxIterations counts descents to a local optimum. */
export interface LocalSearchOptions extends SearchLimits {
  /** Seed for the PRNG. Default 1. */
  readonly seed?: number;
  /** Candidate agents per job (closest by priced cost); 0 = automatic. Default 0. */
  readonly candidatesPerJob?: number;
  /** Resource-0 capacity prices for ranking candidate agents (c_ij + price_i r_ij). Default none (cost). */
  readonly prices?: Float64Array;
  /** m*n: 1 = pair removed (reduced-cost fixing); never used as a candidate. Default none. */
  readonly removed?: Uint8Array;
  /** m*n: 1 = pair allowed at all (see allowedPairs). Required. */
  readonly allowed: Uint8Array;
  /** Stop after this many descents without a new best. Default Infinity. */
  readonly stallIterations?: number;
  /** Stop as soon as a feasible objective <= target is found (a proven bound). Default -Infinity. */
  readonly target?: number;
  /** Called with every new best feasible (objective, assignment copy not owned by the callee). */
  readonly onImprove?: (objective: number, assignment: Int32Array) => void;
  /** Overrides of the search parameters in LOCAL_SEARCH_DEFAULTS (for tuning). */
  readonly tuning?: Partial<typeof LOCAL_SEARCH_DEFAULTS>;
}

export interface LocalSearchResult {
  /** Best capacity-feasible assignment found, or null. */
  readonly assignment: Int32Array | null;
  readonly objective: number;
  /** Descents performed (the effort counter). */
  readonly iterations: number;
  /** Moves applied. */
  readonly moves: number;
  /** performance.now() when the best was found. */
  readonly foundAt: number;
}

export const LOCAL_SEARCH_DEFAULTS = {
  maxIterations: Infinity,
  deadline: Infinity,
  seed: 1,
  candidatesPerJob: 0,
  target: -Infinity,
  /** Multiplicative raise of alpha on an overloaded agent at an infeasible local optimum. */
  alphaRaise: 1.25,
  /** Multiplicative decay of every alpha at a feasible local optimum. */
  alphaDecay: 0.9,
  /** Descents without a new best before a restart from the elite set. */
  restartAfter: 30,
  /** Elite set size for path relinking. */
  eliteSize: 8,
  /** Path relinking takes the cheapest step toward the guide (true) or random steps (false). */
  greedyRelink: true,
  /** Largest random kick (jobs moved) at a feasible local optimum; 0 = automatic. */
  kickMax: 0,
  /** Initial alpha_i = priceFactor * price_i + baseFactor * (typical cost per unit); priceFactor 0 = ignore prices. */
  priceFactor: 0,
  baseFactor: 1,
  /** Candidates per job tried at each link of an ejection chain (the closest ones); 0 = automatic (3..8 from chainBudget). */
  chainCandidates: 0,
  /** Target evaluations of one full chain pass when choosing the width automatically. */
  chainBudget: 1e6,
  /** Target evaluations of one full cyclic-exchange pass (sets its width); 0 = no cycles. */
  cycleBudget: 1e6,
  /**
   * Cycles only when cost and resource-0 weight correlate at most this much (Pearson): when cheap
   * means heavy (types D, E) good solutions are tight packings and cycles pay; on uncorrelated data
   * (types A-C) they mostly cost time.
   */
  cycleCorrelation: -0.3,
  /**
   * ... and up to this many pairs (beyond, a pass is too slow for the descents to keep pace). Passes
   * sample their starting jobs to stay within cycleBudget, which keeps them affordable on 80 x 1600;
   * full passes there made the first descents too slow (cyclePairs in the tuning log).
   */
  cyclePairs: 200000,
  /**
   * Above this many pairs cycle passes run only on feasible states until a descent has once ended
   * feasible: there the slow passes in the first, infeasible descents kept the search from any
   * feasible local optimum. Smaller instances keep cycles throughout (cycleWarmupPairs in the tuning log).
   */
  cycleWarmupPairs: 40000,
} as const;

const EPS = 1e-9;

function positive(x: number): number {
  return x > 0 ? x : 0;
}

/** Incremental evaluation state: assignment, loads, agent job lists and penalty weights. */
export class SearchState {
  readonly m: number;
  readonly n: number;
  readonly K: number;
  /** Plain GAP: one resource, no balance, no unassignment — the fast path. */
  readonly plain: boolean;
  readonly assign: Int32Array;
  readonly load: Float64Array;
  readonly alpha: Float64Array;
  readonly agentJobs: Int32Array;
  readonly agentCount: Int32Array;
  readonly position: Int32Array;
  /** Per agent: resource-0 balance penalty at its current load. */
  readonly agentPenalty: Float64Array;
  /** Per agent: 1 when its jobs or load changed since the flag was last cleared (don't-look bits). */
  readonly changed: Uint8Array;
  /** Up to 4 agents with the highest utilisation, highest first (for O(1) min-max deltas). */
  readonly top: Int32Array;
  topCount = 0;
  costSum = 0;
  penaltySum = 0;
  violated = 0;
  readonly cost: Float64Array;
  readonly weight: Float64Array;
  readonly capacity: Float64Array;
  private readonly unassignedCost: Float64Array | null;
  /** Per agent: the balance reference capacity (GapBalance.reference, else resource-0 capacity). */
  readonly reference: Float64Array;
  private readonly hasBalance: boolean;
  private readonly maxUtilCost: number;

  constructor(readonly inst: GapInstance) {
    const { agents: m, jobs: n, resources: K } = inst;
    this.m = m;
    this.n = n;
    this.K = K;
    this.cost = inst.cost;
    this.weight = inst.weight;
    this.capacity = inst.capacity;
    this.unassignedCost = inst.unassignedCost;
    this.hasBalance = inst.balance !== null;
    this.maxUtilCost = inst.balance ? inst.balance.maxUtilisationCost : 0;
    this.plain = K === 1 && !inst.balance && !inst.unassignedCost;
    this.assign = new Int32Array(n).fill(-1);
    this.load = new Float64Array(K * m);
    this.alpha = new Float64Array(K * m);
    this.agentJobs = new Int32Array(m * n);
    this.agentCount = new Int32Array(m);
    this.position = new Int32Array(n);
    this.agentPenalty = new Float64Array(m);
    this.top = new Int32Array(4);
    this.changed = new Uint8Array(m).fill(1);
    this.reference = inst.balance?.reference ? Float64Array.from(inst.balance.reference) : Float64Array.from(inst.capacity.subarray(0, m));
  }

  jobCost(i: number, j: number): number {
    if (i < 0) return this.unassignedCost ? this.unassignedCost[j] : Infinity;
    return this.cost[i * this.n + j];
  }

  utilisation(i: number, load0: number): number {
    const ref = this.reference[i];
    return ref > 0 ? load0 / ref : 0;
  }

  /** Loads everything from an assignment (also the periodic resync against float drift). */
  reset(assignment: Int32Array): void {
    const { m, n, K } = this;
    this.assign.set(assignment);
    this.load.fill(0);
    this.agentCount.fill(0);
    let c = 0;
    for (let j = 0; j < n; j++) {
      const i = assignment[j];
      c += this.jobCost(i, j);
      if (i < 0) continue;
      for (let k = 0; k < K; k++) this.load[k * m + i] += this.weight[(k * m + i) * n + j];
      this.position[j] = this.agentCount[i];
      this.agentJobs[i * n + this.agentCount[i]++] = j;
    }
    this.costSum = c;
    this.violated = 0;
    for (let x = 0; x < K * m; x++) if (this.load[x] > this.capacity[x] + EPS) this.violated++;
    this.penaltySum = 0;
    if (this.hasBalance) {
      for (let i = 0; i < m; i++) {
        this.agentPenalty[i] = agentLoadPenalty(this.inst.balance!, this.load[i], this.reference[i]);
        this.penaltySum += this.agentPenalty[i];
      }
    }
    this.refreshTop();
  }

  private refreshTop(): void {
    if (this.maxUtilCost <= 0) return;
    const top = this.top;
    let count = 0;
    for (let i = 0; i < this.m; i++) {
      const u = this.utilisation(i, this.load[i]);
      let p = count < 4 ? count++ : 4;
      while (p > 0 && this.utilisation(top[p - 1], this.load[top[p - 1]]) < u) {
        if (p < 4) top[p] = top[p - 1];
        p--;
      }
      if (p < 4) top[p] = i;
    }
    this.topCount = count;
  }

  maxUtilisation(): number {
    if (this.maxUtilCost <= 0 || this.topCount === 0) return 0;
    const u = this.utilisation(this.top[0], this.load[this.top[0]]);
    return u > 0 ? u : 0;
  }

  /** The true objective of the current assignment (capacities ignored). */
  objective(): number {
    return this.costSum + this.penaltySum + this.maxUtilCost * this.maxUtilisation();
  }

  /** Total weighted capacity excess. */
  excess(): number {
    let e = 0;
    for (let x = 0; x < this.K * this.m; x++) e += this.alpha[x] * positive(this.load[x] - this.capacity[x]);
    return e;
  }

  /**
   * Change of penalised cost (alpha * excess + balance penalty) on agent i when it loses job `out`
   * and gains job `inn` (either may be -1). The min-max term is handled per move.
   */
  agentDelta(i: number, out: number, inn: number): number {
    if (i < 0) return 0;
    const { m, n, K, weight, capacity, load, alpha } = this;
    let d = 0;
    let newLoad0 = 0;
    for (let k = 0; k < K; k++) {
      const x = k * m + i;
      const base = x * n;
      const l = load[x];
      const nl = l - (out >= 0 ? weight[base + out] : 0) + (inn >= 0 ? weight[base + inn] : 0);
      if (k === 0) newLoad0 = nl;
      const c = capacity[x];
      d += alpha[x] * (positive(nl - c) - positive(l - c));
    }
    if (this.hasBalance) d += agentLoadPenalty(this.inst.balance!, newLoad0, this.reference[i]) - this.agentPenalty[i];
    return d;
  }

  private newLoad0(i: number, out: number, inn: number): number {
    const n = this.n;
    return this.load[i] - (out >= 0 ? this.weight[i * n + out] : 0) + (inn >= 0 ? this.weight[i * n + inn] : 0);
  }

  /** Change of the min-max term when agents a, b, c (-1 = none) get the given resource-0 loads. */
  private maxUtilDelta(a: number, la: number, b: number, lb: number, c: number, lc: number): number {
    if (this.maxUtilCost <= 0) return 0;
    let others = 0;
    for (let t = 0; t < this.topCount; t++) {
      const i = this.top[t];
      if (i === a || i === b || i === c) continue;
      others = this.utilisation(i, this.load[i]);
      break;
    }
    let nm = others > 0 ? others : 0;
    if (a >= 0) nm = Math.max(nm, this.utilisation(a, la));
    if (b >= 0) nm = Math.max(nm, this.utilisation(b, lb));
    if (c >= 0) nm = Math.max(nm, this.utilisation(c, lc));
    return this.maxUtilCost * (nm - this.maxUtilisation());
  }

  /** Min-max delta of j1 leaving its agent for i2 and j2 leaving i2 (a lower bound for any chain end). */
  chainHeadMaxUtilDelta(j1: number, i2: number, j2: number): number {
    if (this.maxUtilCost <= 0) return 0;
    const i1 = this.assign[j1];
    return this.maxUtilDelta(i1, i1 >= 0 ? this.newLoad0(i1, j1, -1) : 0, i2, this.newLoad0(i2, j2, j1), -1, 0);
  }

  /** Penalised delta of moving job j to agent `to` (-1 = out). */
  shiftDelta(j: number, to: number): number {
    const from = this.assign[j];
    if (this.plain) {
      const { n, cost, weight, load, capacity, alpha } = this;
      const xf = from * n + j;
      const xt = to * n + j;
      const lf = load[from];
      const cf = capacity[from];
      const lt = load[to];
      const ct = capacity[to];
      return (
        cost[xt] - cost[xf] +
        alpha[from] * (positive(lf - weight[xf] - cf) - positive(lf - cf)) +
        alpha[to] * (positive(lt + weight[xt] - ct) - positive(lt - ct))
      );
    }
    let d = this.jobCost(to, j) - this.jobCost(from, j) + this.agentDelta(from, j, -1) + this.agentDelta(to, -1, j);
    if (this.maxUtilCost > 0) {
      d += this.maxUtilDelta(from, from >= 0 ? this.newLoad0(from, j, -1) : 0, to, to >= 0 ? this.newLoad0(to, -1, j) : 0, -1, 0);
    }
    return d;
  }

  /** Penalised delta of swapping jobs j1 and j2 (both assigned, on different agents). */
  swapDelta(j1: number, j2: number): number {
    const i1 = this.assign[j1];
    const i2 = this.assign[j2];
    if (this.plain) {
      const { n, cost, weight, load, capacity, alpha } = this;
      const l1 = load[i1];
      const c1 = capacity[i1];
      const l2 = load[i2];
      const c2 = capacity[i2];
      return (
        cost[i2 * n + j1] + cost[i1 * n + j2] - cost[i1 * n + j1] - cost[i2 * n + j2] +
        alpha[i1] * (positive(l1 - weight[i1 * n + j1] + weight[i1 * n + j2] - c1) - positive(l1 - c1)) +
        alpha[i2] * (positive(l2 - weight[i2 * n + j2] + weight[i2 * n + j1] - c2) - positive(l2 - c2))
      );
    }
    return this.chainDelta(j1, i2, j2, i1);
  }

  /**
   * Penalised delta of the ejection chain: j1 (on i1) moves to i2 >= 0, j2 (on i2) moves to i3
   * (i3 = i1 makes it a swap; i3 may be -1 = out). General path.
   */
  chainDelta(j1: number, i2: number, j2: number, i3: number): number {
    const i1 = this.assign[j1];
    let d = this.jobCost(i2, j1) - this.jobCost(i1, j1) + this.jobCost(i3, j2) - this.jobCost(i2, j2);
    if (i3 === i1) {
      d += this.agentDelta(i1, j1, j2) + this.agentDelta(i2, j2, j1);
      if (this.maxUtilCost > 0) {
        d += this.maxUtilDelta(i1, i1 >= 0 ? this.newLoad0(i1, j1, j2) : 0, i2, this.newLoad0(i2, j2, j1), -1, 0);
      }
    } else {
      d += this.agentDelta(i1, j1, -1) + this.agentDelta(i2, j2, j1) + this.agentDelta(i3, -1, j2);
      if (this.maxUtilCost > 0) {
        d += this.maxUtilDelta(
          i1, i1 >= 0 ? this.newLoad0(i1, j1, -1) : 0,
          i2, this.newLoad0(i2, j2, j1),
          i3, i3 >= 0 ? this.newLoad0(i3, -1, j2) : 0,
        );
      }
    }
    return d;
  }

  /** Moves job j to agent `to` (-1 = out), updating every incremental quantity. */
  shift(j: number, to: number): void {
    const from = this.assign[j];
    if (from === to) return;
    const { m, n, K, weight, capacity, load } = this;
    this.costSum += this.jobCost(to, j) - this.jobCost(from, j);
    if (from >= 0) {
      for (let k = 0; k < K; k++) {
        const x = k * m + from;
        const before = load[x] > capacity[x] + EPS;
        load[x] -= weight[x * n + j];
        const after = load[x] > capacity[x] + EPS;
        if (before !== after) this.violated += after ? 1 : -1;
      }
      // Remove j from its agent's list by moving the last job into its slot.
      const p = this.position[j];
      const last = this.agentJobs[from * n + --this.agentCount[from]];
      this.agentJobs[from * n + p] = last;
      this.position[last] = p;
    }
    if (to >= 0) {
      for (let k = 0; k < K; k++) {
        const x = k * m + to;
        const before = load[x] > capacity[x] + EPS;
        load[x] += weight[x * n + j];
        const after = load[x] > capacity[x] + EPS;
        if (before !== after) this.violated += after ? 1 : -1;
      }
      this.position[j] = this.agentCount[to];
      this.agentJobs[to * n + this.agentCount[to]++] = j;
    }
    this.assign[j] = to;
    if (from >= 0) this.changed[from] = 1;
    if (to >= 0) this.changed[to] = 1;
    if (this.hasBalance) {
      const balance = this.inst.balance!;
      for (let side = 0; side < 2; side++) {
        const i = side === 0 ? from : to;
        if (i < 0) continue;
        const p = agentLoadPenalty(balance, load[i], this.reference[i]);
        this.penaltySum += p - this.agentPenalty[i];
        this.agentPenalty[i] = p;
      }
      this.refreshTop();
    }
  }
}

/** Per job: candidate agents (closest first by priced cost), plus -1 where leaving it out is allowed. */
export interface CandidateLists {
  readonly width: number;
  readonly agents: Int32Array;
  readonly count: Int32Array;
  /** Cheapest candidate cost per job (for pruning chains). */
  readonly minCost: Float64Array;
}

export function buildCandidates(inst: GapInstance, allowed: Uint8Array, perJob: number, prices?: Float64Array, removed?: Uint8Array): CandidateLists {
  const { agents: m, jobs: n, cost, weight } = inst;
  const take = Math.max(1, Math.min(m, perJob));
  const width = take + 1;
  const agents = new Int32Array(n * width);
  const count = new Int32Array(n);
  const minCost = new Float64Array(n);
  const list: number[] = [];
  const score = new Float64Array(m);
  for (let j = 0; j < n; j++) {
    list.length = 0;
    for (let i = 0; i < m; i++) {
      const x = i * n + j;
      if (!allowed[x] || (removed && removed[x])) continue;
      score[i] = cost[x] + (prices ? prices[i] * weight[x] : 0);
      list.push(i);
    }
    list.sort((a, b) => score[a] - score[b] || a - b);
    let c = 0;
    let lo = Infinity;
    for (let t = 0; t < list.length && t < take; t++) {
      agents[j * width + c++] = list[t];
      lo = Math.min(lo, cost[list[t] * n + j]);
    }
    const u = inst.unassignedCost ? inst.unassignedCost[j] : Infinity;
    if (Number.isFinite(u)) {
      agents[j * width + c++] = -1;
      lo = Math.min(lo, u);
    }
    count[j] = c;
    minCost[j] = lo;
  }
  return { width, agents, count, minCost };
}

/** Pearson correlation of cost and resource-0 weight over the allowed pairs (0 when undefined). */
export function costWeightCorrelation(inst: GapInstance, allowed: Uint8Array): number {
  const { cost, weight } = inst;
  const size = inst.agents * inst.jobs;
  let count = 0;
  let sc = 0;
  let sw = 0;
  for (let x = 0; x < size; x++) {
    if (!allowed[x]) continue;
    count++;
    sc += cost[x];
    sw += weight[x];
  }
  if (count < 2) return 0;
  const mc = sc / count;
  const mw = sw / count;
  let cov = 0;
  let vc = 0;
  let vw = 0;
  for (let x = 0; x < size; x++) {
    if (!allowed[x]) continue;
    const dc = cost[x] - mc;
    const dw = weight[x] - mw;
    cov += dc * dw;
    vc += dc * dc;
    vw += dw * dw;
  }
  return vc > 0 && vw > 0 ? cov / Math.sqrt(vc * vw) : 0;
}

/** Default candidate-list width: every agent on small m, about sqrt-ish growth beyond. */
export function defaultCandidates(m: number): number {
  if (m <= 10) return m;
  return Math.max(10, Math.min(m, Math.round(2 * Math.sqrt(m) + 4)));
}

/**
 * Runs the penalty local search from `start` (a complete assignment, possibly capacity-infeasible).
 * Deterministic for a fixed seed and maxIterations when no deadline cuts it short.
 */
export function localSearch(inst: GapInstance, start: Int32Array, options: LocalSearchOptions): LocalSearchResult {
  return new PenaltySearch(inst, options).run(start);
}

/**
 * One run of the penalty local search: the candidate lists, the incremental state, the elite set and
 * the best found, with one method per neighbourhood (shiftPass, chainPass, cyclePass) and per phase
 * of the outer loop (descend, oscillate, restart via kick / relink).
 */
class PenaltySearch {
  private readonly tuning: typeof LOCAL_SEARCH_DEFAULTS;
  private readonly maxIterations: number;
  private readonly deadline: number;
  private readonly target: number;
  private readonly stallIterations: number;
  private readonly random: Random;
  private readonly m: number;
  private readonly n: number;
  private readonly K: number;
  private readonly allowed: Uint8Array;
  private readonly removed: Uint8Array | undefined;
  private readonly prices: Float64Array | undefined;
  private readonly onImprove: LocalSearchOptions['onImprove'];
  /** Candidate lists (see buildCandidates): `width` slots per job. */
  private readonly width: number;
  private readonly candAgents: Int32Array;
  private readonly candCount: Int32Array;
  private readonly minCost: Float64Array;
  /** Job-major copies of cost and resource-0 weight in candidate order (plain fast path). */
  private readonly candCost: Float64Array;
  private readonly candWeight: Float64Array;
  /** Candidates per job tried at each link of an ejection chain. */
  private readonly chainWidth: number;
  /** Candidates per job tried at each link of a cyclic exchange, and how many jobs a pass starts from. */
  private readonly cycleWidth: number;
  private readonly cycleStarts: number;
  private readonly useCycles: boolean;
  private readonly state: SearchState;
  private readonly assign: Int32Array;
  private readonly agentJobs: Int32Array;
  private readonly agentCount: Int32Array;
  /** Movable jobs: not fixed and with at least one candidate besides where they are. */
  private readonly movable: Int32Array;
  private readonly M: number;
  private readonly isMovable: Uint8Array;
  /** Initial penalty weight per resource: the typical cost per unit of resource. */
  private readonly alphaInit: Float64Array;
  /** Elite set of distinct feasible local optima for restarts / path relinking. */
  private readonly eliteSize: number;
  private readonly elite: Int32Array;
  private readonly eliteObjective: Float64Array;
  private eliteCount = 0;
  /** Don't-look bits of the chain pass (agents to scan) and of the cycle pass (scan / dirty since). */
  private readonly scan: Uint8Array;
  private readonly cycleScan: Uint8Array;
  private readonly cycleDirty: Uint8Array;
  /** See cycleWarmupPairs. */
  private cyclesReady: boolean;
  private best: Int32Array | null = null;
  private bestObjective = Infinity;
  private foundAt: number;
  private moves = 0;

  constructor(private readonly inst: GapInstance, options: LocalSearchOptions) {
    const DEFAULTS = { ...LOCAL_SEARCH_DEFAULTS, ...options.tuning };
    this.tuning = DEFAULTS;
    this.maxIterations = options.maxIterations ?? DEFAULTS.maxIterations;
    this.deadline = options.deadline ?? DEFAULTS.deadline;
    this.target = options.target ?? DEFAULTS.target;
    this.stallIterations = options.stallIterations ?? Infinity;
    this.random = new Random(options.seed ?? DEFAULTS.seed);
    const { agents: m, jobs: n, resources: K } = inst;
    this.m = m;
    this.n = n;
    this.K = K;
    const allowed = options.allowed;
    this.allowed = allowed;
    this.removed = options.removed;
    this.prices = options.prices;
    this.onImprove = options.onImprove;
    const perJob = options.candidatesPerJob || defaultCandidates(m);
    const cand = buildCandidates(inst, allowed, perJob, options.prices, options.removed);
    const { width, agents: candAgents, count: candCount } = cand;
    this.width = width;
    this.candAgents = candAgents;
    this.candCount = candCount;
    this.minCost = cand.minCost;
    // Chain pass cost ~ n * width * (n / m) * width: keep it near chainBudget evaluations.
    this.chainWidth = Math.max(
      1,
      DEFAULTS.chainCandidates > 0 ? DEFAULTS.chainCandidates : Math.max(3, Math.min(8, Math.floor(Math.sqrt((DEFAULTS.chainBudget * m) / (n * n))))),
    );
    const candCost = new Float64Array(n * width);
    const candWeight = new Float64Array(n * width);
    for (let j = 0; j < n; j++) {
      for (let c = 0; c < candCount[j]; c++) {
        const i = candAgents[j * width + c];
        candCost[j * width + c] = i >= 0 ? inst.cost[i * n + j] : Infinity;
        candWeight[j * width + c] = i >= 0 ? inst.weight[i * n + j] : 0;
      }
    }
    this.candCost = candCost;
    this.candWeight = candWeight;

    this.state = new SearchState(inst);
    this.assign = this.state.assign;
    this.agentJobs = this.state.agentJobs;
    this.agentCount = this.state.agentCount;

    const movableList: number[] = [];
    for (let j = 0; j < n; j++) {
      if (inst.fixedAgent && inst.fixedAgent[j] >= 0) continue;
      if (candCount[j] > 0) movableList.push(j);
    }
    this.movable = Int32Array.from(movableList);
    this.M = this.movable.length;
    this.isMovable = new Uint8Array(n);
    for (const j of this.movable) this.isMovable[j] = 1;

    const alphaInit = new Float64Array(K);
    for (let k = 0; k < K; k++) {
      let cs = 0;
      let ws = 0;
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          if (!allowed[i * n + j]) continue;
          cs += Math.abs(inst.cost[i * n + j]);
          ws += inst.weight[(k * m + i) * n + j];
        }
      }
      alphaInit[k] = ws > 0 ? Math.max(cs / ws, 1e-6) : 1;
    }
    this.alphaInit = alphaInit;
    this.resetAlpha();
    this.foundAt = performance.now();

    this.eliteSize = DEFAULTS.eliteSize;
    this.elite = new Int32Array(this.eliteSize * n);
    this.eliteObjective = new Float64Array(this.eliteSize).fill(Infinity);

    this.cycleWidth = Math.max(2, Math.min(8, Math.floor(Math.cbrt((DEFAULTS.cycleBudget * m * m) / (n * n * n)))));
    // Where even width 2 is over budget (many jobs per agent), a pass starts from a sample of jobs.
    this.cycleStarts = Math.max(1, Math.min(this.M, Math.ceil(DEFAULTS.cycleBudget / (this.cycleWidth * this.cycleWidth * (n / m) * (n / m)))));
    this.useCycles =
      this.state.plain && DEFAULTS.cycleBudget > 0 && m * n <= DEFAULTS.cyclePairs && costWeightCorrelation(inst, allowed) <= DEFAULTS.cycleCorrelation;
    this.scan = new Uint8Array(m);
    this.cycleScan = new Uint8Array(m);
    this.cycleDirty = new Uint8Array(m).fill(1);
    this.cyclesReady = m * n <= DEFAULTS.cycleWarmupPairs;
  }

  /** The outer loop: descend, record, oscillate the penalty weights, restart from the elite set. */
  run(start: Int32Array): LocalSearchResult {
    const { state, assign, random, tuning: DEFAULTS, m, n, K } = this;
    state.reset(start);
    this.recordIfBest();
    if (this.M === 0) return this.result(0); // nothing can move
    let iterations = 0;
    let sinceBest = 0;
    let stalled = 0;
    let lastBest = this.bestObjective;
    const kickMax = DEFAULTS.kickMax > 0 ? DEFAULTS.kickMax : Math.max(2, Math.min(10, Math.round(n / 40)));
    while (iterations < this.maxIterations && !this.timeUp() && this.bestObjective > this.target + EPS) {
      this.descend();
      iterations++;
      if (state.violated === 0) this.cyclesReady = true;
      // Resync against float drift, then record.
      state.reset(assign);
      this.recordIfBest();
      this.addElite();
      if (this.bestObjective < lastBest) {
        lastBest = this.bestObjective;
        sinceBest = 0;
        stalled = 0;
      } else {
        sinceBest++;
        if (++stalled >= this.stallIterations) break;
      }
      if (this.timeUp() || this.bestObjective <= this.target + EPS) break;
      // Strategic oscillation on the penalty weights.
      if (state.violated > 0) {
        const { load, capacity, alpha } = state;
        for (let x = 0; x < K * m; x++) if (load[x] > capacity[x] + EPS) alpha[x] *= DEFAULTS.alphaRaise;
      } else {
        const alpha = state.alpha;
        for (let x = 0; x < K * m; x++) {
          const floor = this.alphaInit[Math.floor(x / m)] * 1e-3;
          alpha[x] = Math.max(floor, alpha[x] * DEFAULTS.alphaDecay);
        }
        this.kick(1 + random.nextInt(kickMax));
      }
      if (sinceBest >= DEFAULTS.restartAfter && this.eliteCount > 0) {
        // Restart: from the best (or an elite solution) relinked toward another elite solution.
        sinceBest = 0;
        const from = random.nextFloat() < 0.5 && this.best ? -1 : random.nextInt(this.eliteCount);
        state.reset(from < 0 ? this.best! : this.elite.subarray(from * n, from * n + n));
        if (this.eliteCount > 1) this.relink(random.nextInt(this.eliteCount));
        else this.kick(kickMax * 2);
        this.resetAlpha();
      }
    }
    return this.result(iterations);
  }

  private result(iterations: number): LocalSearchResult {
    return { assignment: this.best, objective: this.bestObjective, iterations, moves: this.moves, foundAt: this.foundAt };
  }

  private resetAlpha(): void {
    const { m, K, state, alphaInit, tuning: DEFAULTS } = this;
    for (let k = 0; k < K; k++) for (let i = 0; i < m; i++) state.alpha[k * m + i] = alphaInit[k];
    // Capacity prices, when known, say what a unit of each agent's resource 0 is worth: start above them.
    if (this.prices && DEFAULTS.priceFactor > 0) {
      for (let i = 0; i < m; i++) state.alpha[i] = DEFAULTS.priceFactor * this.prices[i] + DEFAULTS.baseFactor * alphaInit[0];
    }
  }

  private recordIfBest(): void {
    const { state, assign, inst, n } = this;
    if (state.violated !== 0) return;
    const inc = state.objective();
    if (inc >= this.bestObjective - tolerance(this.bestObjective)) return;
    // Exact check (no drift): objective straight from the definition.
    const exact = gapObjective(inst, assign);
    if (!(exact < this.bestObjective) || !gapFeasible(inst, assign)) return;
    if (!this.best) this.best = new Int32Array(n);
    this.best.set(assign);
    this.bestObjective = exact;
    this.foundAt = performance.now();
    if (this.onImprove) this.onImprove(exact, Int32Array.from(this.best));
  }

  private addElite(): void {
    const { state, assign, n, elite, eliteObjective } = this;
    if (state.violated !== 0) return;
    const obj = state.objective();
    // Skip duplicates by objective + a cheap identity check.
    let worst = -1;
    let worstObj = -Infinity;
    for (let e = 0; e < this.eliteCount; e++) {
      if (Math.abs(eliteObjective[e] - obj) < 1e-9) {
        let same = true;
        for (let j = 0; j < n && same; j++) if (elite[e * n + j] !== assign[j]) same = false;
        if (same) return;
      }
      if (eliteObjective[e] > worstObj) {
        worstObj = eliteObjective[e];
        worst = e;
      }
    }
    let slot = -1;
    if (this.eliteCount < this.eliteSize) slot = this.eliteCount++;
    else if (obj < worstObj) slot = worst;
    if (slot < 0) return;
    elite.set(assign, slot * n);
    eliteObjective[slot] = obj;
  }

  private timeUp(): boolean {
    return performance.now() >= this.deadline;
  }

  /** One descent to a local optimum: shifts, then chains, then (where they pay) cyclic exchanges. */
  private descend(): void {
    const state = this.state;
    state.changed.fill(1); // weights or the solution changed: everything is worth a look
    for (;;) {
      while (this.shiftPass()) if (this.timeUp()) return;
      if (this.timeUp()) return;
      if (this.chainPass()) continue;
      if (state.violated !== 0 && !this.cyclesReady) return; // see cycleWarmupPairs
      if (!this.cyclePass()) return;
    }
  }

  /** Best-improvement shift per job, cycling until no job improves. */
  private shiftPass(): boolean {
    const { state, assign, movable, M, width, candCount, candAgents } = this;
    let any = false;
    for (let t = 0; t < M; t++) {
      const j = movable[t];
      const from = assign[j];
      let bestDelta = -EPS;
      let bestTo = -2;
      const base = j * width;
      for (let c = 0; c < candCount[j]; c++) {
        const to = candAgents[base + c];
        if (to === from) continue;
        const d = state.shiftDelta(j, to);
        if (d < bestDelta) {
          bestDelta = d;
          bestTo = to;
        }
      }
      if (bestTo !== -2) {
        state.shift(j, bestTo);
        this.moves++;
        any = true;
        this.recordIfBest();
      }
    }
    return any;
  }

  /** Ejection chains of depth two (swaps included), first improvement. */
  private chainPass(): boolean {
    const { inst, state, assign, agentJobs, agentCount, movable, M, isMovable, width, candCount, candAgents, candCost, candWeight, minCost, chainWidth, allowed, removed, scan, cycleDirty, m, n } = this;
    let any = false;
    const offset = M > 0 ? this.random.nextInt(M) : 0;
    const { cost, weight, capacity } = inst;
    const load = state.load;
    const alpha = state.alpha;
    // Don't-look bits: a pair of agents neither of which changed since the last pass was already
    // found without improving chains (changes at the third agent are ignored: a heuristic cut).
    const changed = state.changed;
    // (Plain GAP only: with a balance term, deltas also depend on other agents' loads.)
    if (state.plain) scan.set(changed);
    else scan.fill(1);
    for (let i = 0; i < m; i++) cycleDirty[i] |= changed[i];
    changed.fill(0);
    for (let t = 0; t < M; t++) {
      if ((t & 63) === 0 && this.timeUp()) break;
      const j1 = movable[(t + offset) % M];
      const i1 = assign[j1];
      const base1 = j1 * width;
      const links1 = Math.min(candCount[j1], chainWidth);
      const fresh1 = i1 < 0 || scan[i1] === 1 || changed[i1] === 1;
      for (let c1 = 0; c1 < links1; c1++) {
        const i2 = candAgents[base1 + c1];
        if (i2 < 0 || i2 === i1) continue;
        if (!fresh1 && scan[i2] === 0 && changed[i2] === 0) continue;
        let moved = false;
        if (state.plain) {
          // Fast path: single resource, no balance, no unassignment.
          const x11 = i1 * n + j1;
          const x21 = i2 * n + j1;
          const l1 = load[i1];
          const cap1 = capacity[i1];
          const ex1 = positive(l1 - cap1);
          const w11 = weight[x11];
          const l2 = load[i2];
          const cap2 = capacity[i2];
          const ex2 = positive(l2 - cap2);
          const head = cost[x21] - cost[x11];
          const i1Out = alpha[i1] * (positive(l1 - w11 - cap1) - ex1);
          const l2In = l2 + weight[x21];
          // When j1 fits on i2 no ejection is needed there: only the swap (i3 = i1) can beat the
          // shifts already found non-improving.
          const swapOnly = l2In <= cap2 + EPS;
          for (let p = 0; p < agentCount[i2]; p++) {
            const j2 = agentJobs[i2 * n + p];
            if (!isMovable[j2]) continue;
            const x22 = i2 * n + j2;
            const mid = head - cost[x22] + alpha[i2] * (positive(l2In - weight[x22] - cap2) - ex2);
            // Adding load never lowers a penalty, so this bounds every i3 (i3 = i1 included).
            if (mid + i1Out + minCost[j2] >= -EPS) continue;
            if (swapOnly) {
              const x12 = i1 * n + j2;
              if (!allowed[x12] || (removed && removed[x12])) continue;
              const d = mid + cost[x12] + alpha[i1] * (positive(l1 - w11 + weight[x12] - cap1) - ex1);
              if (d < -EPS) {
                state.shift(j1, i2);
                state.shift(j2, i1);
                this.moves += 2;
                this.recordIfBest();
                moved = true;
                break;
              }
              continue;
            }
            const base2 = j2 * width;
            let bestDelta = -EPS;
            let bestI3 = -2;
            const links2 = Math.min(candCount[j2], chainWidth);
            for (let c2 = 0; c2 < links2; c2++) {
              const i3 = candAgents[base2 + c2];
              if (i3 === i2) continue;
              // Candidate-ordered copies of cost/weight keep this innermost loop on contiguous memory.
              const c32 = candCost[base2 + c2];
              const w32 = candWeight[base2 + c2];
              let d: number;
              if (i3 === i1) {
                d = mid + c32 + alpha[i1] * (positive(l1 - w11 + w32 - cap1) - ex1);
              } else {
                const l3 = load[i3];
                const cap3 = capacity[i3];
                d = mid + i1Out + c32 + alpha[i3] * (positive(l3 + w32 - cap3) - positive(l3 - cap3));
              }
              if (d < bestDelta) {
                bestDelta = d;
                bestI3 = i3;
              }
            }
            if (bestI3 !== -2) {
              state.shift(j1, i2);
              state.shift(j2, bestI3);
              this.moves += 2;
              this.recordIfBest();
              moved = true;
              break;
            }
          }
        } else {
          const head = state.jobCost(i2, j1) - state.jobCost(i1, j1) + state.agentDelta(i1, j1, -1);
          const withMaxUtil = inst.balance !== null && inst.balance.maxUtilisationCost > 0;
          for (let p = 0; p < agentCount[i2]; p++) {
            const j2 = agentJobs[i2 * n + p];
            if (!isMovable[j2]) continue;
            // Lower bound over every i3: adding load never lowers a penalty or the min-max term.
            const mid = head - state.jobCost(i2, j2) + state.agentDelta(i2, j2, j1);
            if (mid + minCost[j2] + state.chainHeadMaxUtilDelta(j1, i2, j2) >= -EPS) continue;
            const base2 = j2 * width;
            let bestDelta = -EPS;
            let bestI3 = -2;
            const links2 = Math.min(candCount[j2], chainWidth);
            for (let c2 = 0; c2 < links2; c2++) {
              const i3 = candAgents[base2 + c2];
              if (i3 === i2) continue;
              // The swap end re-evaluates i1; a plain end reuses the i1 and i2 parts in `mid`.
              const d = i3 === i1 || withMaxUtil ? state.chainDelta(j1, i2, j2, i3) : mid + state.jobCost(i3, j2) + state.agentDelta(i3, -1, j2);
              if (d < bestDelta) {
                bestDelta = d;
                bestI3 = i3;
              }
            }
            if (bestI3 !== -2) {
              state.shift(j1, i2);
              state.shift(j2, bestI3);
              this.moves += 2;
              this.recordIfBest();
              moved = true;
              break;
            }
          }
        }
        if (moved) {
          any = true;
          break;
        }
      }
    }
    return any;
  }

  /**
   * Cyclic three-exchanges (plain GAP only): j1 from i1 to i2, j2 from i2 to i3, j3 from i3 back to
   * i1. Every agent keeps its job count while loads shift, which is what tight packings need.
   * First improvement; tried only when shifts and chains are exhausted.
   */
  private cyclePass(): boolean {
    if (!this.useCycles) return false;
    const { inst, state, assign, agentJobs, agentCount, movable, M, isMovable, width, candCount, candAgents, candCost, candWeight, cycleWidth, cycleStarts, allowed, removed, cycleScan, cycleDirty, m, n } = this;
    const { cost, weight, capacity } = inst;
    const load = state.load;
    const alpha = state.alpha;
    const offset = M > 0 ? this.random.nextInt(M) : 0;
    // Don't-look bits: a cycle through three agents none of which changed since the last complete
    // pass (every start scanned, nothing found) cannot improve now either. The alpha are part of it:
    // the descent marks everything changed when they move.
    const changed = state.changed;
    const fullPass = cycleStarts >= M;
    for (let i = 0; i < m; i++) {
      cycleScan[i] = fullPass ? cycleDirty[i] | changed[i] : 1;
      cycleDirty[i] = 0;
    }
    const abort = (): void => {
      for (let i = 0; i < m; i++) cycleDirty[i] |= cycleScan[i];
    };
    for (let t = 0; t < cycleStarts; t++) {
      if ((t & 15) === 0 && this.timeUp()) {
        abort();
        return false;
      }
      const j1 = movable[(t + offset) % M];
      const i1 = assign[j1];
      const l1 = load[i1];
      const cap1 = capacity[i1];
      const ex1 = positive(l1 - cap1);
      const w11 = weight[i1 * n + j1];
      const links1 = Math.min(candCount[j1], cycleWidth);
      for (let c1 = 0; c1 < links1; c1++) {
        const i2 = candAgents[j1 * width + c1];
        if (i2 < 0 || i2 === i1) continue;
        const dirty12 = cycleScan[i1] | cycleScan[i2];
        const l2 = load[i2];
        const cap2 = capacity[i2];
        const ex2 = positive(l2 - cap2);
        const head = candCost[j1 * width + c1] - cost[i1 * n + j1];
        const l2In = l2 + candWeight[j1 * width + c1];
        for (let p2 = 0; p2 < agentCount[i2]; p2++) {
          const j2 = agentJobs[i2 * n + p2];
          if (!isMovable[j2]) continue;
          const x22 = i2 * n + j2;
          const mid = head - cost[x22] + alpha[i2] * (positive(l2In - weight[x22] - cap2) - ex2);
          const links2 = Math.min(candCount[j2], cycleWidth);
          for (let c2 = 0; c2 < links2; c2++) {
            const i3 = candAgents[j2 * width + c2];
            if (i3 < 0 || i3 === i1 || i3 === i2 || (dirty12 | cycleScan[i3]) === 0) continue;
            const l3 = load[i3];
            const cap3 = capacity[i3];
            const ex3 = positive(l3 - cap3);
            const mid3 = mid + candCost[j2 * width + c2];
            const l3In = l3 + candWeight[j2 * width + c2];
            for (let p3 = 0; p3 < agentCount[i3]; p3++) {
              const j3 = agentJobs[i3 * n + p3];
              if (!isMovable[j3]) continue;
              const x13 = i1 * n + j3;
              if (!allowed[x13] || (removed && removed[x13])) continue;
              const x33 = i3 * n + j3;
              const d =
                mid3 - cost[x33] + cost[x13] +
                alpha[i3] * (positive(l3In - weight[x33] - cap3) - ex3) +
                alpha[i1] * (positive(l1 - w11 + weight[x13] - cap1) - ex1);
              if (d < -EPS) {
                state.shift(j1, i2);
                state.shift(j2, i3);
                state.shift(j3, i1);
                this.moves += 3;
                this.recordIfBest();
                abort();
                return true;
              }
            }
          }
        }
      }
    }
    return false;
  }

  /** Random kick: a few jobs to random candidate agents. */
  private kick(size: number): void {
    const { state, assign, movable, M, width, candCount, candAgents, random } = this;
    for (let s = 0; s < size && M > 0; s++) {
      const j = movable[random.nextInt(M)];
      const c = candCount[j];
      if (c <= 1) continue;
      const to = candAgents[j * width + random.nextInt(c)];
      if (to !== assign[j]) {
        state.shift(j, to);
        this.moves++;
      }
    }
  }

  /** Path relinking step: from the current solution, move a random share of differing jobs to the guide's agents. */
  private relink(guide: number): void {
    const { state, assign, isMovable, elite, random, n } = this;
    const differing: number[] = [];
    for (let j = 0; j < n; j++) if (isMovable[j] && assign[j] !== elite[guide * n + j]) differing.push(j);
    const take = Math.ceil(differing.length * (0.3 + 0.4 * random.nextFloat()));
    if (this.tuning.greedyRelink) {
      // Greedy path relinking: each step takes the guide's agent for the job where that is cheapest.
      for (let s = 0; s < take && differing.length > 0; s++) {
        let pick = 0;
        let pickDelta = Infinity;
        for (let t = 0; t < differing.length; t++) {
          const j = differing[t];
          const d = state.shiftDelta(j, elite[guide * n + j]);
          if (d < pickDelta) {
            pickDelta = d;
            pick = t;
          }
        }
        const j = differing[pick];
        differing[pick] = differing[differing.length - 1];
        differing.pop();
        state.shift(j, elite[guide * n + j]);
        this.moves++;
        this.recordIfBest();
      }
      return;
    }
    for (let s = 0; s < take && differing.length > 0; s++) {
      const pick = random.nextInt(differing.length);
      const j = differing[pick];
      differing[pick] = differing[differing.length - 1];
      differing.pop();
      state.shift(j, elite[guide * n + j]);
      this.moves++;
    }
  }
}
