import { tolerance } from '../util/numbers.js';
import { unassignedCostOf, type GapInstance } from './instance.js';

/**
 * Construction heuristics for the GAP core: Martello–Toth style regret assignment and a Lagrangian
 * heuristic built on it. They honour forbidden pairs, fixed jobs, every resource and optional
 * unassignment; the balance term is left to local search. When no capacity-feasible completion is
 * found a job still goes to its least-overloading allowed agent (or stays out where allowed), so the
 * result is always a complete assignment that local search can repair.
 */

const FIT_TOLERANCE = 1e-9;

/**
 * 1 where job j may go to agent i at all: finite cost, agrees with a fixed job's pin, and fits the
 * empty agent on every resource (a pair that can never fit is useless to every heuristic).
 */
export function allowedPairs(inst: GapInstance): Uint8Array {
  const { agents: m, jobs: n, resources: K, cost, weight, capacity, fixedAgent } = inst;
  const allowed = new Uint8Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      if (!Number.isFinite(cost[i * n + j])) continue;
      if (fixedAgent && fixedAgent[j] >= 0 && fixedAgent[j] !== i) continue;
      let fits = true;
      for (let k = 0; k < K; k++) if (weight[(k * m + i) * n + j] > capacity[k * m + i] + FIT_TOLERANCE) fits = false;
      if (fits || (fixedAgent && fixedAgent[j] === i)) allowed[i * n + j] = 1;
    }
  }
  return allowed;
}

export interface CapacityRelaxation {
  /** m multipliers on the resource-0 capacities (>= 0): the price of a unit of each agent's load. */
  readonly multipliers: Float64Array;
  /** Best value of the capacity relaxation (a lower bound for the problem without the balance term). */
  readonly bound: number;
  readonly iterations: number;
  /** Each job on its cheapest priced agent at the best multipliers (-1 = out): near LP-optimal, may overload. */
  readonly assignment: Int32Array;
}

/**
 * Subgradient on the Lagrangian relaxation of the resource-0 capacity constraints:
 *   L(v) = sum_j min_i (c_ij + v_i r_ij) - sum_i v_i b_i.
 * O(mn) per iteration. Used to rank agents per job (c_ij + v_i r_ij) for candidate lists and
 * desirabilities; the bound it gives is weaker than the assignment relaxation of lagrangian.ts.
 */
export function capacityRelaxation(inst: GapInstance, allowed: Uint8Array, maxIterations = 150, deadline = Infinity): CapacityRelaxation {
  const { agents: m, jobs: n, cost, weight, capacity } = inst;
  const v = new Float64Array(m);
  const best = new Float64Array(m);
  const load = new Float64Array(m);
  const jobValue = new Float64Array(n);
  const jobAgent = new Int32Array(n);
  const outCost = new Float64Array(n);
  for (let j = 0; j < n; j++) outCost[j] = unassignedCostOf(inst, j);
  let bestBound = -Infinity;
  let theta = 1;
  let margin = 0.3;
  let sinceImprove = 0;
  let it = 0;
  for (; it < maxIterations; it++) {
    // Every iteration after the first (one is O(mn)): past the deadline the first prices are the answer.
    if (it > 0 && performance.now() >= deadline) break;
    // Agent-major sweep (row-contiguous memory): cheapest priced agent per job.
    jobValue.set(outCost);
    jobAgent.fill(-1);
    for (let i = 0; i < m; i++) {
      const price = v[i];
      const row = i * n;
      for (let j = 0; j < n; j++) {
        if (!allowed[row + j]) continue;
        const x = cost[row + j] + price * weight[row + j];
        if (x < jobValue[j]) {
          jobValue[j] = x;
          jobAgent[j] = i;
        }
      }
    }
    load.fill(0);
    let value = 0;
    for (let j = 0; j < n; j++) {
      value += jobValue[j];
      const i = jobAgent[j];
      if (i >= 0) load[i] += weight[i * n + j];
    }
    if (!Number.isFinite(value)) break; // a job with no allowed agent: nothing to learn
    let norm = 0;
    for (let i = 0; i < m; i++) {
      value -= v[i] * capacity[i];
      const g = load[i] - capacity[i];
      if (!(v[i] <= 0 && g < 0)) norm += g * g;
    }
    if (bestBound === -Infinity || value > bestBound + tolerance(bestBound)) {
      bestBound = value;
      best.set(v);
      sinceImprove = 0;
    } else if (++sinceImprove >= 15) {
      // Stalled: aim closer (the target overshoots the optimum) and step shorter.
      margin = Math.max(0.002, margin * 0.5);
      theta *= 0.7;
      sinceImprove = 0;
    }
    if (norm === 0 || theta < 1e-4) break;
    // No upper bound is known here: aim a shrinking margin above the best bound, so early steps are long.
    const target = bestBound + margin * Math.abs(bestBound) + 1;
    const step = (theta * (target - value)) / norm;
    for (let i = 0; i < m; i++) {
      const nv = v[i] + step * (load[i] - capacity[i]);
      v[i] = nv > 0 ? nv : 0;
    }
  }
  const multipliers = bestBound === -Infinity ? v : best;
  jobValue.set(outCost);
  jobAgent.fill(-1);
  for (let i = 0; i < m; i++) {
    const row = i * n;
    for (let j = 0; j < n; j++) {
      if (!allowed[row + j]) continue;
      const x = cost[row + j] + multipliers[i] * weight[row + j];
      if (x < jobValue[j]) {
        jobValue[j] = x;
        jobAgent[j] = i;
      }
    }
  }
  return { multipliers, bound: bestBound, iterations: it, assignment: jobAgent };
}

/**
 * Job multipliers for the assignment relaxation from capacity prices: u_j = min_i (c_ij + v_i r_ij)
 * (the LP dual relation), so the knapsack relaxation starts at least as high as the LP bound.
 */
export function jobMultipliersFromPrices(inst: GapInstance, allowed: Uint8Array, prices: Float64Array): Float64Array {
  const { agents: m, jobs: n, cost, weight } = inst;
  const u = new Float64Array(n).fill(Infinity);
  for (let i = 0; i < m; i++) {
    const row = i * n;
    for (let j = 0; j < n; j++) {
      if (!allowed[row + j]) continue;
      const x = cost[row + j] + prices[i] * weight[row + j];
      if (x < u[j]) u[j] = x;
    }
  }
  for (let j = 0; j < n; j++) {
    const out = unassignedCostOf(inst, j);
    if (out < u[j]) u[j] = out;
    if (!Number.isFinite(u[j])) u[j] = 0;
  }
  return u;
}

/** Desirability kinds for the regret heuristic (larger = better). */
export type Desirability = 'cost' | 'pricedCost' | 'relativeWeight';

/** Builds an m*n desirability matrix for regretConstruct. `prices` are capacity multipliers (for 'pricedCost'). */
export function desirabilityMatrix(inst: GapInstance, kind: Desirability, prices?: Float64Array): Float64Array {
  const { agents: m, jobs: n, cost, weight, capacity } = inst;
  const d = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const x = i * n + j;
      const c = cost[x];
      const w = weight[x];
      switch (kind) {
        case 'cost':
          d[x] = -c;
          break;
        case 'pricedCost':
          d[x] = -(c + (prices ? prices[i] : 0) * w);
          break;
        case 'relativeWeight':
          d[x] = capacity[i] > 0 ? -w / capacity[i] : -w;
          break;
      }
    }
  }
  return d;
}

/**
 * Martello–Toth regret heuristic (MTHG): repeatedly take the unassigned job whose best fitting agent
 * beats its second best by the most (a job with a single fitting agent goes first) and give it that
 * agent. Per job the agents are sorted once by desirability; capacities only shrink, so each job's
 * "first/second fitting agent" pointers only move forward: O(n^2 + n m log m) overall.
 */
export function regretConstruct(inst: GapInstance, desirability: Float64Array, allowed: Uint8Array): Int32Array {
  const { agents: m, jobs: n, resources: K, weight, capacity, fixedAgent } = inst;
  const residual = Float64Array.from(capacity);
  const assignment = new Int32Array(n).fill(-1);
  const done = new Uint8Array(n);
  // Fixed jobs first: they are not a choice.
  if (fixedAgent) {
    for (let j = 0; j < n; j++) {
      const i = fixedAgent[j];
      if (i < 0) continue;
      assignment[j] = i;
      done[j] = 1;
      for (let k = 0; k < K; k++) residual[k * m + i] -= weight[(k * m + i) * n + j];
    }
  }
  const order = new Int32Array(n * m);
  const count = new Int32Array(n);
  const first = new Int32Array(n);
  const second = new Int32Array(n);
  const scratch: number[] = [];
  const fits = (i: number, j: number): boolean => {
    for (let k = 0; k < K; k++) if (weight[(k * m + i) * n + j] > residual[k * m + i] + FIT_TOLERANCE) return false;
    return true;
  };
  const advance = (j: number, from: number): number => {
    let p = from;
    const base = j * m;
    while (p < count[j] && !fits(order[base + p], j)) p++;
    return p;
  };
  let remaining = 0;
  for (let j = 0; j < n; j++) {
    if (done[j]) continue;
    scratch.length = 0;
    for (let i = 0; i < m; i++) if (allowed[i * n + j]) scratch.push(i);
    scratch.sort((a, b) => desirability[b * n + j] - desirability[a * n + j] || a - b);
    for (let p = 0; p < scratch.length; p++) order[j * m + p] = scratch[p];
    count[j] = scratch.length;
    first[j] = advance(j, 0);
    second[j] = advance(j, first[j] + 1);
    remaining++;
  }
  let changed = -1;
  const stuck: number[] = [];
  while (remaining > 0) {
    let pick = -1;
    let pickRegret = -Infinity;
    let pickBest = -Infinity;
    for (let j = 0; j < n; j++) {
      if (done[j]) continue;
      const base = j * m;
      if (changed >= 0) {
        if (first[j] < count[j] && order[base + first[j]] === changed && !fits(changed, j)) {
          first[j] = advance(j, first[j] + 1);
          second[j] = advance(j, Math.max(second[j], first[j] + 1));
        }
        if (second[j] < count[j] && order[base + second[j]] === changed && !fits(changed, j)) {
          second[j] = advance(j, second[j] + 1);
        }
      }
      if (first[j] >= count[j]) continue; // nothing fits any more
      const bestD = desirability[order[base + first[j]] * n + j];
      const regret = second[j] < count[j] ? bestD - desirability[order[base + second[j]] * n + j] : Infinity;
      if (regret > pickRegret || (regret === pickRegret && bestD > pickBest)) {
        pick = j;
        pickRegret = regret;
        pickBest = bestD;
      }
    }
    if (pick < 0) {
      for (let j = 0; j < n; j++) if (!done[j]) stuck.push(j);
      break;
    }
    const i = order[pick * m + first[pick]];
    assignment[pick] = i;
    done[pick] = 1;
    remaining--;
    for (let k = 0; k < K; k++) residual[k * m + i] -= weight[(k * m + i) * n + pick];
    changed = i;
  }
  // Jobs that fit nowhere: leave out where allowed, else least overload (local search repairs it).
  for (const j of stuck) {
    if (Number.isFinite(unassignedCostOf(inst, j))) continue;
    let bestAgent = -1;
    let bestOver = Infinity;
    for (let i = 0; i < m; i++) {
      if (!allowed[i * n + j]) continue;
      let over = 0;
      for (let k = 0; k < K; k++) {
        const cap = capacity[k * m + i];
        over += Math.max(0, weight[(k * m + i) * n + j] - residual[k * m + i]) / (cap > 0 ? cap : 1);
      }
      if (over < bestOver) {
        bestOver = over;
        bestAgent = i;
      }
    }
    if (bestAgent < 0) continue; // no allowed agent at all: the caller proves infeasibility
    assignment[j] = bestAgent;
    for (let k = 0; k < K; k++) residual[k * m + bestAgent] -= weight[(k * m + bestAgent) * n + j];
  }
  return assignment;
}

/**
 * Lagrangian heuristic: the knapsack solutions of the assignment relaxation say where each job
 * "wants" to go. Desirability = -reducedCost plus a bonus where the relaxed solution took the pair,
 * so jobs taken by exactly one knapsack are placed first, then regret decides the rest.
 */
export function lagrangianConstruct(inst: GapInstance, relaxed: Uint8Array, reducedCost: Float64Array, allowed: Uint8Array): Int32Array {
  const { agents: m, jobs: n } = inst;
  let lo = Infinity;
  let hi = -Infinity;
  for (let x = 0; x < m * n; x++) {
    const r = reducedCost[x];
    if (!Number.isFinite(r)) continue;
    if (r < lo) lo = r;
    if (r > hi) hi = r;
  }
  const bonus = Number.isFinite(hi - lo) ? 2 * (hi - lo) + 1 : 1;
  const d = new Float64Array(m * n);
  for (let x = 0; x < m * n; x++) {
    const r = reducedCost[x];
    d[x] = Number.isFinite(r) ? -r + (relaxed[x] ? bonus : 0) : -Infinity;
  }
  return regretConstruct(inst, d, allowed);
}

/**
 * Greedy capacity repair, O(moves * (jobs on the agent) * m * K): while some agent is over capacity on
 * any resource, move the job (from an overloaded agent) whose cheapest fitting alternative costs the
 * least extra per unit of weight relieved, by priced cost c_ij + price_i r_ij. Jobs may go out where
 * that is allowed. Stops when feasible or stuck; returns the repaired copy.
 */
export function greedyRepair(inst: GapInstance, start: Int32Array, allowed: Uint8Array, prices?: Float64Array): Int32Array {
  const { agents: m, jobs: n, resources: K, cost, weight, capacity, fixedAgent } = inst;
  const assignment = Int32Array.from(start);
  const load = new Float64Array(K * m);
  for (let j = 0; j < n; j++) {
    const i = assignment[j];
    if (i >= 0) for (let k = 0; k < K; k++) load[k * m + i] += weight[(k * m + i) * n + j];
  }
  const priced = (i: number, j: number): number => (i < 0 ? unassignedCostOf(inst, j) : cost[i * n + j] + (prices ? prices[i] * weight[i * n + j] : 0));
  const overloaded = (i: number): boolean => {
    for (let k = 0; k < K; k++) if (load[k * m + i] > capacity[k * m + i] + FIT_TOLERANCE) return true;
    return false;
  };
  const fitsOn = (i: number, j: number): boolean => {
    for (let k = 0; k < K; k++) if (load[k * m + i] + weight[(k * m + i) * n + j] > capacity[k * m + i] + FIT_TOLERANCE) return false;
    return true;
  };
  // Per overloaded agent in turn: its movable jobs (ascending) and each one's best move, cached. During
  // an agent's turn only that agent's load falls (it is never a target) and only the chosen target's
  // rises, so a cached best stays the best unless it was that target: only those are recomputed.
  // The choice is the one a full rescan per move makes (the first job, then the first target, with
  // the least score), at O(jobs on the agent) a move instead of O(n + jobs on the agent × m × K).
  const onAgent: number[] = [];
  const bestTo: number[] = [];
  const bestScore: number[] = [];
  const bestMove = (i: number, j: number, p: number): void => {
    const here = priced(i, j);
    const relieved = Math.max(weight[i * n + j], 1e-9);
    let top = -2;
    let topScore = Infinity;
    for (let to = -1; to < m; to++) {
      if (to === i) continue;
      if (to < 0 ? !Number.isFinite(unassignedCostOf(inst, j)) : !allowed[to * n + j] || !fitsOn(to, j)) continue;
      const score = (priced(to, j) - here) / relieved;
      if (score < topScore) {
        topScore = score;
        top = to;
      }
    }
    bestTo[p] = top;
    bestScore[p] = topScore;
  };
  for (let i = 0; i < m; i++) {
    if (!overloaded(i)) continue;
    onAgent.length = 0;
    for (let j = 0; j < n; j++) if (assignment[j] === i && !(fixedAgent && fixedAgent[j] >= 0)) onAgent.push(j);
    bestTo.length = onAgent.length;
    bestScore.length = onAgent.length;
    for (let p = 0; p < onAgent.length; p++) bestMove(i, onAgent[p], p);
    let guard = n;
    while (overloaded(i) && guard-- > 0) {
      let chosen = -1;
      let chosenScore = Infinity;
      for (let p = 0; p < onAgent.length; p++) {
        if (bestTo[p] !== -2 && bestScore[p] < chosenScore) {
          chosenScore = bestScore[p];
          chosen = p;
        }
      }
      if (chosen < 0) break; // stuck: local search takes it from here
      const bestJob = onAgent[chosen];
      const to = bestTo[chosen];
      for (let k = 0; k < K; k++) load[k * m + i] -= weight[(k * m + i) * n + bestJob];
      if (to >= 0) for (let k = 0; k < K; k++) load[k * m + to] += weight[(k * m + to) * n + bestJob];
      assignment[bestJob] = to;
      onAgent.splice(chosen, 1);
      bestTo.splice(chosen, 1);
      bestScore.splice(chosen, 1);
      // A score does not depend on loads, only whether the job fits does: a cached best on the target
      // that still fits stays the best.
      if (to >= 0) for (let p = 0; p < onAgent.length; p++) if (bestTo[p] === to && !fitsOn(to, onAgent[p])) bestMove(i, onAgent[p], p);
    }
  }
  return assignment;
}
