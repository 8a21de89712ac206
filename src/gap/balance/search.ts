import { tolerance } from '../../util/numbers.js';
import { agentLoadPenalty, gapFeasible, gapObjective, type GapBalance, type GapInstance } from '../instance.js';
import { Random } from '../../util/random.js';
import type { SearchLimits } from '../../util/limits.js';
import type { InsertionChains } from './chains.js';

/**
 * Local search for GAP instances with a balance term (convex per-agent load penalty plus a min-max
 * utilisation term), several resources and optional unassignment. It stays capacity-feasible and
 * evaluates every move exactly: cost, both agents' penalty changes and the min-max change (from the
 * few most utilised agents). Every eligible agent is a candidate (the balance term makes a cheap
 * agent's load matter more than its cost, so cost-ranked candidate lists miss the useful moves).
 * Neighbourhoods: shift (a job to another agent, in or out), swap (two jobs on two agents, or a job
 * in for a job out), and ejection chains of depth two toward the least utilised agents. Iterated:
 * a local optimum is perturbed (jobs off the most utilised agents, random shifts) and the search
 * continues from the best when the walk drifts.
 */

/** Limits (SearchLimits): maxIterations counts descents. */
export interface BalanceSearchOptions extends SearchLimits {
  readonly seed?: number;
  /** m*n: 1 = pair allowed (see allowedPairs). Required. */
  readonly allowed: Uint8Array;
  /** Stop once a feasible objective <= target is found. Default -Infinity. */
  readonly target?: number;
  /** Stop after this many descents without a new best. Default Infinity. */
  readonly stallIterations?: number;
  readonly onImprove?: (objective: number, assignment: Int32Array) => void;
  /** Long insertion chains (balanceChains.ts), tried at each local optimum of the other moves. Default none. */
  readonly chains?: InsertionChains | null;
}

export interface BalanceSearchResult {
  readonly assignment: Int32Array | null;
  readonly objective: number;
  readonly iterations: number;
  readonly moves: number;
}

export const BALANCE_SEARCH_DEFAULTS = {
  /** Descents from the current walk before returning to the best solution. */
  returnAfter: 20,
  /** Largest perturbation (jobs moved). */
  kickMax: 6,
  /** Share of perturbations that ruin and recreate instead, and the agents each ruins (plus 0 or 1). */
  ruinShare: 0.5,
  ruinAgents: 2,
  /** Least-utilised agents tried as chain ends. */
  chainEnds: 6,
  /** Cheapest agents of the ejected job tried as chain ends. */
  cheapEnds: 3,
  /** Unassigned jobs (most costly to leave out per point first) a swap may bring in for one going out. */
  swapInCandidates: 40,
  /** Unassigned jobs (best value per point first) a repacking may bring onto an agent. */
  repackOut: 30,
  /** Jobs with at most this many eligible agents try them all as chain ends. */
  allEndsUpTo: 24,
} as const;

const EPS = 1e-9;

/** Exact, capacity-feasible local search; `start` must be capacity-feasible (else it returns null). */
export function balanceSearch(inst: GapInstance, start: Int32Array, options: BalanceSearchOptions): BalanceSearchResult {
  if (!inst.balance) throw new Error('balanceSearch: the instance has no balance term');
  if (!gapFeasible(inst, start) || !Number.isFinite(gapObjective(inst, start))) {
    return { assignment: null, objective: Infinity, iterations: 0, moves: 0 };
  }
  return new BalanceWalk(inst, inst.balance, options).run(start);
}

/**
 * One run of the balance search: the incremental state (assignment, loads, per-agent penalties, the
 * most utilised agents), the move buffers and the best found, with one method per neighbourhood
 * (shiftPass, swapPass, repackPass, chainPass) and per phase (descend, kick, ruinAndRecreate, run).
 */
class BalanceWalk {
  private readonly m: number;
  private readonly n: number;
  private readonly K: number;
  private readonly cost: Float64Array;
  private readonly weight: Float64Array;
  private readonly capacity: Float64Array;
  private readonly unassignedCost: Float64Array | null;
  private readonly maxIterations: number;
  private readonly deadline: number;
  private readonly target: number;
  private readonly stallIterations: number;
  private readonly random: Random;
  private readonly allowed: Uint8Array;
  /** The min-max utilisation cost (GapBalance.maxUtilisationCost). */
  private readonly M: number;
  /** Per agent: the balance reference capacity and its inverse (0 where the reference is 0). */
  private readonly ref: Float64Array;
  private readonly invRef: Float64Array;
  /** Per job: eligible agents (allowed pairs), then -1 when it may stay out; fixed jobs have none. */
  private readonly eligStart: Int32Array;
  private readonly elig: Int32Array;
  private readonly movable: number[];
  private readonly assign: Int32Array;
  private readonly load: Float64Array;
  private readonly agentJobs: Int32Array;
  private readonly agentCount: Int32Array;
  private readonly position: Int32Array;
  private readonly penalty: Float64Array;
  /** The three most utilised agents, highest first (at most two agents change per move; chains three: use 4). */
  private readonly top = new Int32Array(4).fill(-1);
  private costSum = 0;
  private penaltySum = 0;
  private best: Int32Array | null = null;
  private bestObjective = Infinity;
  private moves = 0;
  /** Unassigned movable jobs, rebuilt at each descent step (swap-in and repacking candidates). */
  private readonly outList: number[] = [];
  private readonly outRank: Float64Array;
  /** Per job: its cheapest few eligible agents (ties by index). */
  private readonly cheap: Int32Array;
  private readonly cheapCount: Int32Array;
  /** Least utilised agents (chain ends), refreshed per chain pass. */
  private readonly chainEnds: number;
  private readonly ends: Int32Array;
  /** First links of swaps and chains (see firstLinks), with stamps against duplicates. */
  private readonly linkBuf: Int32Array;
  private readonly linkStamp: Int32Array;
  private stamp = 0;
  /** Repacking buffers (see repackAgent); only where every allowed weight is integral. */
  private readonly repackable: boolean;
  private readonly repItems: number[] = [];
  private readonly repValue: Float64Array;
  private repDp = new Float64Array(0);
  private repKeep = new Uint8Array(0);
  private readonly chosen: Uint8Array;

  constructor(private readonly inst: GapInstance, private readonly balance: GapBalance, private readonly options: BalanceSearchOptions) {
    const { agents: m, jobs: n, resources: K, cost, weight, capacity } = inst;
    this.m = m;
    this.n = n;
    this.K = K;
    this.cost = cost;
    this.weight = weight;
    this.capacity = capacity;
    this.maxIterations = options.maxIterations ?? Infinity;
    this.deadline = options.deadline ?? Infinity;
    this.target = options.target ?? -Infinity;
    this.stallIterations = options.stallIterations ?? Infinity;
    this.random = new Random(options.seed ?? 1);
    const allowed = options.allowed;
    this.allowed = allowed;
    this.M = balance.maxUtilisationCost;
    const unassignedCost = inst.unassignedCost;
    this.unassignedCost = unassignedCost;
    this.ref = new Float64Array(m);
    for (let i = 0; i < m; i++) this.ref[i] = balance.reference ? balance.reference[i] : capacity[i];
    this.invRef = Float64Array.from(this.ref, (r) => (r > 0 ? 1 / r : 0));

    const eligStart = new Int32Array(n + 1);
    const eligList: number[] = [];
    const movable: number[] = [];
    for (let j = 0; j < n; j++) {
      eligStart[j] = eligList.length;
      const fixed = inst.fixedAgent ? inst.fixedAgent[j] >= 0 : false;
      if (fixed) continue;
      for (let i = 0; i < m; i++) if (allowed[i * n + j]) eligList.push(i);
      const p = unassignedCost ? unassignedCost[j] : Infinity;
      if (Number.isFinite(p)) eligList.push(-1);
      if (eligList.length - eligStart[j] >= 2) movable.push(j);
    }
    eligStart[n] = eligList.length;
    this.eligStart = eligStart;
    const elig = Int32Array.from(eligList);
    this.elig = elig;
    this.movable = movable;

    this.assign = new Int32Array(n);
    this.load = new Float64Array(K * m);
    this.agentJobs = new Int32Array(m * n);
    this.agentCount = new Int32Array(m);
    this.position = new Int32Array(n);
    this.penalty = new Float64Array(m);
    this.outRank = new Float64Array(n);

    const CHEAP = BALANCE_SEARCH_DEFAULTS.cheapEnds;
    const cheap = new Int32Array(n * CHEAP);
    const cheapCount = new Int32Array(n);
    for (let j = 0; j < n; j++) {
      for (let e = eligStart[j]; e < eligStart[j + 1]; e++) {
        const i = elig[e];
        if (i < 0) continue;
        let p = cheapCount[j] < CHEAP ? cheapCount[j]++ : CHEAP;
        while (p > 0 && cost[cheap[j * CHEAP + p - 1] * n + j] > cost[i * n + j]) {
          if (p < CHEAP) cheap[j * CHEAP + p] = cheap[j * CHEAP + p - 1];
          p--;
        }
        if (p < CHEAP) cheap[j * CHEAP + p] = i;
      }
    }
    this.cheap = cheap;
    this.cheapCount = cheapCount;
    this.chainEnds = Math.min(m, BALANCE_SEARCH_DEFAULTS.chainEnds);
    this.ends = new Int32Array(this.chainEnds);
    this.linkBuf = new Int32Array(m + 1);
    this.linkStamp = new Int32Array(m + 1);

    let repackable = unassignedCost !== null && K >= 1;
    for (let x = 0; x < m * n && repackable; x++) {
      if (!allowed[x]) continue;
      if (!Number.isInteger(weight[x]) || (K >= 2 && !Number.isInteger(weight[m * n + x]))) repackable = false;
    }
    this.repackable = repackable;
    this.repValue = new Float64Array(n);
    this.chosen = new Uint8Array(n);
  }

  /** Iterated descent: descend, record, return to the best when the walk drifts, perturb. */
  run(start: Int32Array): BalanceSearchResult {
    const random = this.random;
    this.assign.set(start);
    this.reset(start);
    this.record();
    let iterations = 0;
    let stalled = 0;
    let sinceBest = 0;
    while (iterations < this.maxIterations && !this.timeUp() && this.bestObjective > this.target + EPS) {
      this.descend();
      iterations++;
      this.reset(this.assign); // resync against float drift
      const before = this.bestObjective;
      this.record();
      if (this.bestObjective < before) {
        stalled = 0;
        sinceBest = 0;
      } else {
        if (++stalled >= this.stallIterations) break;
        sinceBest++;
      }
      if (this.timeUp() || this.bestObjective <= this.target + EPS) break;
      if (sinceBest >= BALANCE_SEARCH_DEFAULTS.returnAfter && this.best) {
        this.reset(this.best);
        sinceBest = 0;
      }
      if (random.nextFloat() < BALANCE_SEARCH_DEFAULTS.ruinShare) this.ruinAndRecreate();
      else this.kick(1 + random.nextInt(BALANCE_SEARCH_DEFAULTS.kickMax));
    }
    return { assignment: this.best, objective: this.bestObjective, iterations, moves: this.moves };
  }

  private isAllowed(i: number, j: number): boolean {
    return i < 0 ? Number.isFinite(this.unassignedCost ? this.unassignedCost[j] : Infinity) : this.allowed[i * this.n + j] === 1;
  }

  private jobCost(i: number, j: number): number {
    return i < 0 ? this.unassignedCost![j] : this.cost[i * this.n + j];
  }

  private refreshTop(): void {
    const { top, load, invRef, m } = this;
    top.fill(-1);
    for (let i = 0; i < m; i++) {
      const u = load[i] * invRef[i];
      let p = 4;
      while (p > 0 && (top[p - 1] < 0 || load[top[p - 1]] * invRef[top[p - 1]] < u)) p--;
      if (p >= 4) continue;
      for (let s = 3; s > p; s--) top[s] = top[s - 1];
      top[p] = i;
    }
  }

  private reset(a: Int32Array): void {
    const { assign, load, agentCount, agentJobs, position, penalty, weight, m, n, K } = this;
    assign.set(a);
    load.fill(0);
    agentCount.fill(0);
    let costSum = 0;
    for (let j = 0; j < n; j++) {
      const i = a[j];
      costSum += this.jobCost(i, j);
      if (i < 0) continue;
      for (let k = 0; k < K; k++) load[k * m + i] += weight[(k * m + i) * n + j];
      position[j] = agentCount[i];
      agentJobs[i * n + agentCount[i]++] = j;
    }
    this.costSum = costSum;
    let penaltySum = 0;
    for (let i = 0; i < m; i++) {
      penalty[i] = agentLoadPenalty(this.balance, load[i], this.ref[i]);
      penaltySum += penalty[i];
    }
    this.penaltySum = penaltySum;
    this.refreshTop();
  }

  private maxUtil(): number {
    const top = this.top;
    return top[0] >= 0 ? Math.max(0, this.load[top[0]] * this.invRef[top[0]]) : 0;
  }

  private objective(): number {
    return this.costSum + this.penaltySum + this.M * this.maxUtil();
  }

  /** Highest utilisation among agents other than a, b, c. */
  private othersMax(a: number, b: number, c: number): number {
    const top = this.top;
    for (let t = 0; t < 4; t++) {
      const i = top[t];
      if (i < 0) return 0;
      if (i === a || i === b || i === c) continue;
      return Math.max(0, this.load[i] * this.invRef[i]);
    }
    return 0;
  }

  /** Whether agent i stays within every capacity when it loses job `out` and gains `inn` (-1 = none). */
  private fits(i: number, out: number, inn: number): boolean {
    if (i < 0 || inn < 0) return true;
    const { load, weight, capacity, m, n, K } = this;
    for (let k = 0; k < K; k++) {
      const x = k * m + i;
      const nl = load[x] - (out >= 0 ? weight[x * n + out] : 0) + weight[x * n + inn];
      if (nl > capacity[x] + EPS) return false;
    }
    return true;
  }

  private newLoad0(i: number, out: number, inn: number): number {
    const { load, weight, n } = this;
    return load[i] - (out >= 0 ? weight[i * n + out] : 0) + (inn >= 0 ? weight[i * n + inn] : 0);
  }

  private penaltyAt(i: number, l: number): number {
    return agentLoadPenalty(this.balance, l, this.ref[i]);
  }

  private shift(j: number, to: number): void {
    const { assign, load, weight, agentJobs, agentCount, position, penalty, m, n, K } = this;
    const from = assign[j];
    if (from === to) return;
    this.costSum += this.jobCost(to, j) - this.jobCost(from, j);
    if (from >= 0) {
      for (let k = 0; k < K; k++) load[k * m + from] -= weight[(k * m + from) * n + j];
      const p = position[j];
      const last = agentJobs[from * n + --agentCount[from]];
      agentJobs[from * n + p] = last;
      position[last] = p;
      const pen = this.penaltyAt(from, load[from]);
      this.penaltySum += pen - penalty[from];
      penalty[from] = pen;
    }
    if (to >= 0) {
      for (let k = 0; k < K; k++) load[k * m + to] += weight[(k * m + to) * n + j];
      position[j] = agentCount[to];
      agentJobs[to * n + agentCount[to]++] = j;
      const pen = this.penaltyAt(to, load[to]);
      this.penaltySum += pen - penalty[to];
      penalty[to] = pen;
    }
    assign[j] = to;
  }

  private record(): void {
    const { inst, assign, n } = this;
    const inc = this.objective();
    if (inc >= this.bestObjective - tolerance(this.bestObjective)) return;
    const exact = gapObjective(inst, assign);
    if (!(exact < this.bestObjective) || !gapFeasible(inst, assign)) return;
    if (!this.best) this.best = new Int32Array(n);
    this.best.set(assign);
    this.bestObjective = exact;
    if (this.options.onImprove) this.options.onImprove(exact, Int32Array.from(this.best));
  }

  private timeUp(): boolean {
    return performance.now() >= this.deadline;
  }

  /** Delta of moving j from its agent to `to` (feasibility checked by the caller). */
  private shiftDelta(j: number, to: number): number {
    const { assign, load, weight, penalty, invRef, M, n } = this;
    const from = assign[j];
    let d = this.jobCost(to, j) - this.jobCost(from, j);
    let uf = 0;
    let ut = 0;
    if (from >= 0) {
      const l = load[from] - weight[from * n + j];
      d += this.penaltyAt(from, l) - penalty[from];
      uf = l * invRef[from];
    }
    if (to >= 0) {
      const l = load[to] + weight[to * n + j];
      d += this.penaltyAt(to, l) - penalty[to];
      ut = l * invRef[to];
    }
    if (M > 0) d += M * (Math.max(this.othersMax(from, to, -1), uf, ut) - this.maxUtil());
    return d;
  }

  /** Best-improvement shift per job (in or out). */
  private shiftPass(): boolean {
    const { movable, assign, eligStart, elig, M } = this;
    let any = false;
    for (const j of movable) {
      const from = assign[j];
      let bestD = -EPS;
      let bestTo = -2;
      for (let e = eligStart[j]; e < eligStart[j + 1]; e++) {
        const to = elig[e];
        if (to === from || !this.fits(to, -1, j)) continue;
        const d = this.shiftDelta(j, to);
        if (d < bestD) {
          bestD = d;
          bestTo = to;
        }
      }
      if (bestTo !== -2) {
        this.shift(j, bestTo);
        if (M > 0) this.refreshTop();
        this.moves++;
        any = true;
      }
    }
    return any;
  }

  /** Swap j1 (on a) with j2 (on b): j1 -> b, j2 -> a; a or b may be -1 (out). */
  private swapDelta(j1: number, j2: number): number {
    const { assign, penalty, invRef, M } = this;
    const a = assign[j1];
    const b = assign[j2];
    let d = this.jobCost(b, j1) - this.jobCost(a, j1) + this.jobCost(a, j2) - this.jobCost(b, j2);
    let ua = 0;
    let ub = 0;
    if (a >= 0) {
      const l = this.newLoad0(a, j1, j2);
      d += this.penaltyAt(a, l) - penalty[a];
      ua = l * invRef[a];
    }
    if (b >= 0) {
      const l = this.newLoad0(b, j2, j1);
      d += this.penaltyAt(b, l) - penalty[b];
      ub = l * invRef[b];
    }
    if (M > 0) d += M * (Math.max(this.othersMax(a, b, -1), ua, ub) - this.maxUtil());
    return d;
  }

  /** Best-improvement swap per job: with a job on another agent, or a job out for an unassigned one in. */
  private swapPass(): boolean {
    const { movable, assign, agentJobs, agentCount, eligStart, allowed, outList, outRank, unassignedCost, weight, linkBuf, M, n } = this;
    let any = false;
    this.pickEnds();
    if (outList.length > BALANCE_SEARCH_DEFAULTS.swapInCandidates && unassignedCost) {
      for (const j of outList) outRank[j] = unassignedCost[j] / Math.max(1e-9, weight[j]);
      outList.sort((x, y) => outRank[y] - outRank[x] || x - y);
    }
    for (const j1 of movable) {
      const a = assign[j1];
      let bestD = -EPS;
      let bestJ2 = -1;
      const links = this.firstLinks(j1);
      for (let e = 0; e < links; e++) {
        const b = linkBuf[e];
        if (b === a) continue;
        if (b < 0) {
          // j1 out, an unassigned job in on a (among the first few allowed there, most costly out first).
          if (a < 0) continue;
          let tried = 0;
          for (const j2 of outList) {
            if (assign[j2] !== -1 || !allowed[a * n + j2]) continue;
            if (++tried > BALANCE_SEARCH_DEFAULTS.swapInCandidates) break;
            if (!this.fits(a, j1, j2)) continue;
            const d = this.swapDelta(j1, j2);
            if (d < bestD) {
              bestD = d;
              bestJ2 = j2;
            }
          }
          continue;
        }
        const base = b * n;
        for (let p = 0; p < agentCount[b]; p++) {
          const j2 = agentJobs[base + p];
          if (eligStart[j2 + 1] === eligStart[j2] || !this.isAllowed(a, j2)) continue; // fixed or not allowed on a
          if (!this.fits(b, j2, j1) || !this.fits(a, j1, j2)) continue;
          const d = this.swapDelta(j1, j2);
          if (d < bestD) {
            bestD = d;
            bestJ2 = j2;
          }
        }
      }
      if (bestJ2 >= 0) {
        const b = assign[bestJ2];
        this.shift(j1, b);
        this.shift(bestJ2, a);
        if (M > 0) this.refreshTop();
        this.moves += 2;
        any = true;
      }
    }
    return any;
  }

  /** The least utilised agents into `ends`, least first. */
  private pickEnds(): void {
    const { load, invRef, ends, chainEnds, m } = this;
    let count = 0;
    for (let i = 0; i < m; i++) {
      const u = load[i] * invRef[i];
      let p = Math.min(count, chainEnds);
      while (p > 0 && load[ends[p - 1]] * invRef[ends[p - 1]] > u) {
        if (p < chainEnds) ends[p] = ends[p - 1];
        p--;
      }
      if (p < chainEnds) ends[p] = i;
      if (count < chainEnds) count++;
    }
  }

  /**
   * First links of swaps and chains for job j1, into linkBuf: every eligible agent (and out) when
   * there are few, else its cheapest agents, the least and the most utilised agents, and out.
   */
  private firstLinks(j1: number): number {
    const { eligStart, elig, linkBuf, linkStamp, cheap, cheapCount, ends, chainEnds, top } = this;
    const count = eligStart[j1 + 1] - eligStart[j1];
    if (count <= BALANCE_SEARCH_DEFAULTS.allEndsUpTo) {
      for (let e = 0; e < count; e++) linkBuf[e] = elig[eligStart[j1] + e];
      return count;
    }
    const stamp = ++this.stamp;
    const CHEAP = BALANCE_SEARCH_DEFAULTS.cheapEnds;
    let c = 0;
    const add = (i: number): void => {
      if (linkStamp[i + 1] === stamp || !this.isAllowed(i, j1)) return;
      linkStamp[i + 1] = stamp;
      linkBuf[c++] = i;
    };
    for (let t = 0; t < cheapCount[j1]; t++) add(cheap[j1 * CHEAP + t]);
    for (let t = 0; t < chainEnds; t++) add(ends[t]);
    for (let t = 0; t < 4; t++) if (top[t] >= 0) add(top[t]);
    add(-1);
    return c;
  }

  /** Chains j1: a -> b, j2: b -> c with c among the least utilised agents (or out). First improvement. */
  private chainPass(): boolean {
    const { movable, assign, agentJobs, agentCount, eligStart, elig, load, weight, penalty, invRef, linkBuf, cheap, cheapCount, ends, chainEnds, M, n } = this;
    const CHEAP = BALANCE_SEARCH_DEFAULTS.cheapEnds;
    this.pickEnds();
    let any = false;
    const offset = movable.length > 0 ? this.random.nextInt(movable.length) : 0;
    for (let t = 0; t < movable.length; t++) {
      if ((t & 31) === 0 && this.timeUp()) break;
      const j1 = movable[(t + offset) % movable.length];
      const a = assign[j1];
      let done = false;
      const links = this.firstLinks(j1);
      for (let e = 0; e < links && !done; e++) {
        const b = linkBuf[e];
        if (b === a || b < 0) continue;
        const head = this.jobCost(b, j1) - this.jobCost(a, j1);
        const la = a >= 0 ? load[a] - weight[a * n + j1] : 0;
        const pa = a >= 0 ? this.penaltyAt(a, la) - penalty[a] : 0;
        for (let p = 0; p < agentCount[b] && !done; p++) {
          const j2 = agentJobs[b * n + p];
          if (eligStart[j2 + 1] === eligStart[j2]) continue;
          if (!this.fits(b, j2, j1)) continue;
          const lb = this.newLoad0(b, j2, j1);
          const mid = head + pa - this.jobCost(b, j2) + this.penaltyAt(b, lb) - penalty[b];
          // Chain ends: every eligible agent on small instances, else the least utilised agents,
          // the job's cheapest agents (often where it came from) and out.
          const all = eligStart[j2 + 1] - eligStart[j2] <= BALANCE_SEARCH_DEFAULTS.allEndsUpTo;
          const count = all ? eligStart[j2 + 1] - eligStart[j2] : chainEnds + cheapCount[j2] + 1;
          for (let s = 0; s < count; s++) {
            const c = all ? elig[eligStart[j2] + s] : s < chainEnds ? ends[s] : s < chainEnds + cheapCount[j2] ? cheap[j2 * CHEAP + s - chainEnds] : -1;
            if (c === a || c === b || !this.isAllowed(c, j2) || !this.fits(c, -1, j2)) continue;
            let d = mid + this.jobCost(c, j2);
            let uc = 0;
            if (c >= 0) {
              const lc = load[c] + weight[c * n + j2];
              d += this.penaltyAt(c, lc) - penalty[c];
              uc = lc * invRef[c];
            }
            if (M > 0) d += M * (Math.max(this.othersMax(a, b, c), a >= 0 ? la * invRef[a] : 0, lb * invRef[b], uc) - this.maxUtil());
            if (d < -EPS) {
              this.shift(j1, b);
              this.shift(j2, c);
              if (M > 0) this.refreshTop();
              this.moves += 2;
              any = done = true;
              break;
            }
          }
        }
      }
    }
    return any;
  }

  /**
   * Repacking (a large neighbourhood, for instances where jobs may stay out): re-choose agent a's
   * jobs exactly among those on it and the unassigned ones allowed there, by DP over integer
   * resource-0 and resource-1 loads with the agent's own convex penalty; jobs it drops go out.
   * Further resources and the min-max term are checked on the result (reverted if not better).
   */
  private repackAgent(a: number): boolean {
    const { assign, load, agentJobs, agentCount, eligStart, allowed, outList, cost, weight, capacity, penalty, repItems, repValue, chosen, M, m, n, K } = this;
    const unassignedCost = this.unassignedCost!;
    const R = BALANCE_SEARCH_DEFAULTS.repackOut;
    repItems.length = 0;
    let fixedP = load[a];
    let fixedC = K >= 2 ? load[m + a] : 0;
    let current = penalty[a];
    for (let p = 0; p < agentCount[a]; p++) {
      const j = agentJobs[a * n + p];
      if (eligStart[j + 1] === eligStart[j] || !Number.isFinite(unassignedCost[j])) continue;
      repItems.push(j);
      fixedP -= weight[a * n + j];
      if (K >= 2) fixedC -= weight[(m + a) * n + j];
      current += cost[a * n + j] - unassignedCost[j];
    }
    const onA = repItems.length;
    // Unassigned candidates: the best value per point first, at most R of them.
    const outs: number[] = [];
    for (const j of outList) if (assign[j] === -1 && allowed[a * n + j]) outs.push(j);
    for (const j of outs) repValue[j] = (cost[a * n + j] - unassignedCost[j]) / Math.max(1, weight[a * n + j]);
    outs.sort((x, y) => repValue[x] - repValue[y] || x - y);
    for (let t = 0; t < outs.length && t < R; t++) if (cost[a * n + outs[t]] - unassignedCost[outs[t]] < 0) repItems.push(outs[t]);
    if (repItems.length === onA && onA === 0) return false;
    const P = Math.floor(capacity[a] - fixedP + 1e-9);
    const C = K >= 2 ? Math.floor(capacity[m + a] - fixedC + 1e-9) : 0;
    if (P < 0 || C < 0) return false;
    const W = C + 1;
    const S = (P + 1) * W;
    const T = repItems.length;
    if (this.repDp.length < S) this.repDp = new Float64Array(S);
    if (this.repKeep.length < S * T) this.repKeep = new Uint8Array(S * T);
    const repDp = this.repDp;
    const repKeep = this.repKeep;
    repDp.fill(Infinity, 0, S);
    repDp[0] = 0;
    for (let t = 0; t < T; t++) {
      const j = repItems[t];
      const w = weight[a * n + j];
      const c = K >= 2 ? weight[(m + a) * n + j] : 0;
      const v = cost[a * n + j] - unassignedCost[j];
      const row = t * S;
      repKeep.fill(0, row, row + S);
      if (w > P || c > C) continue;
      for (let d = P; d >= w; d--) {
        const to = d * W;
        const from = (d - w) * W;
        for (let k = C; k >= c; k--) {
          const x = repDp[from + k - c] + v;
          if (x < repDp[to + k]) {
            repDp[to + k] = x;
            repKeep[row + to + k] = 1;
          }
        }
      }
    }
    let bestV = Infinity;
    let bestD = 0;
    let bestK = 0;
    for (let d = 0; d <= P; d++) {
      let lo = Infinity;
      let loK = 0;
      for (let k = 0; k <= C; k++) {
        if (repDp[d * W + k] < lo) {
          lo = repDp[d * W + k];
          loK = k;
        }
      }
      if (lo === Infinity) continue;
      const v = lo + this.penaltyAt(a, fixedP + d);
      if (v < bestV) {
        bestV = v;
        bestD = d;
        bestK = loK;
      }
    }
    if (!(bestV < current - tolerance(current, 1e-7))) return false;
    for (const j of repItems) chosen[j] = 0;
    let d = bestD;
    let k = bestK;
    for (let t = T - 1; t >= 0; t--) {
      if (repKeep[t * S + d * W + k]) {
        const j = repItems[t];
        chosen[j] = 1;
        d -= weight[a * n + j];
        k -= K >= 2 ? weight[(m + a) * n + j] : 0;
      }
    }
    // Apply (drops first), then check the remaining resources and the true objective.
    const before = this.objective();
    const undoJobs: number[] = [];
    const undoTo: number[] = [];
    for (let t = 0; t < T; t++) {
      const j = repItems[t];
      const to = chosen[j] ? a : -1;
      if (assign[j] === to) continue;
      undoJobs.push(j);
      undoTo.push(assign[j]);
    }
    for (let t = 0; t < undoJobs.length; t++) if (undoTo[t] === a) this.shift(undoJobs[t], -1);
    for (let t = 0; t < undoJobs.length; t++) if (undoTo[t] !== a) this.shift(undoJobs[t], a);
    if (M > 0) this.refreshTop();
    let ok = true;
    for (let r = 0; r < K && ok; r++) if (load[r * m + a] > capacity[r * m + a] + EPS) ok = false;
    if (ok && this.objective() < before - tolerance(before)) {
      this.moves += undoJobs.length;
      return true;
    }
    for (let t = 0; t < undoJobs.length; t++) if (undoTo[t] !== a) this.shift(undoJobs[t], -1);
    for (let t = 0; t < undoJobs.length; t++) if (undoTo[t] === a) this.shift(undoJobs[t], a);
    if (M > 0) this.refreshTop();
    return false;
  }

  private repackPass(): boolean {
    const { outList, movable, assign, m } = this;
    if (!this.repackable || outList.length === 0) return false;
    let any = false;
    for (let a = 0; a < m; a++) {
      if (this.timeUp()) break;
      if (this.repackAgent(a)) {
        any = true;
        outList.length = 0;
        for (const j of movable) if (assign[j] < 0) outList.push(j);
      }
    }
    return any;
  }

  /** One descent: shifts, then swaps, repacking, chains and (if given) the long insertion chains. */
  private descend(): void {
    const { outList, movable, assign } = this;
    for (;;) {
      outList.length = 0;
      for (const j of movable) if (assign[j] < 0) outList.push(j);
      let improved = this.shiftPass();
      if (this.timeUp()) return;
      if (!improved) improved = this.swapPass();
      if (this.timeUp()) return;
      if (!improved) improved = this.repackPass();
      if (this.timeUp()) return;
      if (!improved) improved = this.chainPass();
      if (!improved && this.options.chains && !this.timeUp()) {
        const result = this.options.chains(assign, { firstImprovement: true, deadline: this.deadline, seed: this.random.nextUint32() });
        if (result.improvements > 0) {
          this.reset(result.assignment);
          improved = true;
        }
      }
      if (!improved || this.timeUp()) return;
    }
  }

  /** Perturbation: jobs off the most utilised agents and random shifts, all capacity-feasible. */
  private kick(size: number): void {
    const { movable, assign, agentJobs, agentCount, eligStart, elig, top, random, m, n } = this;
    for (let s = 0; s < size && movable.length > 0; s++) {
      let j: number;
      if (s % 2 === 0 && top[0] >= 0 && agentCount[top[0]] > 0) {
        const i = top[random.nextInt(Math.min(3, m))] ?? top[0];
        const src = i >= 0 && agentCount[i] > 0 ? i : top[0];
        j = agentJobs[src * n + random.nextInt(agentCount[src])];
        if (eligStart[j + 1] === eligStart[j]) continue;
      } else j = movable[random.nextInt(movable.length)];
      const c = eligStart[j + 1] - eligStart[j];
      for (let tries = 0; tries < 4; tries++) {
        const to = elig[eligStart[j] + random.nextInt(c)];
        if (to === assign[j] || !this.fits(to, -1, j)) continue;
        this.shift(j, to);
        this.moves++;
        break;
      }
      this.refreshTop();
    }
  }

  /**
   * Ruin and recreate: the free jobs of a few random agents and every unassigned job are taken out
   * and re-inserted greedily (repairAssignment: largest first, least objective increase).
   */
  private ruinAndRecreate(): void {
    const { assign, agentJobs, agentCount, eligStart, movable, random, m, n } = this;
    const partial = Int32Array.from(assign);
    const agentsRuined = Math.min(m, BALANCE_SEARCH_DEFAULTS.ruinAgents + random.nextInt(2));
    for (let t = 0; t < agentsRuined; t++) {
      const a = random.nextInt(m);
      for (let p = 0; p < agentCount[a]; p++) {
        const j = agentJobs[a * n + p];
        if (eligStart[j + 1] > eligStart[j]) partial[j] = -2;
      }
    }
    for (const j of movable) if (assign[j] === -1) partial[j] = -2;
    const rebuilt = repairAssignment(this.inst, partial, this.allowed);
    if (rebuilt) {
      this.reset(rebuilt);
      this.moves++;
    }
  }
}

/**
 * A capacity-feasible assignment from a partial one (a Lagrangian relaxed solution): jobs marked
 * >= 0 stay where they are unless their agent is over a capacity (then the cheapest to lose leave),
 * jobs marked -1 stay out where that is allowed, and every other job (-2, or displaced) is inserted,
 * largest first, where the exact objective grows least (out included). Returns null when some
 * must-assign job fits nowhere.
 */
export function repairAssignment(inst: GapInstance, partial: Int32Array, allowed: Uint8Array): Int32Array | null {
  const balance = inst.balance;
  const { agents: m, jobs: n, resources: K, cost, weight, capacity } = inst;
  const unassignedCost = inst.unassignedCost;
  const assign = new Int32Array(n).fill(-1);
  const load = new Float64Array(K * m);
  const pending: number[] = [];
  const outCost = (j: number): number => (unassignedCost ? unassignedCost[j] : Infinity);
  for (let j = 0; j < n; j++) {
    const f = inst.fixedAgent ? inst.fixedAgent[j] : -1;
    const i = f >= 0 ? f : partial[j];
    if (i >= 0 && (f >= 0 || allowed[i * n + j])) {
      assign[j] = i;
      for (let k = 0; k < K; k++) load[k * m + i] += weight[(k * m + i) * n + j];
    } else if (i === -1 && Number.isFinite(outCost(j))) assign[j] = -1;
    else pending.push(j);
  }
  // Over capacity: drop free jobs (largest resource-0 weight first) until the agent fits.
  for (let i = 0; i < m; i++) {
    const over = (): boolean => {
      for (let k = 0; k < K; k++) if (load[k * m + i] > capacity[k * m + i] + 1e-9) return true;
      return false;
    };
    if (!over()) continue;
    const jobs: number[] = [];
    for (let j = 0; j < n; j++) if (assign[j] === i && !(inst.fixedAgent && inst.fixedAgent[j] >= 0)) jobs.push(j);
    jobs.sort((a, b) => weight[i * n + b] - weight[i * n + a] || a - b);
    for (const j of jobs) {
      if (!over()) break;
      // Drop a job only if it relieves some violated resource.
      let relieves = false;
      for (let k = 0; k < K && !relieves; k++) if (load[k * m + i] > capacity[k * m + i] + 1e-9 && weight[(k * m + i) * n + j] > 0) relieves = true;
      if (!relieves) continue;
      assign[j] = -1;
      for (let k = 0; k < K; k++) load[k * m + i] -= weight[(k * m + i) * n + j];
      pending.push(j);
    }
    if (over()) return null;
  }
  const ref = new Float64Array(m);
  for (let i = 0; i < m; i++) ref[i] = balance ? (balance.reference ? balance.reference[i] : capacity[i]) : capacity[i];
  const penalty = (i: number, l: number): number => (balance ? agentLoadPenalty(balance, l, ref[i]) : 0);
  const M = balance ? balance.maxUtilisationCost : 0;
  let maxUtil = 0;
  for (let i = 0; i < m; i++) if (ref[i] > 0) maxUtil = Math.max(maxUtil, load[i] / ref[i]);
  pending.sort((a, b) => weight[b] - weight[a] || a - b);
  for (const j of pending) {
    let bestI = -1;
    let bestD = outCost(j);
    for (let i = 0; i < m; i++) {
      if (!allowed[i * n + j]) continue;
      let fitsAll = true;
      for (let k = 0; k < K && fitsAll; k++) if (load[k * m + i] + weight[(k * m + i) * n + j] > capacity[k * m + i] + 1e-9) fitsAll = false;
      if (!fitsAll) continue;
      const l = load[i] + weight[i * n + j];
      let d = cost[i * n + j] + penalty(i, l) - penalty(i, load[i]);
      if (M > 0 && ref[i] > 0 && l / ref[i] > maxUtil) d += M * (l / ref[i] - maxUtil);
      if (d < bestD) {
        bestD = d;
        bestI = i;
      }
    }
    if (bestI < 0 && !Number.isFinite(bestD)) return null;
    assign[j] = bestI;
    if (bestI >= 0) {
      for (let k = 0; k < K; k++) load[k * m + bestI] += weight[(k * m + bestI) * n + j];
      if (ref[bestI] > 0) maxUtil = Math.max(maxUtil, load[bestI] / ref[bestI]);
    }
  }
  return assign;
}
