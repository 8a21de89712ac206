/**
 * Lagrangian lower bound for the GAP, relaxing the assignment constraints sum_i x_ij (+ y_j) = 1 with
 * free multipliers u_j:
 *   L(u) = fixedCost + sum_j u_j + sum_j min(0, p_j - u_j)   (y_j: leave job j out at cost p_j)
 *          - sum_i max{ sum_j (u_j - c_ij) x_ij : sum_j w_0ij x_ij <= b_0i, x binary }
 * Each agent's subproblem is a 0-1 knapsack on resource 0 over the jobs with negative reduced cost
 * c_ij - u_j. Other resources are dropped from the bound (still valid) but used to exclude pairs that
 * can never fit. The balance term is ignored (it is non-negative, so the bound stays valid).
 * Multipliers are improved by subgradient ascent with a Polyak step towards a target (the upper bound
 * when known), halving the step when the bound stalls.
 *
 * The lower-level pieces (RelaxationState, LagrangianWorkspace, subgradientAscent, fixByReducedCost,
 * repairHeuristic) are shared with the branch and bound.
 */
import { tolerance } from '../../util/numbers.js';
import type { SearchLimits } from '../../util/limits.js';
import { unassignedCostOf, type GapInstance } from '../instance.js';
import { KnapsackScratch, dantzigBound, prepareRatioOrder, profileValue, solveKnapsack } from './knapsack.js';

/** Defaults of `lagrangianBound`. */
export const LAGRANGIAN_DEFAULTS = {
  /** Subgradient iterations (one knapsack per agent each). */
  maxIterations: 1000,
  /** Initial Polyak step factor (lambda). */
  initialStep: 2,
  /** Stop once lambda falls below this. */
  minStep: 1e-3,
  /** Iterations without improving the bound before lambda is halved. */
  patience: 20,
  /** Run the repair heuristic every this many iterations (it supplies the Polyak target when no upper bound is given). */
  heuristicEvery: 10,
  /** Without any upper bound the target is best + targetMargin * max(1, |best|). */
  targetMargin: 0.02,
  /** Capacity-price iterations for the default warm start (0 = second cheapest cost instead). */
  warmStartIterations: 300,
  /** The repair heuristic gives up after this many ejections (each scans all jobs). */
  repairMaxEjections: 50,
  /** ... or after this share of the jobs, when larger. */
  repairEjectionShare: 0.1,
  /** The repair heuristic tries swaps (quadratic in jobs) only up to this many jobs. */
  swapMaxJobs: 400,
  /** Largest knapsack DP table (items x capacity) built for reduced-cost fixing's capacity profile. */
  maxProfileCells: 1 << 21,
} as const;

/** Limits (SearchLimits): maxIterations counts subgradient iterations (default LAGRANGIAN_DEFAULTS.maxIterations). */
export interface LagrangianOptions extends SearchLimits {
  /** Known upper bound (objective of a feasible solution); Polyak target and early stop. Default none. */
  upperBound?: number;
  /** Warm start, one multiplier per job. Default: second cheapest cost of each job. */
  initialMultipliers?: Float64Array;
  /** m*n pairs already excluded (1 = excluded). Default none. */
  removed?: Uint8Array;
  /** Initial Polyak step factor. Default LAGRANGIAN_DEFAULTS.initialStep. */
  initialStep?: number;
  /** Iterations without improvement before halving the step. Default LAGRANGIAN_DEFAULTS.patience. */
  patience?: number;
}

export interface LagrangianResult {
  /** Best valid bound found (rounded up when all costs are integers: ceil(L - 1e-6)); Infinity = infeasible. */
  lowerBound: number;
  /** Best L(u) before rounding. */
  rawBound: number;
  /** n multipliers at the best bound. */
  multipliers: Float64Array;
  /** m*n, x_ij of the knapsack solutions at the best bound (fixed jobs: 1 on their agent). */
  relaxed: Uint8Array;
  /** m*n, c_ij - u_j at the best bound (Infinity for forbidden/removed pairs and pairs that cannot fit). */
  reducedCost: Float64Array;
  iterations: number;
  /** Best feasible objective found by the built-in repair heuristic (Infinity when none). */
  upperBound: number;
  /** The assignment behind `upperBound`, or null. */
  assignment: Int32Array | null;
}

// ------------------------------------------------------------------------------------------------
// Relaxation state: which pairs remain, which jobs are fixed, what capacity is left.

/** A subproblem of the GAP: remaining pairs, fixed jobs and residual capacities. */
export interface RelaxationState {
  /** m*n: 1 when job j may still go to agent i. */
  allowed: Uint8Array;
  /** n: -1 free; 0..m-1 fixed to that agent; m = fixed unassigned. */
  fixedTo: Int32Array;
  /** n: 1 when leaving job j out is still allowed (free jobs only). */
  unassignedAllowed: Uint8Array;
  /** K*m capacity left after the fixed jobs. */
  residual: Float64Array;
  /** Cost of the fixed jobs. */
  fixedCost: number;
}

/** True when every finite cost and unassigned cost is an integer (the bound may then be rounded up). */
export function hasIntegerCosts(inst: GapInstance): boolean {
  for (let x = 0; x < inst.cost.length; x++) {
    const c = inst.cost[x];
    if (Number.isFinite(c) && !Number.isInteger(c)) return false;
  }
  if (inst.unassignedCost) {
    for (let j = 0; j < inst.jobs; j++) {
      const p = inst.unassignedCost[j];
      if (Number.isFinite(p) && !Number.isInteger(p)) return false;
    }
  }
  return true;
}

export function createState(inst: GapInstance): RelaxationState {
  const { agents: m, jobs: n, resources: K } = inst;
  return {
    allowed: new Uint8Array(m * n),
    fixedTo: new Int32Array(n),
    unassignedAllowed: new Uint8Array(n),
    residual: new Float64Array(K * m),
    fixedCost: 0,
  };
}

export function copyState(from: RelaxationState, to: RelaxationState): void {
  to.allowed.set(from.allowed);
  to.fixedTo.set(from.fixedTo);
  to.unassignedAllowed.set(from.unassignedAllowed);
  to.residual.set(from.residual);
  to.fixedCost = from.fixedCost;
}

/**
 * The root subproblem: forbidden (infinite-cost) and `removed` pairs excluded, fixed jobs placed.
 * Returns null when the fixed jobs alone are infeasible. Call `propagate` afterwards.
 */
export function initialState(inst: GapInstance, removed?: Uint8Array): RelaxationState | null {
  const { agents: m, jobs: n, resources: K, cost } = inst;
  const state = createState(inst);
  state.residual.set(inst.capacity.subarray(0, K * m));
  state.fixedTo.fill(-1);
  for (let x = 0; x < m * n; x++) state.allowed[x] = Number.isFinite(cost[x]) && !(removed && removed[x]) ? 1 : 0;
  for (let j = 0; j < n; j++) state.unassignedAllowed[j] = Number.isFinite(unassignedCostOf(inst, j)) ? 1 : 0;
  if (inst.fixedAgent) {
    for (let j = 0; j < n; j++) {
      const i = inst.fixedAgent[j];
      if (i < 0) continue;
      // A pin is obeyed even on a removed pair; only a forbidden (infinite) cost makes it infeasible.
      if (i >= m || !Number.isFinite(cost[i * n + j])) return null;
      state.allowed[i * n + j] = 1;
      if (!fixJob(inst, state, j, i)) return null;
    }
  }
  return state;
}

/** Fixes job j to agent `agent` (m = unassigned). Returns false when capacity goes negative or it is not allowed. */
export function fixJob(inst: GapInstance, state: RelaxationState, j: number, agent: number): boolean {
  const { agents: m, jobs: n, resources: K } = inst;
  state.fixedTo[j] = agent;
  state.unassignedAllowed[j] = 0;
  if (agent === m) {
    const p = unassignedCostOf(inst, j);
    state.fixedCost += p;
    for (let i = 0; i < m; i++) state.allowed[i * n + j] = 0;
    return Number.isFinite(p);
  }
  if (state.allowed[agent * n + j] === 0) return false;
  state.fixedCost += inst.cost[agent * n + j];
  for (let i = 0; i < m; i++) state.allowed[i * n + j] = 0;
  let fits = true;
  for (let k = 0; k < K; k++) {
    const at = k * m + agent;
    state.residual[at] -= inst.weight[(k * m + agent) * n + j];
    if (state.residual[at] < -1e-9) fits = false;
  }
  return fits;
}

/**
 * Excludes pairs that no longer fit in the residual capacity and fixes jobs left with a single
 * option, until nothing changes. Returns false when some job has no option left (infeasible).
 */
export function propagate(inst: GapInstance, state: RelaxationState): boolean {
  const { agents: m, jobs: n, resources: K, weight } = inst;
  const { allowed, fixedTo, unassignedAllowed, residual } = state;
  for (;;) {
    let changed = false;
    for (let j = 0; j < n; j++) {
      if (fixedTo[j] !== -1) continue;
      let options = unassignedAllowed[j];
      let only = unassignedAllowed[j] ? m : -1;
      for (let i = 0; i < m; i++) {
        const x = i * n + j;
        if (!allowed[x]) continue;
        let fits = true;
        for (let k = 0; k < K; k++) {
          if (weight[(k * m + i) * n + j] > residual[k * m + i] + 1e-9) {
            fits = false;
            break;
          }
        }
        if (!fits) {
          allowed[x] = 0;
          continue;
        }
        options++;
        only = i;
      }
      if (options === 0) return false;
      if (options === 1) {
        if (!fixJob(inst, state, j, only)) return false;
        changed = true;
      }
    }
    if (!changed) return true;
  }
}

// ------------------------------------------------------------------------------------------------
// Evaluation of L(u) and subgradient ascent.

/** Buffers for the relaxation, sized for one instance; reuse across calls and nodes. */
export class LagrangianWorkspace {
  readonly profit: Float64Array;
  readonly itemWeight: Float64Array;
  readonly itemJob: Int32Array;
  readonly chosen: Uint8Array;
  /** m*n knapsack solutions of the last evaluation. */
  readonly relaxed: Uint8Array;
  /** n: 1 when the last evaluation left job j out (y_j = 1). */
  readonly unassignedChosen: Uint8Array;
  /** n: number of times each free job is covered (sum_i x_ij + y_j) in the last evaluation. */
  readonly coverage: Int32Array;
  /** m: knapsack values of the last evaluation. */
  readonly knapsackValue: Float64Array;
  readonly bestMultipliers: Float64Array;
  readonly bestRelaxed: Uint8Array;
  readonly bestUnassigned: Uint8Array;
  /** Repair heuristic buffers and its best assignment. */
  readonly trial: Int32Array;
  readonly trialResidual: Float64Array;
  readonly order: Int32Array;
  readonly orderKey: Float64Array;
  readonly incumbent: Int32Array;
  incumbentValue = Infinity;
  readonly scratch = new KnapsackScratch();

  constructor(inst: GapInstance) {
    const { agents: m, jobs: n, resources: K } = inst;
    this.profit = new Float64Array(n);
    this.itemWeight = new Float64Array(n);
    this.itemJob = new Int32Array(n);
    this.chosen = new Uint8Array(n);
    this.relaxed = new Uint8Array(m * n);
    this.unassignedChosen = new Uint8Array(n);
    this.coverage = new Int32Array(n);
    this.knapsackValue = new Float64Array(m);
    this.bestMultipliers = new Float64Array(n);
    this.bestRelaxed = new Uint8Array(m * n);
    this.bestUnassigned = new Uint8Array(n);
    this.trial = new Int32Array(n);
    this.trialResidual = new Float64Array(K * m);
    this.order = new Int32Array(n);
    this.orderKey = new Float64Array(n);
    this.incumbent = new Int32Array(n);
  }
}

/**
 * Warm start from the capacity relaxation: projected subgradient on capacity prices lambda_i >= 0 of
 *   L2(lambda) = fixedCost + sum_j min(p_j, min_i (c_ij + lambda_i w_0ij)) - sum_i lambda_i b_0i
 * (whose maximum is the LP bound; one pass over the pairs per iteration, no knapsacks), then
 * u_j = min(p_j, min_i (c_ij + lambda_i w_0ij)). Since u_j - c_ij <= lambda_i w_0ij, L(u) >= L2(lambda):
 * the Lagrangian ascent starts at least at the best L2 found. Writes u into `out`, returns best L2.
 */
export function capacityPriceMultipliers(inst: GapInstance, state: RelaxationState, out: Float64Array, iterations: number, deadline: number): number {
  const { agents: m, jobs: n, cost, weight } = inst;
  const { allowed, fixedTo, unassignedAllowed, residual } = state;
  const price = new Float64Array(m);
  const bestPrice = new Float64Array(m);
  const load = new Float64Array(m);
  const slope = new Float64Array(m);
  const value = new Float64Array(n);
  const agentOf = new Int32Array(n);
  let best = -Infinity;
  let step = 1;
  let stall = 0;
  for (let it = 0; it < iterations; it++) {
    for (let j = 0; j < n; j++) {
      value[j] = fixedTo[j] === -1 && unassignedAllowed[j] ? unassignedCostOf(inst, j) : Infinity;
      agentOf[j] = -1;
    }
    for (let i = 0; i < m; i++) {
      const row = i * n;
      const lambda = price[i];
      for (let j = 0; j < n; j++) {
        if (!allowed[row + j]) continue;
        const v = cost[row + j] + lambda * weight[row + j];
        if (v < value[j]) {
          value[j] = v;
          agentOf[j] = i;
        }
      }
    }
    let bound = state.fixedCost;
    load.fill(0);
    for (let j = 0; j < n; j++) {
      if (fixedTo[j] !== -1) continue;
      bound += value[j];
      const i = agentOf[j];
      if (i >= 0) load[i] += weight[i * n + j];
    }
    let norm = 0;
    for (let i = 0; i < m; i++) {
      bound -= price[i] * residual[i];
      let g = load[i] - residual[i];
      if (price[i] <= 0 && g < 0) g = 0;
      slope[i] = g;
      norm += g * g;
    }
    if (!Number.isFinite(bound)) break;
    if (bound > best) {
      best = bound;
      bestPrice.set(price);
      stall = 0;
    } else if (++stall >= 10) {
      step *= 0.5;
      stall = 0;
    }
    if (norm === 0 || step < 1e-4 || performance.now() > deadline) break;
    const target = best + 0.05 * Math.max(1, Math.abs(best));
    const t = (step * (target - bound)) / norm;
    for (let i = 0; i < m; i++) price[i] = Math.max(0, price[i] + t * slope[i]);
  }
  // Multipliers from the best prices.
  for (let j = 0; j < n; j++) out[j] = fixedTo[j] === -1 && unassignedAllowed[j] ? unassignedCostOf(inst, j) : Infinity;
  for (let i = 0; i < m; i++) {
    const row = i * n;
    for (let j = 0; j < n; j++) {
      if (!allowed[row + j]) continue;
      const v = cost[row + j] + bestPrice[i] * weight[row + j];
      if (v < out[j]) out[j] = v;
    }
  }
  for (let j = 0; j < n; j++) if (!Number.isFinite(out[j])) out[j] = 0;
  return best;
}

/** Default multipliers: the second cheapest allowed cost of each free job (cheapest if only one). */
export function defaultMultipliers(inst: GapInstance, state: RelaxationState, out: Float64Array): void {
  const { agents: m, jobs: n, cost } = inst;
  for (let j = 0; j < n; j++) {
    let first = Infinity;
    let second = Infinity;
    for (let i = 0; i < m; i++) {
      if (!state.allowed[i * n + j]) continue;
      const c = cost[i * n + j];
      if (c < first) {
        second = first;
        first = c;
      } else if (c < second) second = c;
    }
    if (state.unassignedAllowed[j]) {
      const p = unassignedCostOf(inst, j);
      if (p < first) {
        second = first;
        first = p;
      } else if (p < second) second = p;
    }
    out[j] = Number.isFinite(second) ? second : Number.isFinite(first) ? first : 0;
  }
}

/**
 * Agent i's knapsack items at these multipliers: the allowed jobs with negative reduced cost
 * c_ij - u_j, into ws.profit / itemWeight / itemJob. Returns how many.
 */
function gatherItems(inst: GapInstance, allowed: Uint8Array, multipliers: Float64Array, i: number, ws: LagrangianWorkspace): number {
  const { jobs: n, cost, weight } = inst;
  const { profit, itemWeight, itemJob } = ws;
  const row = i * n;
  let count = 0;
  for (let j = 0; j < n; j++) {
    if (!allowed[row + j]) continue;
    const reduced = cost[row + j] - multipliers[j];
    if (reduced < 0) {
      profit[count] = -reduced;
      itemWeight[count] = weight[row + j];
      itemJob[count] = j;
      count++;
    }
  }
  return count;
}

/**
 * L(u) for the subproblem `state`; fills ws.relaxed, ws.unassignedChosen, ws.coverage, ws.knapsackValue.
 * Returns Infinity when a free job has no option at all (call `propagate` first to avoid it).
 */
export function evaluateLagrangian(inst: GapInstance, state: RelaxationState, multipliers: Float64Array, ws: LagrangianWorkspace): number {
  const { agents: m, jobs: n, cost, weight } = inst;
  const { allowed, fixedTo, unassignedAllowed, residual } = state;
  const { profit, itemWeight, itemJob, chosen, relaxed, coverage, unassignedChosen } = ws;
  let bound = state.fixedCost;
  for (let j = 0; j < n; j++) {
    coverage[j] = 0;
    unassignedChosen[j] = 0;
    if (fixedTo[j] !== -1) continue;
    const u = multipliers[j];
    bound += u;
    if (unassignedAllowed[j]) {
      const slack = unassignedCostOf(inst, j) - u;
      if (slack < 0) {
        bound += slack;
        unassignedChosen[j] = 1;
        coverage[j] = 1;
      }
    }
  }
  for (let i = 0; i < m; i++) {
    const row = i * n;
    relaxed.fill(0, row, row + n);
    const count = gatherItems(inst, allowed, multipliers, i, ws);
    // The bound uses the knapsack's upper bound (equal to its value unless the search was cut short).
    const value = count === 0 ? 0 : (solveKnapsack(profit, itemWeight, count, residual[i], chosen, ws.scratch), ws.scratch.upperBound);
    ws.knapsackValue[i] = value;
    bound -= value;
    for (let c = 0; c < count; c++) {
      if (chosen[c]) {
        const j = itemJob[c];
        relaxed[row + j] = 1;
        coverage[j]++;
      }
    }
  }
  return bound;
}

export interface AscentParameters {
  maxIterations: number;
  initialStep: number;
  minStep: number;
  patience: number;
  /** Upper bound for pruning and as Polyak target (Infinity when none). */
  upperBound: number;
  deadline: number;
  integerCosts: boolean;
  /** Run the repair heuristic every this many iterations (0 = never). */
  heuristicEvery: number;
  targetMargin: number;
}

export interface AscentOutcome {
  /** Best L(u) found (not rounded). */
  bestBound: number;
  iterations: number;
  /** The best relaxed solution satisfies every assignment constraint (so it is optimal for the relaxation). */
  assignmentSatisfied: boolean;
  /** The bound reached the upper bound (the subproblem cannot hold a strictly better solution). */
  pruned: boolean;
}

/** True when a lower bound `bound` shows that no solution strictly better than `upperBound` exists. */
export function boundReaches(bound: number, upperBound: number, integerCosts: boolean): boolean {
  if (!(upperBound < Infinity)) return bound === Infinity;
  if (integerCosts) return Math.ceil(bound - 1e-6) >= upperBound;
  return bound >= upperBound - tolerance(upperBound);
}

/** Rounds a raw bound up when costs are integers. */
export function roundBound(bound: number, integerCosts: boolean): number {
  return integerCosts && Number.isFinite(bound) ? Math.ceil(bound - 1e-6) + 0 : bound; // + 0 turns -0 into 0
}

/**
 * Subgradient ascent from `multipliers` (updated in place to the last iterate). The best iterate is
 * left in ws.bestMultipliers / ws.bestRelaxed / ws.bestUnassigned. The repair heuristic, when enabled,
 * improves ws.incumbent / ws.incumbentValue and the target.
 */
export function subgradientAscent(inst: GapInstance, state: RelaxationState, multipliers: Float64Array, params: AscentParameters, ws: LagrangianWorkspace): AscentOutcome {
  const { jobs: n } = inst;
  const { fixedTo } = state;
  let best = -Infinity;
  let step = params.initialStep;
  let stall = 0;
  let iterations = 0;
  let satisfied = false;
  let pruned = false;
  for (; iterations < params.maxIterations; ) {
    const bound = evaluateLagrangian(inst, state, multipliers, ws);
    iterations++;
    let norm = 0;
    for (let j = 0; j < n; j++) {
      if (fixedTo[j] !== -1) continue;
      const g = 1 - ws.coverage[j];
      norm += g * g;
    }
    if (bound > best + tolerance(best) || best === -Infinity) {
      best = bound;
      ws.bestMultipliers.set(multipliers);
      ws.bestRelaxed.set(ws.relaxed);
      ws.bestUnassigned.set(ws.unassignedChosen);
      satisfied = norm === 0;
      stall = 0;
    } else if (++stall >= params.patience) {
      step *= 0.5;
      stall = 0;
    }
    if (params.heuristicEvery > 0 && (iterations === 1 || iterations % params.heuristicEvery === 0 || norm === 0)) {
      repairHeuristic(inst, state, ws, ws.relaxed);
    }
    const upperBound = Math.min(params.upperBound, ws.incumbentValue);
    if (boundReaches(best, upperBound, params.integerCosts)) {
      pruned = true;
      break;
    }
    if (norm === 0 || !Number.isFinite(bound)) break;
    if (step < params.minStep || performance.now() > params.deadline) break;
    let target = upperBound < Infinity ? upperBound : best + params.targetMargin * Math.max(1, Math.abs(best));
    if (target <= bound) target = bound + 1e-3 * Math.max(1, Math.abs(bound));
    const t = (step * (target - bound)) / norm;
    for (let j = 0; j < n; j++) {
      if (fixedTo[j] !== -1) continue;
      const g = 1 - ws.coverage[j];
      if (g !== 0) multipliers[j] += t * g;
    }
  }
  return { bestBound: best, iterations, assignmentSatisfied: satisfied, pruned };
}

// ------------------------------------------------------------------------------------------------
// Repair heuristic: turn a relaxed solution into a feasible assignment (Lagrangian heuristic).

/**
 * Lagrangian heuristic. Keeps each job on its cheapest covering agent while it fits; places the other
 * jobs by largest regret (difference between the two cheapest agents that fit, computed once), ejecting
 * one job to another agent when nothing fits (at most repairMaxEjections times); then improves by shifts and (up to swapMaxJobs jobs) swaps.
 * Updates ws.incumbent when better. Returns the objective of the trial (Infinity when repair failed).
 */
export function repairHeuristic(inst: GapInstance, state: RelaxationState, ws: LagrangianWorkspace, relaxed: Uint8Array): number {
  const { agents: m, jobs: n, resources: K, cost, weight } = inst;
  const { fixedTo, allowed, unassignedAllowed } = state;
  const trial = ws.trial;
  const residual = ws.trialResidual;
  residual.set(state.residual);
  let total = state.fixedCost;
  let pending = 0;
  const fits = (i: number, j: number): boolean => {
    for (let k = 0; k < K; k++) if (weight[(k * m + i) * n + j] > residual[k * m + i] + 1e-9) return false;
    return true;
  };
  const place = (i: number, j: number, sign: number): void => {
    for (let k = 0; k < K; k++) residual[k * m + i] -= sign * weight[(k * m + i) * n + j];
  };
  const jobCost = (i: number, j: number): number => (i < 0 ? unassignedCostOf(inst, j) : cost[i * n + j]);
  for (let j = 0; j < n; j++) {
    const f = fixedTo[j];
    if (f !== -1) {
      trial[j] = f === m ? -1 : f;
      continue;
    }
    let bestAgent = -1;
    let bestCost = Infinity;
    for (let i = 0; i < m; i++) {
      const x = i * n + j;
      if (relaxed[x] && allowed[x] && cost[x] < bestCost && fits(i, j)) {
        bestCost = cost[x];
        bestAgent = i;
      }
    }
    if (bestAgent >= 0) {
      trial[j] = bestAgent;
      place(bestAgent, j, 1);
      total += bestCost;
    } else {
      trial[j] = -2;
      ws.order[pending++] = j;
    }
  }
  // Regret placement of the pending jobs: regrets computed once (largest first), then each job goes
  // to its cheapest agent that still fits; when none fits, one job is ejected to make room.
  const key = ws.orderKey;
  for (let p = 0; p < pending; p++) {
    const j = ws.order[p];
    let first = unassignedAllowed[j] ? unassignedCostOf(inst, j) : Infinity;
    let second = Infinity;
    for (let i = 0; i < m; i++) {
      const x = i * n + j;
      if (!allowed[x] || !fits(i, j)) continue;
      const c = cost[x];
      if (c < first) {
        second = first;
        first = c;
      } else if (c < second) second = c;
    }
    key[j] = first === Infinity || second === Infinity ? Infinity : second - first;
  }
  if (pending > 1) ws.order.subarray(0, pending).sort((x, y) => (key[y] === key[x] ? x - y : key[y] > key[x] ? 1 : -1));
  let ejections = 0;
  for (let p = 0; p < pending; p++) {
    const j = ws.order[p];
    let agent = -2;
    let least = Infinity;
    if (unassignedAllowed[j]) {
      least = unassignedCostOf(inst, j);
      agent = -1;
    }
    for (let i = 0; i < m; i++) {
      const x = i * n + j;
      if (allowed[x] && cost[x] < least && fits(i, j)) {
        least = cost[x];
        agent = i;
      }
    }
    if (agent !== -2) {
      trial[j] = agent;
      if (agent >= 0) place(agent, j, 1);
      total += least;
      continue;
    }
    if (++ejections > Math.max(LAGRANGIAN_DEFAULTS.repairMaxEjections, LAGRANGIAN_DEFAULTS.repairEjectionShare * n)) return Infinity;
    // Eject one job k from an agent i so that j fits there and k fits elsewhere; cheapest change.
    let bestDelta = Infinity;
    let bestI = -1;
    let bestK = -1;
    let bestTo = -1;
    for (let k = 0; k < n; k++) {
      const i = trial[k];
      if (i < 0 || fixedTo[k] !== -1 || !allowed[i * n + j]) continue;
      place(i, k, -1);
      if (fits(i, j)) {
        place(i, j, 1);
        for (let to = -1; to < m; to++) {
          if (to === i) continue;
          if (to < 0 ? !unassignedAllowed[k] : !allowed[to * n + k] || !fits(to, k)) continue;
          const delta = cost[i * n + j] + jobCost(to, k) - cost[i * n + k];
          if (delta < bestDelta) {
            bestDelta = delta;
            bestI = i;
            bestK = k;
            bestTo = to;
          }
        }
        place(i, j, -1);
      }
      place(i, k, 1);
    }
    if (bestI < 0) return Infinity;
    place(bestI, bestK, -1);
    place(bestI, j, 1);
    if (bestTo >= 0) place(bestTo, bestK, 1);
    trial[bestK] = bestTo;
    trial[j] = bestI;
    total += bestDelta;
  }
  // Improvement: shifts, then swaps on moderate sizes, until no move helps (a few passes).
  for (let pass = 0; pass < 4; pass++) {
    let improved = false;
    for (let j = 0; j < n; j++) {
      if (fixedTo[j] !== -1) continue;
      const from = trial[j];
      const current = jobCost(from, j);
      let bestAgent = from;
      let bestCost = current;
      if (from >= 0 && unassignedAllowed[j] && unassignedCostOf(inst, j) < bestCost) {
        bestCost = unassignedCostOf(inst, j);
        bestAgent = -1;
      }
      for (let i = 0; i < m; i++) {
        const x = i * n + j;
        if (i === from || !allowed[x] || cost[x] >= bestCost) continue;
        if (fits(i, j)) {
          bestCost = cost[x];
          bestAgent = i;
        }
      }
      if (bestAgent !== from) {
        if (from >= 0) place(from, j, -1);
        if (bestAgent >= 0) place(bestAgent, j, 1);
        trial[j] = bestAgent;
        total += bestCost - current;
        improved = true;
      }
    }
    if (n <= LAGRANGIAN_DEFAULTS.swapMaxJobs) {
      for (let j1 = 0; j1 < n; j1++) {
        const a1 = trial[j1];
        if (a1 < 0 || fixedTo[j1] !== -1) continue;
        for (let j2 = j1 + 1; j2 < n; j2++) {
          const a2 = trial[j2];
          if (a2 < 0 || a2 === a1 || fixedTo[j2] !== -1) continue;
          if (!allowed[a2 * n + j1] || !allowed[a1 * n + j2]) continue;
          const delta = cost[a2 * n + j1] + cost[a1 * n + j2] - cost[a1 * n + j1] - cost[a2 * n + j2];
          if (!(delta < -1e-12)) continue;
          place(a1, j1, -1);
          place(a2, j2, -1);
          if (fits(a2, j1)) {
            place(a2, j1, 1);
            if (fits(a1, j2)) {
              place(a1, j2, 1);
              trial[j1] = a2;
              trial[j2] = a1;
              total += delta;
              improved = true;
              break;
            }
            place(a2, j1, -1);
          }
          place(a1, j1, 1);
          place(a2, j2, 1);
        }
      }
    }
    if (!improved) break;
  }
  if (total < ws.incumbentValue) {
    ws.incumbentValue = total;
    ws.incumbent.set(trial);
  }
  return total;
}

// ------------------------------------------------------------------------------------------------
// Reduced-cost fixing.

/**
 * Excludes from `state` every pair (i, j) whose forcing (x_ij = 1) lifts the Lagrangian bound at
 * `multipliers` to `upperBound` or more, and forbids leaving a job out when that does. Bound for a
 * forced pair: L + (V_i - UB_i(j forced)) + max(0, u_j - p_j), where V_i is agent i's knapsack value
 * and UB_i(j forced) <= p_ij + best value within capacity b_i - w_ij (capacity profile of the DP, or
 * the Dantzig bound for real weights). Returns the number of exclusions, or -1 if the subproblem
 * became infeasible (a free job lost all its options). Leaves ws.relaxed at `multipliers`.
 */
export function fixByReducedCost(inst: GapInstance, state: RelaxationState, multipliers: Float64Array, ws: LagrangianWorkspace, upperBound: number, integerCosts: boolean): number {
  if (!(upperBound < Infinity)) return 0;
  const { agents: m, jobs: n, cost, weight } = inst;
  const { allowed, fixedTo, unassignedAllowed, residual } = state;
  const bound = evaluateLagrangian(inst, state, multipliers, ws);
  if (boundReaches(bound, upperBound, integerCosts)) return -1;
  const { profit, itemWeight, itemJob, chosen, relaxed, scratch } = ws;
  let removedCount = 0;
  for (let i = 0; i < m; i++) {
    const row = i * n;
    const count = gatherItems(inst, allowed, multipliers, i, ws);
    // The capacity profile needs a full DP; beyond a modest table use Dantzig bounds instead.
    scratch.wantProfile = count * (residual[i] + 1) <= LAGRANGIAN_DEFAULTS.maxProfileCells;
    solveKnapsack(profit, itemWeight, count, residual[i], chosen, scratch);
    // Must not exceed the value inside `bound` (both are upper bounds; equal when the solves are exact).
    const value = Math.min(scratch.upperBound, ws.knapsackValue[i]);
    scratch.wantProfile = false;
    const useProfile = scratch.profileCapacity >= 0;
    let zeroWeightProfit = 0;
    let sortedCount = 0;
    if (!useProfile) {
      for (let c = 0; c < count; c++) if (itemWeight[c] <= 0) zeroWeightProfit += profit[c];
      sortedCount = prepareRatioOrder(profit, itemWeight, count, scratch);
    }
    const capacity = residual[i];
    for (let j = 0; j < n; j++) {
      const x = row + j;
      if (!allowed[x] || relaxed[x]) continue;
      const w = weight[x];
      const left = capacity - w;
      let loss: number;
      if (left < -1e-9) loss = Infinity;
      else {
        const rest = useProfile ? profileValue(scratch, Math.max(0, left)) : zeroWeightProfit + dantzigBound(scratch.sortedProfit, scratch.sortedWeight, sortedCount, Math.max(0, left));
        const forcedUpper = multipliers[j] - cost[x] + rest;
        loss = Math.max(0, value - forcedUpper);
      }
      const leaveOut = unassignedAllowed[j] ? Math.max(0, multipliers[j] - unassignedCostOf(inst, j)) : 0;
      if (boundReaches(bound + loss + leaveOut, upperBound, integerCosts)) {
        allowed[x] = 0;
        removedCount++;
      }
    }
    // Pairs in the knapsack solution: forcing them costs nothing on agent i, only the leave-out term.
    for (let j = 0; j < n; j++) {
      const x = row + j;
      if (!allowed[x] || !relaxed[x] || !unassignedAllowed[j]) continue;
      if (boundReaches(bound + Math.max(0, multipliers[j] - unassignedCostOf(inst, j)), upperBound, integerCosts)) {
        allowed[x] = 0;
        removedCount++;
      }
    }
  }
  for (let j = 0; j < n; j++) {
    if (fixedTo[j] !== -1 || !unassignedAllowed[j]) continue;
    if (boundReaches(bound + Math.max(0, unassignedCostOf(inst, j) - multipliers[j]), upperBound, integerCosts)) {
      unassignedAllowed[j] = 0;
      removedCount++;
    }
  }
  return propagate(inst, state) ? removedCount : -1;
}

// ------------------------------------------------------------------------------------------------
// Public entry points.

function ascentParameters(inst: GapInstance, options: LagrangianOptions, integerCosts: boolean): AscentParameters {
  return {
    maxIterations: options.maxIterations ?? LAGRANGIAN_DEFAULTS.maxIterations,
    initialStep: options.initialStep ?? LAGRANGIAN_DEFAULTS.initialStep,
    minStep: LAGRANGIAN_DEFAULTS.minStep,
    patience: options.patience ?? LAGRANGIAN_DEFAULTS.patience,
    upperBound: options.upperBound ?? Infinity,
    deadline: options.deadline ?? Infinity,
    integerCosts,
    heuristicEvery: LAGRANGIAN_DEFAULTS.heuristicEvery,
    targetMargin: LAGRANGIAN_DEFAULTS.targetMargin,
  };
}

function infeasibleResult(inst: GapInstance): LagrangianResult {
  const { agents: m, jobs: n } = inst;
  return {
    lowerBound: Infinity,
    rawBound: Infinity,
    multipliers: new Float64Array(n),
    relaxed: new Uint8Array(m * n),
    reducedCost: new Float64Array(m * n).fill(Infinity),
    iterations: 0,
    upperBound: Infinity,
    assignment: null,
  };
}

/** Lagrangian lower bound by subgradient ascent (see the file comment). */
export function lagrangianBound(inst: GapInstance, options: LagrangianOptions = {}): LagrangianResult {
  const { agents: m, jobs: n, cost } = inst;
  const state = initialState(inst, options.removed);
  if (!state || !propagate(inst, state)) return infeasibleResult(inst);
  const integerCosts = hasIntegerCosts(inst);
  const ws = new LagrangianWorkspace(inst);
  const multipliers = new Float64Array(n);
  if (options.initialMultipliers) multipliers.set(options.initialMultipliers.subarray(0, n));
  else if (LAGRANGIAN_DEFAULTS.warmStartIterations > 0) capacityPriceMultipliers(inst, state, multipliers, LAGRANGIAN_DEFAULTS.warmStartIterations, options.deadline ?? Infinity);
  else defaultMultipliers(inst, state, multipliers);
  const outcome = subgradientAscent(inst, state, multipliers, ascentParameters(inst, options, integerCosts), ws);
  const relaxed = ws.bestRelaxed.slice();
  const reducedCost = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const x = i * n + j;
      const f = state.fixedTo[j];
      if (f !== -1) {
        relaxed[x] = f === i ? 1 : 0;
        reducedCost[x] = f === i ? cost[x] - ws.bestMultipliers[j] : Infinity;
      } else reducedCost[x] = state.allowed[x] ? cost[x] - ws.bestMultipliers[j] : Infinity;
    }
  }
  return {
    lowerBound: roundBound(outcome.bestBound, integerCosts),
    rawBound: outcome.bestBound,
    multipliers: ws.bestMultipliers.slice(),
    relaxed,
    reducedCost,
    iterations: outcome.iterations,
    upperBound: ws.incumbentValue,
    assignment: ws.incumbentValue < Infinity ? ws.incumbent.slice() : null,
  };
}

/**
 * Reduced-cost fixing at the multipliers of `lag`: returns m*n flags, 1 = pair (i, j) can be excluded
 * because no solution strictly better than `upperBound` uses it (forbidden pairs, pairs outside a
 * fixed job's agent and pairs that cannot fit are 1 too). Pairs removed in `lag` (Infinity reduced
 * cost) stay removed. Use `jobsWithOneOption` on the result to find jobs left with a single agent.
 */
export function reducedCostFixing(inst: GapInstance, lag: LagrangianResult, upperBound: number): Uint8Array {
  const { agents: m, jobs: n } = inst;
  const excluded = new Uint8Array(m * n);
  const state = initialState(inst);
  if (!state || !propagate(inst, state)) return excluded.fill(1);
  for (let x = 0; x < m * n; x++) {
    if (lag.reducedCost[x] === Infinity && state.fixedTo[x % n] === -1) state.allowed[x] = 0;
  }
  if (propagate(inst, state)) {
    const ws = new LagrangianWorkspace(inst);
    if (fixByReducedCost(inst, state, lag.multipliers, ws, upperBound, hasIntegerCosts(inst)) < 0) return excluded.fill(1);
  } else return excluded.fill(1);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const f = state.fixedTo[j];
      excluded[i * n + j] = f !== -1 ? (f === i ? 0 : 1) : state.allowed[i * n + j] ? 0 : 1;
    }
  }
  return excluded;
}

/**
 * For each job: the only agent left by `excluded` (m*n, 1 = excluded) when exactly one remains and the
 * job cannot be left out; -1 otherwise (several options, or leaving it out is allowed); -2 when no option remains.
 */
export function jobsWithOneOption(inst: GapInstance, excluded: Uint8Array): Int32Array {
  const { agents: m, jobs: n } = inst;
  const out = new Int32Array(n);
  for (let j = 0; j < n; j++) {
    let count = 0;
    let only = -1;
    for (let i = 0; i < m; i++) {
      if (!excluded[i * n + j]) {
        count++;
        only = i;
      }
    }
    const canLeave = Number.isFinite(unassignedCostOf(inst, j)) && !(inst.fixedAgent && inst.fixedAgent[j] >= 0);
    out[j] = canLeave ? -1 : count === 1 ? only : count === 0 ? -2 : -1;
  }
  return out;
}
