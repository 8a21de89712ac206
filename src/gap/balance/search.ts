import { agentLoadPenalty, gapFeasible, gapObjective, type GapInstance } from '../instance.js';
import { Random } from '../../util/random.js';
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

export interface BalanceSearchOptions {
  /** Effort limit in descents. Default Infinity. */
  readonly maxIterations?: number;
  /** performance.now() deadline in ms. Default none. */
  readonly deadline?: number;
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
  const balance = inst.balance;
  if (!balance) throw new Error('balanceSearch: the instance has no balance term');
  const { agents: m, jobs: n, resources: K, cost, weight, capacity } = inst;
  const maxIterations = options.maxIterations ?? Infinity;
  const deadline = options.deadline ?? Infinity;
  const target = options.target ?? -Infinity;
  const stallIterations = options.stallIterations ?? Infinity;
  const random = new Random(options.seed ?? 1);
  const allowed = options.allowed;
  const M = balance.maxUtilisationCost;
  const unassignedCost = inst.unassignedCost;
  if (!gapFeasible(inst, start) || !Number.isFinite(gapObjective(inst, start))) {
    return { assignment: null, objective: Infinity, iterations: 0, moves: 0 };
  }
  const ref = new Float64Array(m);
  for (let i = 0; i < m; i++) ref[i] = balance.reference ? balance.reference[i] : capacity[i];
  const invRef = Float64Array.from(ref, (r) => (r > 0 ? 1 / r : 0));

  // Per job: eligible agents (allowed pairs), then -1 when it may stay out.
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
  const elig = Int32Array.from(eligList);
  const isAllowed = (i: number, j: number): boolean => (i < 0 ? Number.isFinite(unassignedCost ? unassignedCost[j] : Infinity) : allowed[i * n + j] === 1);

  const assign = Int32Array.from(start);
  const load = new Float64Array(K * m);
  const agentJobs = new Int32Array(m * n);
  const agentCount = new Int32Array(m);
  const position = new Int32Array(n);
  const penalty = new Float64Array(m);
  // The three most utilised agents, highest first (at most two agents change per move; chains three: use 4).
  const top = new Int32Array(4).fill(-1);
  let costSum = 0;
  let penaltySum = 0;

  const jobCost = (i: number, j: number): number => (i < 0 ? unassignedCost![j] : cost[i * n + j]);
  const refreshTop = (): void => {
    top.fill(-1);
    for (let i = 0; i < m; i++) {
      const u = load[i] * invRef[i];
      let p = 4;
      while (p > 0 && (top[p - 1] < 0 || load[top[p - 1]] * invRef[top[p - 1]] < u)) p--;
      if (p >= 4) continue;
      for (let s = 3; s > p; s--) top[s] = top[s - 1];
      top[p] = i;
    }
  };
  const reset = (a: Int32Array): void => {
    assign.set(a);
    load.fill(0);
    agentCount.fill(0);
    costSum = 0;
    for (let j = 0; j < n; j++) {
      const i = a[j];
      costSum += jobCost(i, j);
      if (i < 0) continue;
      for (let k = 0; k < K; k++) load[k * m + i] += weight[(k * m + i) * n + j];
      position[j] = agentCount[i];
      agentJobs[i * n + agentCount[i]++] = j;
    }
    penaltySum = 0;
    for (let i = 0; i < m; i++) {
      penalty[i] = agentLoadPenalty(balance, load[i], ref[i]);
      penaltySum += penalty[i];
    }
    refreshTop();
  };
  const maxUtil = (): number => (top[0] >= 0 ? Math.max(0, load[top[0]] * invRef[top[0]]) : 0);
  const objective = (): number => costSum + penaltySum + M * maxUtil();
  /** Highest utilisation among agents other than a, b, c. */
  const othersMax = (a: number, b: number, c: number): number => {
    for (let t = 0; t < 4; t++) {
      const i = top[t];
      if (i < 0) return 0;
      if (i === a || i === b || i === c) continue;
      return Math.max(0, load[i] * invRef[i]);
    }
    return 0;
  };
  /** Whether agent i stays within every capacity when it loses job `out` and gains `inn` (-1 = none). */
  const fits = (i: number, out: number, inn: number): boolean => {
    if (i < 0 || inn < 0) return true;
    for (let k = 0; k < K; k++) {
      const x = k * m + i;
      const nl = load[x] - (out >= 0 ? weight[x * n + out] : 0) + weight[x * n + inn];
      if (nl > capacity[x] + EPS) return false;
    }
    return true;
  };
  const newLoad0 = (i: number, out: number, inn: number): number => load[i] - (out >= 0 ? weight[i * n + out] : 0) + (inn >= 0 ? weight[i * n + inn] : 0);
  const penaltyAt = (i: number, l: number): number => agentLoadPenalty(balance, l, ref[i]);

  const shift = (j: number, to: number): void => {
    const from = assign[j];
    if (from === to) return;
    costSum += jobCost(to, j) - jobCost(from, j);
    if (from >= 0) {
      for (let k = 0; k < K; k++) load[k * m + from] -= weight[(k * m + from) * n + j];
      const p = position[j];
      const last = agentJobs[from * n + --agentCount[from]];
      agentJobs[from * n + p] = last;
      position[last] = p;
      const pen = penaltyAt(from, load[from]);
      penaltySum += pen - penalty[from];
      penalty[from] = pen;
    }
    if (to >= 0) {
      for (let k = 0; k < K; k++) load[k * m + to] += weight[(k * m + to) * n + j];
      position[j] = agentCount[to];
      agentJobs[to * n + agentCount[to]++] = j;
      const pen = penaltyAt(to, load[to]);
      penaltySum += pen - penalty[to];
      penalty[to] = pen;
    }
    assign[j] = to;
  };

  let best: Int32Array | null = null;
  let bestObjective = Infinity;
  let moves = 0;
  const record = (): void => {
    const inc = objective();
    if (inc >= bestObjective - EPS * Math.max(1, Math.abs(bestObjective))) return;
    const exact = gapObjective(inst, assign);
    if (!(exact < bestObjective) || !gapFeasible(inst, assign)) return;
    if (!best) best = new Int32Array(n);
    best.set(assign);
    bestObjective = exact;
    if (options.onImprove) options.onImprove(exact, Int32Array.from(best));
  };
  const timeUp = (): boolean => performance.now() >= deadline;

  /** Delta of moving j from its agent to `to` (feasibility checked by the caller). */
  const shiftDelta = (j: number, to: number): number => {
    const from = assign[j];
    let d = jobCost(to, j) - jobCost(from, j);
    let uf = 0;
    let ut = 0;
    if (from >= 0) {
      const l = load[from] - weight[from * n + j];
      d += penaltyAt(from, l) - penalty[from];
      uf = l * invRef[from];
    }
    if (to >= 0) {
      const l = load[to] + weight[to * n + j];
      d += penaltyAt(to, l) - penalty[to];
      ut = l * invRef[to];
    }
    if (M > 0) d += M * (Math.max(othersMax(from, to, -1), uf, ut) - maxUtil());
    return d;
  };

  const shiftPass = (): boolean => {
    let any = false;
    for (const j of movable) {
      const from = assign[j];
      let bestD = -EPS;
      let bestTo = -2;
      for (let e = eligStart[j]; e < eligStart[j + 1]; e++) {
        const to = elig[e];
        if (to === from || !fits(to, -1, j)) continue;
        const d = shiftDelta(j, to);
        if (d < bestD) {
          bestD = d;
          bestTo = to;
        }
      }
      if (bestTo !== -2) {
        shift(j, bestTo);
        if (M > 0) refreshTop();
        moves++;
        any = true;
      }
    }
    return any;
  };

  /** Swap j1 (on a) with j2 (on b): j1 -> b, j2 -> a; a or b may be -1 (out). */
  const swapDelta = (j1: number, j2: number): number => {
    const a = assign[j1];
    const b = assign[j2];
    let d = jobCost(b, j1) - jobCost(a, j1) + jobCost(a, j2) - jobCost(b, j2);
    let ua = 0;
    let ub = 0;
    if (a >= 0) {
      const l = newLoad0(a, j1, j2);
      d += penaltyAt(a, l) - penalty[a];
      ua = l * invRef[a];
    }
    if (b >= 0) {
      const l = newLoad0(b, j2, j1);
      d += penaltyAt(b, l) - penalty[b];
      ub = l * invRef[b];
    }
    if (M > 0) d += M * (Math.max(othersMax(a, b, -1), ua, ub) - maxUtil());
    return d;
  };

  const outList: number[] = [];
  const outRank = new Float64Array(n);
  const swapPass = (): boolean => {
    let any = false;
    pickEnds();
    if (outList.length > BALANCE_SEARCH_DEFAULTS.swapInCandidates && unassignedCost) {
      for (const j of outList) outRank[j] = unassignedCost[j] / Math.max(1e-9, weight[j]);
      outList.sort((x, y) => outRank[y] - outRank[x] || x - y);
    }
    for (const j1 of movable) {
      const a = assign[j1];
      let bestD = -EPS;
      let bestJ2 = -1;
      const links = firstLinks(j1);
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
            if (!fits(a, j1, j2)) continue;
            const d = swapDelta(j1, j2);
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
          if (eligStart[j2 + 1] === eligStart[j2] || !isAllowed(a, j2)) continue; // fixed or not allowed on a
          if (!fits(b, j2, j1) || !fits(a, j1, j2)) continue;
          const d = swapDelta(j1, j2);
          if (d < bestD) {
            bestD = d;
            bestJ2 = j2;
          }
        }
      }
      if (bestJ2 >= 0) {
        const b = assign[bestJ2];
        shift(j1, b);
        shift(bestJ2, a);
        if (M > 0) refreshTop();
        moves += 2;
        any = true;
      }
    }
    return any;
  };

  // Per job: its cheapest few eligible agents (ties by index).
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

  /** Least utilised agents (chain ends), refreshed per chain pass. */
  const chainEnds = Math.min(m, BALANCE_SEARCH_DEFAULTS.chainEnds);
  const ends = new Int32Array(chainEnds);
  const pickEnds = (): void => {
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
  };

  /**
   * First links of swaps and chains for job j1, into linkBuf: every eligible agent (and out) when
   * there are few, else its cheapest agents, the least and the most utilised agents, and out.
   */
  const linkBuf = new Int32Array(m + 1);
  const linkStamp = new Int32Array(m + 1);
  let stamp = 0;
  const firstLinks = (j1: number): number => {
    const count = eligStart[j1 + 1] - eligStart[j1];
    if (count <= BALANCE_SEARCH_DEFAULTS.allEndsUpTo) {
      for (let e = 0; e < count; e++) linkBuf[e] = elig[eligStart[j1] + e];
      return count;
    }
    stamp++;
    let c = 0;
    const add = (i: number): void => {
      if (linkStamp[i + 1] === stamp || !isAllowed(i, j1)) return;
      linkStamp[i + 1] = stamp;
      linkBuf[c++] = i;
    };
    for (let t = 0; t < cheapCount[j1]; t++) add(cheap[j1 * CHEAP + t]);
    for (let t = 0; t < chainEnds; t++) add(ends[t]);
    for (let t = 0; t < 4; t++) if (top[t] >= 0) add(top[t]);
    add(-1);
    return c;
  };

  /** Chains j1: a -> b, j2: b -> c with c among the least utilised agents (or out). First improvement. */
  const chainPass = (): boolean => {
    pickEnds();
    let any = false;
    const offset = movable.length > 0 ? random.nextInt(movable.length) : 0;
    for (let t = 0; t < movable.length; t++) {
      if ((t & 31) === 0 && timeUp()) break;
      const j1 = movable[(t + offset) % movable.length];
      const a = assign[j1];
      let done = false;
      const links = firstLinks(j1);
      for (let e = 0; e < links && !done; e++) {
        const b = linkBuf[e];
        if (b === a || b < 0) continue;
        const head = jobCost(b, j1) - jobCost(a, j1);
        const la = a >= 0 ? load[a] - weight[a * n + j1] : 0;
        const pa = a >= 0 ? penaltyAt(a, la) - penalty[a] : 0;
        for (let p = 0; p < agentCount[b] && !done; p++) {
          const j2 = agentJobs[b * n + p];
          if (eligStart[j2 + 1] === eligStart[j2]) continue;
          if (!fits(b, j2, j1)) continue;
          const lb = newLoad0(b, j2, j1);
          const mid = head + pa - jobCost(b, j2) + penaltyAt(b, lb) - penalty[b];
          // Chain ends: every eligible agent on small instances, else the least utilised agents,
          // the job's cheapest agents (often where it came from) and out.
          const all = eligStart[j2 + 1] - eligStart[j2] <= BALANCE_SEARCH_DEFAULTS.allEndsUpTo;
          const count = all ? eligStart[j2 + 1] - eligStart[j2] : chainEnds + cheapCount[j2] + 1;
          for (let s = 0; s < count; s++) {
            const c = all ? elig[eligStart[j2] + s] : s < chainEnds ? ends[s] : s < chainEnds + cheapCount[j2] ? cheap[j2 * CHEAP + s - chainEnds] : -1;
            if (c === a || c === b || !isAllowed(c, j2) || !fits(c, -1, j2)) continue;
            let d = mid + jobCost(c, j2);
            let uc = 0;
            if (c >= 0) {
              const lc = load[c] + weight[c * n + j2];
              d += penaltyAt(c, lc) - penalty[c];
              uc = lc * invRef[c];
            }
            if (M > 0) d += M * (Math.max(othersMax(a, b, c), a >= 0 ? la * invRef[a] : 0, lb * invRef[b], uc) - maxUtil());
            if (d < -EPS) {
              shift(j1, b);
              shift(j2, c);
              if (M > 0) refreshTop();
              moves += 2;
              any = done = true;
              break;
            }
          }
        }
      }
    }
    return any;
  };

  /**
   * Repacking (a large neighbourhood, for instances where jobs may stay out): re-choose agent a's
   * jobs exactly among those on it and the unassigned ones allowed there, by DP over integer
   * resource-0 and resource-1 loads with the agent's own convex penalty; jobs it drops go out.
   * Further resources and the min-max term are checked on the result (reverted if not better).
   */
  const R = BALANCE_SEARCH_DEFAULTS.repackOut;
  let repackable = unassignedCost !== null && K >= 1;
  for (let x = 0; x < m * n && repackable; x++) {
    if (!allowed[x]) continue;
    if (!Number.isInteger(weight[x]) || (K >= 2 && !Number.isInteger(weight[m * n + x]))) repackable = false;
  }
  const repItems: number[] = [];
  const repValue = new Float64Array(n);
  let repDp = new Float64Array(0);
  let repKeep = new Uint8Array(0);
  const chosen = new Uint8Array(n);
  const repackAgent = (a: number): boolean => {
    repItems.length = 0;
    let fixedP = load[a];
    let fixedC = K >= 2 ? load[m + a] : 0;
    let current = penalty[a];
    for (let p = 0; p < agentCount[a]; p++) {
      const j = agentJobs[a * n + p];
      if (eligStart[j + 1] === eligStart[j] || !Number.isFinite(unassignedCost![j])) continue;
      repItems.push(j);
      fixedP -= weight[a * n + j];
      if (K >= 2) fixedC -= weight[(m + a) * n + j];
      current += cost[a * n + j] - unassignedCost![j];
    }
    const onA = repItems.length;
    // Unassigned candidates: the best value per point first, at most R of them.
    const outs: number[] = [];
    for (const j of outList) if (assign[j] === -1 && allowed[a * n + j]) outs.push(j);
    for (const j of outs) repValue[j] = (cost[a * n + j] - unassignedCost![j]) / Math.max(1, weight[a * n + j]);
    outs.sort((x, y) => repValue[x] - repValue[y] || x - y);
    for (let t = 0; t < outs.length && t < R; t++) if (cost[a * n + outs[t]] - unassignedCost![outs[t]] < 0) repItems.push(outs[t]);
    if (repItems.length === onA && onA === 0) return false;
    const P = Math.floor(capacity[a] - fixedP + 1e-9);
    const C = K >= 2 ? Math.floor(capacity[m + a] - fixedC + 1e-9) : 0;
    if (P < 0 || C < 0) return false;
    const W = C + 1;
    const S = (P + 1) * W;
    const T = repItems.length;
    if (repDp.length < S) repDp = new Float64Array(S);
    if (repKeep.length < S * T) repKeep = new Uint8Array(S * T);
    repDp.fill(Infinity, 0, S);
    repDp[0] = 0;
    for (let t = 0; t < T; t++) {
      const j = repItems[t];
      const w = weight[a * n + j];
      const c = K >= 2 ? weight[(m + a) * n + j] : 0;
      const v = cost[a * n + j] - unassignedCost![j];
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
      const v = lo + penaltyAt(a, fixedP + d);
      if (v < bestV) {
        bestV = v;
        bestD = d;
        bestK = loK;
      }
    }
    if (!(bestV < current - 1e-7 * Math.max(1, Math.abs(current)))) return false;
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
    const before = objective();
    const undoJobs: number[] = [];
    const undoTo: number[] = [];
    for (let t = 0; t < T; t++) {
      const j = repItems[t];
      const to = chosen[j] ? a : -1;
      if (assign[j] === to) continue;
      undoJobs.push(j);
      undoTo.push(assign[j]);
    }
    for (let t = 0; t < undoJobs.length; t++) if (undoTo[t] === a) shift(undoJobs[t], -1);
    for (let t = 0; t < undoJobs.length; t++) if (undoTo[t] !== a) shift(undoJobs[t], a);
    if (M > 0) refreshTop();
    let ok = true;
    for (let r = 0; r < K && ok; r++) if (load[r * m + a] > capacity[r * m + a] + EPS) ok = false;
    if (ok && objective() < before - EPS * Math.max(1, Math.abs(before))) {
      moves += undoJobs.length;
      return true;
    }
    for (let t = 0; t < undoJobs.length; t++) if (undoTo[t] !== a) shift(undoJobs[t], -1);
    for (let t = 0; t < undoJobs.length; t++) if (undoTo[t] === a) shift(undoJobs[t], a);
    if (M > 0) refreshTop();
    return false;
  };
  const repackPass = (): boolean => {
    if (!repackable || outList.length === 0) return false;
    let any = false;
    for (let a = 0; a < m; a++) {
      if (timeUp()) break;
      if (repackAgent(a)) {
        any = true;
        outList.length = 0;
        for (const j of movable) if (assign[j] < 0) outList.push(j);
      }
    }
    return any;
  };

  const descend = (): void => {
    for (;;) {
      outList.length = 0;
      for (const j of movable) if (assign[j] < 0) outList.push(j);
      let improved = shiftPass();
      if (timeUp()) return;
      if (!improved) improved = swapPass();
      if (timeUp()) return;
      if (!improved) improved = repackPass();
      if (timeUp()) return;
      if (!improved) improved = chainPass();
      if (!improved && options.chains && !timeUp()) {
        const result = options.chains(assign, { firstImprovement: true, deadline, seed: random.nextUint32() });
        if (result.improvements > 0) {
          reset(result.assignment);
          improved = true;
        }
      }
      if (!improved || timeUp()) return;
    }
  };

  /** Perturbation: jobs off the most utilised agents and random shifts, all capacity-feasible. */
  const kick = (size: number): void => {
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
        if (to === assign[j] || !fits(to, -1, j)) continue;
        shift(j, to);
        moves++;
        break;
      }
      refreshTop();
    }
  };

  /**
   * Ruin and recreate: the free jobs of a few random agents and every unassigned job are taken out
   * and re-inserted greedily (repairAssignment: largest first, least objective increase).
   */
  const ruinAndRecreate = (): void => {
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
    const rebuilt = repairAssignment(inst, partial, allowed);
    if (rebuilt) {
      reset(rebuilt);
      moves++;
    }
  };

  reset(start);
  record();
  let iterations = 0;
  let stalled = 0;
  let sinceBest = 0;
  while (iterations < maxIterations && !timeUp() && bestObjective > target + EPS) {
    descend();
    iterations++;
    reset(assign); // resync against float drift
    const before = bestObjective;
    record();
    if (bestObjective < before) {
      stalled = 0;
      sinceBest = 0;
    } else {
      if (++stalled >= stallIterations) break;
      sinceBest++;
    }
    if (timeUp() || bestObjective <= target + EPS) break;
    if (sinceBest >= BALANCE_SEARCH_DEFAULTS.returnAfter && best) {
      reset(best);
      sinceBest = 0;
    }
    if (random.nextFloat() < BALANCE_SEARCH_DEFAULTS.ruinShare) ruinAndRecreate();
    else kick(1 + random.nextInt(BALANCE_SEARCH_DEFAULTS.kickMax));
  }
  return { assignment: best, objective: bestObjective, iterations, moves };
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
