/**
 * Depth-first branch and bound on Lagrangian bounds (in the spirit of Posta, Ferland & Michelon 2012).
 * Every node: subgradient ascent warm-started from the parent's multipliers, pruning against the
 * incumbent, reduced-cost fixing, then binary branching on a job whose relaxed solution violates its
 * assignment constraint (largest regret between its two cheapest options): first "job j on agent i"
 * (i = least reduced cost), then "job j not on agent i".
 * Leaving a job out (when allowed) is branched on like an extra agent. Leaves are checked on all
 * resources. The balance term is nonlinear, so instances with balance are refused (complete: false).
 */
import type { SearchLimits } from '../../util/limits.js';
import { gapFeasible, gapObjective, unassignedCostOf, type GapInstance } from '../instance.js';
import {
  LagrangianWorkspace,
  boundReaches,
  capacityPriceMultipliers,
  copyState,
  createState,
  defaultMultipliers,
  fixByReducedCost,
  fixJob,
  hasIntegerCosts,
  initialState,
  propagate,
  roundBound,
  subgradientAscent,
  type AscentParameters,
  type RelaxationState,
} from '../bound/lagrangian.js';

/** Defaults of `branchAndBound`. */
export const BRANCH_AND_BOUND_DEFAULTS = {
  /** Subgradient iterations at the root. */
  rootIterations: 1500,
  /** Root: iterations without improvement before the step halves. */
  rootPatience: 20,
  /** Subgradient iterations at every other node (warm-started). */
  nodeIterations: 30,
  /** Node: iterations without improvement before the step halves. */
  nodePatience: 4,
  /** Nodes above this depth get a longer ascent (their bounds prune the largest subtrees). */
  shallowDepth: 4,
  shallowIterations: 80,
  shallowPatience: 8,
  /** Initial Polyak step factor at a node (the parent's multipliers are already good). */
  nodeStep: 0.5,
  /** Repair heuristic period (iterations) at the root and at nodes. */
  rootHeuristicEvery: 5,
  nodeHeuristicEvery: 20,
  /** Capacity-price iterations warm-starting the root multipliers (0 = second cheapest cost). */
  warmStartIterations: 300,
  /** Node limit. */
  maxNodes: Infinity,
} as const;

/** The deadline as in SearchLimits; the effort limit counts nodes (maxNodes). */
export interface BranchAndBoundOptions extends Pick<SearchLimits, 'deadline'> {
  /** Objective of a known solution: only strictly better solutions are searched for. Default none. */
  upperBound?: number;
  /** A known assignment (agent per job, -1 = unassigned); used as incumbent when feasible. */
  incumbent?: Int32Array;
  /** Node limit (deterministic effort limit). Default BRANCH_AND_BOUND_DEFAULTS.maxNodes. */
  maxNodes?: number;
  /** Called with each strictly better assignment found. */
  onImprove?: (objective: number, assignment: Int32Array) => void;
  /** Subgradient iterations at the root. Default BRANCH_AND_BOUND_DEFAULTS.rootIterations. */
  rootIterations?: number;
  /** Subgradient iterations at other nodes. Default BRANCH_AND_BOUND_DEFAULTS.nodeIterations. */
  nodeIterations?: number;
  /** Subgradient iterations at nodes above shallowDepth. Default max(shallowIterations, nodeIterations). */
  shallowIterations?: number;
  /** Capacity-price iterations of the root warm start. Default BRANCH_AND_BOUND_DEFAULTS.warmStartIterations. */
  warmStartIterations?: number;
}

export interface BranchAndBoundResult {
  /** Best assignment known at the end (the incumbent if nothing better was found), or null. */
  assignment: Int32Array | null;
  /** Its objective (Infinity when none). */
  objective: number;
  /**
   * Proven lower bound on the optimum: the objective when complete with a solution, the given upper
   * bound when complete without one (Infinity = infeasible), else the root bound.
   */
  lowerBound: number;
  /** The search finished: optimal (or infeasible / nothing better than upperBound) is proven. */
  complete: boolean;
  nodes: number;
  /** Root Lagrangian bound (rounded up for integer costs). */
  rootBound: number;
  /** Subgradient iterations over all nodes. */
  iterations: number;
}

interface Search {
  readonly inst: GapInstance;
  readonly ws: LagrangianWorkspace;
  readonly integerCosts: boolean;
  readonly deadline: number;
  readonly maxNodes: number;
  readonly nodeParams: AscentParameters;
  /** Ascent parameters of nodes above shallowDepth. */
  readonly shallowParams: AscentParameters;
  readonly onImprove?: (objective: number, assignment: Int32Array) => void;
  /** Per depth: the child state and multipliers (allocated on first use, reused afterwards). */
  readonly states: RelaxationState[];
  readonly multipliers: Float64Array[];
  readonly candidate: Int32Array;
  upperBound: number;
  best: Int32Array | null;
  nodes: number;
  /** The "job not on agent" child left by visitNode (-1 = none). */
  pendingJob: number;
  pendingAgent: number;
  iterations: number;
  aborted: boolean;
}

/** Exact depth-first branch and bound; see the file comment. */
export function branchAndBound(inst: GapInstance, options: BranchAndBoundOptions = {}): BranchAndBoundResult {
  const { jobs: n } = inst;
  let best: Int32Array | null = null;
  let upperBound = options.upperBound ?? Infinity;
  if (options.incumbent && options.incumbent.length === n && gapFeasible(inst, options.incumbent)) {
    const value = gapObjective(inst, options.incumbent);
    if (value <= upperBound) {
      upperBound = value;
      best = options.incumbent.slice();
    }
  }
  const finish = (complete: boolean, nodes: number, rootBound: number, iterations: number): BranchAndBoundResult => {
    const objective = best ? gapObjective(inst, best) : Infinity;
    const lowerBound = complete ? Math.min(objective, upperBound) : Math.min(rootBound, objective);
    return { assignment: best, objective, lowerBound, complete, nodes, rootBound, iterations };
  };
  if (inst.balance) return finish(false, 0, -Infinity, 0);
  const root = initialState(inst);
  if (!root || !propagate(inst, root)) return finish(true, 1, Infinity, 0);

  const integerCosts = hasIntegerCosts(inst);
  const ws = new LagrangianWorkspace(inst);
  if (best) {
    ws.incumbent.set(best);
    ws.incumbentValue = upperBound;
  }
  const deadline = options.deadline ?? Infinity;
  const search: Search = {
    inst,
    ws,
    integerCosts,
    deadline,
    maxNodes: options.maxNodes ?? BRANCH_AND_BOUND_DEFAULTS.maxNodes,
    nodeParams: {
      maxIterations: options.nodeIterations ?? BRANCH_AND_BOUND_DEFAULTS.nodeIterations,
      initialStep: BRANCH_AND_BOUND_DEFAULTS.nodeStep,
      minStep: 1e-3,
      patience: BRANCH_AND_BOUND_DEFAULTS.nodePatience,
      upperBound,
      deadline,
      integerCosts,
      heuristicEvery: BRANCH_AND_BOUND_DEFAULTS.nodeHeuristicEvery,
      targetMargin: 0.02,
    },
    shallowParams: {
      maxIterations: options.shallowIterations ?? Math.max(BRANCH_AND_BOUND_DEFAULTS.shallowIterations, options.nodeIterations ?? 0),
      initialStep: BRANCH_AND_BOUND_DEFAULTS.nodeStep,
      minStep: 1e-3,
      patience: BRANCH_AND_BOUND_DEFAULTS.shallowPatience,
      upperBound,
      deadline,
      integerCosts,
      heuristicEvery: BRANCH_AND_BOUND_DEFAULTS.nodeHeuristicEvery,
      targetMargin: 0.02,
    },
    onImprove: options.onImprove,
    states: [],
    multipliers: [],
    candidate: new Int32Array(n),
    upperBound,
    best,
    nodes: 0,
    pendingJob: -1,
    pendingAgent: -1,
    iterations: 0,
    aborted: false,
  };
  const multipliers = new Float64Array(n);
  const warmStart = options.warmStartIterations ?? BRANCH_AND_BOUND_DEFAULTS.warmStartIterations;
  if (warmStart > 0) capacityPriceMultipliers(inst, root, multipliers, warmStart, deadline);
  else defaultMultipliers(inst, root, multipliers);
  const rootParams: AscentParameters = {
    ...search.nodeParams,
    maxIterations: options.rootIterations ?? BRANCH_AND_BOUND_DEFAULTS.rootIterations,
    initialStep: 2,
    patience: BRANCH_AND_BOUND_DEFAULTS.rootPatience,
    heuristicEvery: BRANCH_AND_BOUND_DEFAULTS.rootHeuristicEvery,
  };
  const rootBound = exploreNode(search, root, multipliers, 0, rootParams);
  best = search.best;
  upperBound = search.upperBound;
  return finish(!search.aborted, search.nodes, rootBound, search.iterations);
}

/** Accepts ws.incumbent if it beats the upper bound (checked on all resources). */
function takeIncumbent(search: Search): void {
  const { ws, inst } = search;
  if (!(ws.incumbentValue < search.upperBound)) return;
  if (!gapFeasible(inst, ws.incumbent)) {
    ws.incumbentValue = search.upperBound;
    return;
  }
  const value = gapObjective(inst, ws.incumbent);
  if (value < search.upperBound) {
    search.upperBound = value;
    search.best = ws.incumbent.slice();
    search.onImprove?.(value, search.best.slice());
  }
  ws.incumbentValue = search.upperBound;
}

/**
 * Explores the subtree of a node; `state` is lent by the caller and is modified (the caller copies
 * its own state again before using the slot). multipliers: warm start, updated in place. The
 * "job not on agent" children are visited in this frame, so the recursion depth is at most the
 * number of jobs fixed by branching. Returns the rounded bound of the node itself.
 */
function exploreNode(search: Search, state: RelaxationState, multipliers: Float64Array, depth: number, params: AscentParameters): number {
  const { agents: m, jobs: n } = search.inst;
  const first = visitNode(search, state, multipliers, depth, params);
  while (search.pendingJob >= 0 && !search.aborted) {
    const job = search.pendingJob;
    const agent = search.pendingAgent;
    search.pendingJob = -1;
    if (agent === m) state.unassignedAllowed[job] = 0;
    else state.allowed[agent * n + job] = 0;
    if (!propagate(search.inst, state)) break;
    visitNode(search, state, multipliers, depth, depth < BRANCH_AND_BOUND_DEFAULTS.shallowDepth ? search.shallowParams : search.nodeParams);
  }
  search.pendingJob = -1;
  return first;
}

/**
 * Bounds one node, explores its "job on agent" child, and leaves the "job not on agent" child in
 * search.pendingJob / pendingAgent (-1 when the node is closed). Returns the node's rounded bound.
 */
function visitNode(search: Search, state: RelaxationState, multipliers: Float64Array, depth: number, params: AscentParameters): number {
  const { inst, ws } = search;
  const { agents: m, jobs: n, cost } = inst;
  search.pendingJob = -1;
  search.nodes++;
  if (search.nodes > search.maxNodes || performance.now() > search.deadline) {
    search.aborted = true;
    return -Infinity;
  }
  params.upperBound = search.upperBound;
  ws.incumbentValue = search.upperBound;
  const outcome = subgradientAscent(inst, state, multipliers, params, ws);
  search.iterations += outcome.iterations;
  takeIncumbent(search);
  const bound = roundBound(outcome.bestBound, search.integerCosts);
  if (boundReaches(outcome.bestBound, search.upperBound, search.integerCosts)) return bound;
  multipliers.set(ws.bestMultipliers);
  if (outcome.assignmentSatisfied) {
    // The relaxed solution assigns every job once: it is optimal for this node if all resources fit.
    const candidate = search.candidate;
    for (let j = 0; j < n; j++) {
      const f = state.fixedTo[j];
      candidate[j] = f === -1 ? -1 : f === m ? -1 : f;
    }
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) if (ws.bestRelaxed[i * n + j] && state.fixedTo[j] === -1) candidate[j] = i;
    if (gapFeasible(inst, candidate)) {
      const value = gapObjective(inst, candidate);
      if (value < search.upperBound) {
        ws.incumbent.set(candidate);
        ws.incumbentValue = value;
        takeIncumbent(search);
      }
      return bound;
    }
  }
  if (search.aborted) return bound;
  // Reduced-cost fixing at the best multipliers (also refreshes ws.relaxed there).
  if (fixByReducedCost(inst, state, multipliers, ws, search.upperBound, search.integerCosts) < 0) return bound;

  // Branching choice from the relaxed solution at the best multipliers.
  const { fixedTo, allowed, unassignedAllowed } = state;
  let branchJob = -1;
  let branchAgent = -1;
  let bestScore = -Infinity;
  for (let j = 0; j < n; j++) {
    if (fixedTo[j] !== -1) continue;
    let covered = ws.unassignedChosen[j];
    for (let i = 0; i < m; i++) covered += ws.relaxed[i * n + j];
    if (covered === 1) continue;
    // Agent with least reduced cost (leaving out counts as agent m) and the regret to the second best.
    let agent = -1;
    let least = Infinity;
    let second = Infinity;
    for (let i = 0; i < m; i++) {
      const x = i * n + j;
      if (!allowed[x]) continue;
      if (cost[x] < least) {
        second = least;
        least = cost[x];
        agent = i;
      } else if (cost[x] < second) second = cost[x];
    }
    if (unassignedAllowed[j]) {
      const p = unassignedCostOf(inst, j);
      if (p < least) {
        second = least;
        least = p;
        agent = m;
      } else if (p < second) second = p;
    }
    if (agent < 0) continue;
    // Regret: excluding the cheapest option raises this job's cost the most, so the second child
    // (job not on that agent) tends to be pruned early.
    const score = second - least;
    if (score > bestScore) {
      bestScore = score;
      branchJob = j;
      branchAgent = agent;
    }
  }
  if (branchJob < 0) {
    // Assignment satisfied but another resource is violated: branch on a job of an overloaded agent.
    const pick = overloadedPair(inst, state, ws.relaxed);
    if (pick >= 0) {
      branchAgent = Math.floor(pick / n);
      branchJob = pick % n;
    } else {
      // Fixing changed the subproblem under the relaxed solution: branch on any free job.
      for (let j = 0; j < n && branchJob < 0; j++) {
        if (fixedTo[j] !== -1) continue;
        branchJob = j;
        let least = unassignedAllowed[j] ? unassignedCostOf(inst, j) : Infinity;
        branchAgent = unassignedAllowed[j] ? m : -1;
        for (let i = 0; i < m; i++) {
          if (allowed[i * n + j] && cost[i * n + j] < least) {
            least = cost[i * n + j];
            branchAgent = i;
          }
        }
      }
      if (branchJob < 0) {
        // Every job is fixed and propagation kept all capacities: the state is a feasible solution.
        const candidate = search.candidate;
        for (let j = 0; j < n; j++) candidate[j] = fixedTo[j] === m ? -1 : fixedTo[j];
        if (gapFeasible(inst, candidate) && gapObjective(inst, candidate) < search.upperBound) {
          ws.incumbent.set(candidate);
          ws.incumbentValue = gapObjective(inst, candidate);
          takeIncumbent(search);
        }
        return bound;
      }
    }
  }

  if (search.states.length <= depth) {
    search.states.push(createState(inst));
    search.multipliers.push(new Float64Array(n));
  }
  const child = search.states[depth];
  const childMultipliers = search.multipliers[depth];
  const nodeParams = depth + 1 < BRANCH_AND_BOUND_DEFAULTS.shallowDepth ? search.shallowParams : search.nodeParams;
  // Child 1: job on the chosen agent.
  copyState(state, child);
  childMultipliers.set(multipliers);
  if (fixJob(inst, child, branchJob, branchAgent) && propagate(inst, child)) {
    exploreNode(search, child, childMultipliers, depth + 1, nodeParams);
    if (search.aborted) return bound;
  }
  // Child 2 (job not on that agent) is left to exploreNode's loop on this node's own state.
  search.pendingJob = branchJob;
  search.pendingAgent = branchAgent;
  return bound;
}

/** A pair (i*n + j) of the relaxed solution on an agent that overflows some resource; -1 when none. */
function overloadedPair(inst: GapInstance, state: RelaxationState, relaxed: Uint8Array): number {
  const { agents: m, jobs: n, resources: K, weight } = inst;
  for (let i = 0; i < m; i++) {
    for (let k = 0; k < K; k++) {
      let load = 0;
      for (let j = 0; j < n; j++) if (relaxed[i * n + j] && state.fixedTo[j] === -1) load += weight[(k * m + i) * n + j];
      if (load <= state.residual[k * m + i] + 1e-9) continue;
      let pick = -1;
      let heaviest = -1;
      for (let j = 0; j < n; j++) {
        if (!relaxed[i * n + j] || state.fixedTo[j] !== -1) continue;
        const w = weight[(k * m + i) * n + j];
        if (w > heaviest) {
          heaviest = w;
          pick = i * n + j;
        }
      }
      return pick;
    }
  }
  return -1;
}
