import { gapFeasible, gapObjective, plainGap, type GapInstance } from '../../model/gapInstance.js';
import { branchAndBound } from './branchAndBound.js';
import { Random } from '../../util/random.js';

/**
 * Large-neighbourhood search with exact repair (plain GAP only: one resource, no balance term, no
 * unassignment): pick a few agents at random, free a random subset of their jobs, and re-solve that
 * sub-GAP exactly (branch and bound, node-limited) on the capacity the other jobs leave. The current
 * assignment is the sub-problem's incumbent, so a call never makes it worse. On tight instances with
 * cost anti-correlated with weight (type D) this finds the multi-job exchanges that penalty local
 * search with short ejection chains misses (measured on OR-Library gapd: about 0.1% in a second).
 */
export const EXACT_NEIGHBOURHOOD_DEFAULTS = {
  /** Agents drawn per sub-problem. */
  agents: 10,
  /** Jobs freed per sub-problem (among the drawn agents' jobs). */
  jobs: 30,
  /** Branch-and-bound node limit per sub-problem. */
  maxNodes: 500,
  /** Subgradient iterations at the sub-problem's root and at other nodes (cheap: it is small). */
  rootIterations: 60,
  nodeIterations: 10,
  shallowIterations: 20,
  warmStartIterations: 30,
  /** Share of the sub-problems whose agents are related (close for one job) rather than random. */
  relatedShare: 0.5,
  /** The caller grows the freed jobs by this many per unsuccessful round, up to growthRounds rounds. */
  growth: 20,
  growthRounds: 3,
} as const;

export interface ExactNeighbourhoodOptions {
  /** m*n: 1 = pair allowed (see allowedPairs). Required. */
  readonly allowed: Uint8Array;
  readonly seed?: number;
  /** Resource-0 capacity prices ranking related agents (c_ij + price_i w_ij). Default none (cost). */
  readonly prices?: Float64Array;
  /** performance.now() deadline in ms. Default none. */
  readonly deadline?: number;
  /** Jobs freed per sub-problem. Default EXACT_NEIGHBOURHOOD_DEFAULTS.jobs. */
  readonly freeJobs?: number;
  /** Sub-problems to solve (the effort counter). Default Infinity. */
  readonly maxCalls?: number;
  /** Called with every improvement (objective, assignment copy). */
  readonly onImprove?: (objective: number, assignment: Int32Array) => void;
}

export interface ExactNeighbourhoodResult {
  /** The final assignment (a copy; never worse than the start). */
  readonly assignment: Int32Array;
  readonly objective: number;
  /** Sub-problems solved. */
  readonly calls: number;
}

/** True when the instance is one this search handles (plain single-resource GAP, nothing pinned). */
export function exactNeighbourhoodApplies(inst: GapInstance): boolean {
  return inst.resources === 1 && inst.balance === null && inst.unassignedCost === null && inst.fixedAgent === null && inst.agents >= 2;
}

/** Runs the search from a feasible `start`; returns it unchanged when it is not feasible or the instance is not plain. */
export function exactNeighbourhoodSearch(inst: GapInstance, start: Int32Array, options: ExactNeighbourhoodOptions): ExactNeighbourhoodResult {
  const { agents: m, jobs: n, cost, weight, capacity } = inst;
  const assign = Int32Array.from(start);
  let objective = gapObjective(inst, assign);
  if (!exactNeighbourhoodApplies(inst) || !gapFeasible(inst, assign)) return { assignment: assign, objective, calls: 0 };
  const D = EXACT_NEIGHBOURHOOD_DEFAULTS;
  const deadline = options.deadline ?? Infinity;
  const maxCalls = options.maxCalls ?? Infinity;
  const random = new Random(options.seed ?? 1);
  const allowed = options.allowed;
  const load = new Float64Array(m);
  for (let j = 0; j < n; j++) load[assign[j]] += weight[assign[j] * n + j];

  const q = Math.min(m, D.agents);
  const freeJobs = Math.max(2, options.freeJobs ?? D.jobs);
  const agentList = new Int32Array(m);
  for (let i = 0; i < m; i++) agentList[i] = i;
  const slot = new Int32Array(m).fill(-1); // agent -> index in the sub-problem, -1 = not drawn
  const pool = new Int32Array(n);
  const score = new Float64Array(m);
  const prices = options.prices;
  let calls = 0;
  while (calls < maxCalls && performance.now() < deadline) {
    calls++;
    if (q < m && random.nextFloat() < D.relatedShare) {
      // Related agents: a random job's agent and the agents closest to it for that job (priced cost),
      // the ones its exchanges run through.
      const j0 = random.nextInt(n);
      for (let i = 0; i < m; i++) {
        const x = i * n + j0;
        score[i] = i === assign[j0] ? -Infinity : allowed[x] ? cost[x] + (prices ? prices[i] * weight[x] : 0) : Infinity;
        agentList[i] = i;
      }
      agentList.sort((a, b) => score[a] - score[b] || a - b);
      for (let t = 0; t < q; t++) slot[agentList[t]] = t;
    } else {
      // Random agents (partial Fisher-Yates).
      for (let t = 0; t < q; t++) {
        const u = t + random.nextInt(m - t);
        const x = agentList[t];
        agentList[t] = agentList[u];
        agentList[u] = x;
        slot[agentList[t]] = t;
      }
    }
    let poolSize = 0;
    for (let j = 0; j < n; j++) if (slot[assign[j]] >= 0) pool[poolSize++] = j;
    const s = Math.min(freeJobs, poolSize);
    for (let t = 0; t < s; t++) {
      const u = t + random.nextInt(poolSize - t);
      const x = pool[t];
      pool[t] = pool[u];
      pool[u] = x;
    }
    if (s >= 2) {
      const subCost = new Float64Array(q * s);
      const subWeight = new Float64Array(q * s);
      const subCapacity = new Float64Array(q);
      const incumbent = new Int32Array(s);
      for (let r = 0; r < q; r++) subCapacity[r] = capacity[agentList[r]] - load[agentList[r]];
      for (let t = 0; t < s; t++) {
        const j = pool[t];
        const r0 = slot[assign[j]];
        incumbent[t] = r0;
        subCapacity[r0] += weight[assign[j] * n + j];
      }
      for (let r = 0; r < q; r++) {
        const i = agentList[r];
        // Float noise must not make the incumbent look infeasible.
        subCapacity[r] = Math.max(0, subCapacity[r] + 1e-9 * Math.max(1, capacity[i]));
        for (let t = 0; t < s; t++) {
          const x = i * n + pool[t];
          subCost[r * s + t] = allowed[x] ? cost[x] : Infinity;
          subWeight[r * s + t] = weight[x];
        }
      }
      const sub = plainGap(q, s, subCost, subWeight, subCapacity);
      const before = gapObjective(sub, incumbent);
      const result = branchAndBound(sub, {
        incumbent,
        deadline,
        maxNodes: D.maxNodes,
        rootIterations: D.rootIterations,
        nodeIterations: D.nodeIterations,
        shallowIterations: D.shallowIterations,
        warmStartIterations: D.warmStartIterations,
      });
      if (result.assignment && result.objective < before - 1e-9) {
        for (let t = 0; t < s; t++) {
          const j = pool[t];
          const from = assign[j];
          const to = agentList[result.assignment[t]];
          load[from] -= weight[from * n + j];
          load[to] += weight[to * n + j];
          assign[j] = to;
        }
        // Exact re-check against the full instance (capacity tolerance, float drift).
        const value = gapObjective(inst, assign);
        if (value < objective && gapFeasible(inst, assign)) {
          objective = value;
          if (options.onImprove) options.onImprove(objective, Int32Array.from(assign));
        } else {
          for (let t = 0; t < s; t++) assign[pool[t]] = agentList[incumbent[t]];
          load.fill(0);
          for (let j = 0; j < n; j++) load[assign[j]] += weight[assign[j] * n + j];
        }
      }
    }
    for (let t = 0; t < q; t++) slot[agentList[t]] = -1;
  }
  return { assignment: assign, objective, calls };
}
